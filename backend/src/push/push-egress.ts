import { isTrustedHost } from '../mcp/mcp-egress.js';
import { EgressPolicy, EgressRefusedError } from '../providers/egress/egress-policy.js';

export const PUSH_ENDPOINT_MAX = 2000;

/**
 * Where notifications may be sent: the provider egress policy with push's own exceptions
 * (PUSH_TRUSTED_HOSTS), no private ranges, the stack's own services and metadata refused.
 * A subscription is user input: without this, an endpoint would make the worker POST to
 * any address the user names.
 */
export function pushEgressPolicy(trusted: readonly string[], deny: readonly string[]): EgressPolicy {
  return new EgressPolicy({ allowPrivate: false, allow: [...trusted], deny: [...deny] });
}

/**
 * Checks an endpoint without DNS (the connect-time lookup checks the addresses really used):
 * https (plain http only for a trusted host), no credentials or fragment, no literal
 * loopback/private/link-local/metadata address, not localhost, none of our own services.
 * Throws EgressRefusedError with a reason for the user.
 */
export function checkPushEndpoint(raw: string, trusted: readonly string[], policy: EgressPolicy): URL {
  if (raw.length > PUSH_ENDPOINT_MAX)
    throw new EgressRefusedError(`the push endpoint is longer than ${PUSH_ENDPOINT_MAX} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressRefusedError('the push endpoint is not a valid URL');
  }
  const trustedHost = isTrustedHost(url.hostname, trusted);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && trustedHost))
    throw new EgressRefusedError('the push endpoint must be an https:// URL');
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if ((host === 'localhost' || host.endsWith('.localhost')) && !trustedHost)
    throw new EgressRefusedError('the push endpoint is refused: localhost is a loopback name');
  try {
    policy.checkUrl(raw);
  } catch (e) {
    if (e instanceof EgressRefusedError)
      throw new EgressRefusedError(
        e.message.replace(/^(the )?provider URL/, 'the push endpoint').replace('; use the API key field', ''),
      );
    throw e;
  }
  return url;
}
