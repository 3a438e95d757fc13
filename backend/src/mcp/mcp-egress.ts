import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch, Response as UndiciResponse } from 'undici';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { EgressPolicy, EgressRefusedError } from '../providers/egress/egress-policy.js';

export const MCP_URL_MAX = 2000;

const bare = (host: string) =>
  host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** Whether `host` is one of MCP_TRUSTED_HOSTS: a listed name, or a literal address inside a listed CIDR/address. */
export function isTrustedHost(host: string, trusted: readonly string[]): boolean {
  const h = bare(host);
  for (const raw of trusted.map(bare).filter(Boolean)) {
    if (raw === h) return true;
    if (!ipaddr.isValid(h)) continue;
    try {
      const [net, bits] = raw.includes('/')
        ? ipaddr.parseCIDR(raw)
        : ipaddr.isValid(raw)
          ? [ipaddr.parse(raw), ipaddr.parse(raw).kind() === 'ipv4' ? 32 : 128]
          : [null, 0];
      let ip = ipaddr.parse(h);
      if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
        ip = (ip as ipaddr.IPv6).toIPv4Address();
      if (net && net.kind() === ip.kind() && ip.match(net, bits)) return true;
    } catch {
      // Not an address or a CIDR: compared as a name above.
    }
  }
  return false;
}

/**
 * Where MCP requests may go: the provider egress policy with MCP's own exceptions
 * (MCP_TRUSTED_HOSTS), no private ranges, and the stack's own services refused.
 */
export function mcpEgressPolicy(trusted: readonly string[], deny: readonly string[]): EgressPolicy {
  return new EgressPolicy({ allowPrivate: false, allow: [...trusted], deny: [...deny] });
}

/**
 * Checks a server URL without DNS (the connect-time lookup checks the real addresses):
 * http(s) only, https unless the host is trusted, no credentials or fragment, no literal
 * loopback/private/link-local/metadata address and none of our own services.
 * Throws EgressRefusedError with a reason meant for the admin.
 */
export function checkMcpUrl(raw: string, trusted: readonly string[], policy: EgressPolicy): URL {
  if (raw.length > MCP_URL_MAX)
    throw new EgressRefusedError(`the MCP server URL is longer than ${MCP_URL_MAX} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressRefusedError('the MCP server URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new EgressRefusedError('the MCP server URL must be https://');
  if (url.protocol === 'http:' && !isTrustedHost(url.hostname, trusted))
    throw new EgressRefusedError(
      'the MCP server URL must be https:// (plain http only for hosts in MCP_TRUSTED_HOSTS)',
    );
  const host = bare(url.hostname);
  if ((host === 'localhost' || host.endsWith('.localhost')) && !isTrustedHost(host, trusted))
    throw new EgressRefusedError(
      'the MCP server URL refused by the egress policy: localhost is a loopback name',
    );
  try {
    policy.checkUrl(raw);
  } catch (e) {
    if (e instanceof EgressRefusedError)
      throw new EgressRefusedError(
        e.message
          .replace(/^(the )?provider URL/, 'the MCP server URL')
          .replace('use the API key field', 'use headers'),
      );
    throw e;
  }
  return url;
}

/** A response body cut off past `max` bytes: a server cannot make the worker buffer without end. */
function capped(res: UndiciResponse, max: number): UndiciResponse {
  if (!res.body) return res;
  let seen = 0;
  const limit = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > max) controller.error(new Error(`the MCP server's response is larger than ${max} bytes`));
      else controller.enqueue(chunk);
    },
  });
  return new UndiciResponse(res.body.pipeThrough(limit), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}

/**
 * The fetch the MCP client uses: every socket through the policy's lookup (the address the
 * connection really uses is checked: no DNS rebinding), redirects refused, responses capped.
 */
export function mcpFetch(policy: EgressPolicy, agent: Agent, maxResponseBytes: number): FetchLike {
  return async (input, init) => {
    const url = new URL(String(input));
    policy.checkUrl(url.href);
    const res = await undiciFetch(url, {
      ...(init as object),
      redirect: 'manual',
      dispatcher: agent,
    } as Parameters<typeof undiciFetch>[1]);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      throw new EgressRefusedError(`the MCP server redirected (${res.status}); redirects are not followed`);
    }
    return capped(res, maxResponseBytes) as unknown as Response;
  };
}

export const mcpAgent = (policy: EgressPolicy) =>
  new Agent({ connect: { lookup: policy.lookup }, keepAliveTimeout: 10_000 });
