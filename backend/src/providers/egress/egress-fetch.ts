import { Agent, fetch as undiciFetch, Response as UndiciResponse } from 'undici';
import { EgressRefusedError, type EgressPolicy } from './egress-policy.js';

/** The fetch signature both LLM SDKs accept as their `fetch` option. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Content types an LLM API answers with; anything else is not the API the profile claims. */
const LLM_CONTENT =
  /^(text\/event-stream|application\/json|application\/[a-z0-9.+-]+\+json|application\/x-ndjson)\b/i;

/**
 * The fetch every provider request goes through:
 * - connections only to addresses the egress policy allows, checked on the address the
 *   socket really connects to (undici's `connect.lookup`), and literal addresses up front
 *   (a literal skips DNS, so it never reaches `lookup`);
 * - redirects never followed (a 3xx becomes a refusal naming where it pointed);
 * - error bodies dropped: the SDKs put them into error messages, and a body from a host the
 *   operator did not mean to reach must not come back to the user (only the status line does);
 * - a 2xx that is not JSON or an event stream is refused, so a metrics page or a bucket
 *   listing never passes as a working provider.
 */
export function egressFetch(policy: EgressPolicy, agent = egressAgent(policy)): Fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    policy.checkUrl(url.href);
    // The SDKs pass a plain init; undici's fetch has the same shape but its own types.
    const res = await undiciFetch(url, {
      ...(init as object),
      redirect: 'manual',
      dispatcher: agent,
    } as Parameters<typeof undiciFetch>[1]);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => undefined);
      const location = res.headers.get('location');
      let target = 'another URL';
      if (location) {
        try {
          const to = new URL(location, url);
          target = to.host === url.host ? `${to.origin}${to.pathname}` : `another host (${to.host})`;
        } catch {
          target = 'an invalid URL';
        }
      }
      throw new EgressRefusedError(
        `the provider redirected (${res.status}) to ${target}; redirects are not followed, use the final URL`,
      );
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      // Only what the SDKs use for backoff and support; everything else stays behind.
      const headers: Record<string, string> = {};
      for (const name of ['retry-after', 'retry-after-ms', 'x-request-id', 'request-id']) {
        const v = res.headers.get(name);
        if (v) headers[name] = v;
      }
      return new UndiciResponse(null, {
        status: res.status,
        statusText: res.statusText,
        headers,
      }) as unknown as Response;
    }
    const type = res.headers.get('content-type') ?? '';
    if (!LLM_CONTENT.test(type)) {
      await res.body?.cancel().catch(() => undefined);
      throw new EgressRefusedError(
        `the provider answered ${res.status} with ${type ? `content type ${type.split(';')[0]}` : 'no content type'}, not an LLM API`,
      );
    }
    return res as unknown as Response;
  };
}

/** One connection pool per process, every socket opened through the policy's lookup. */
export function egressAgent(policy: EgressPolicy): Agent {
  return new Agent({ connect: { lookup: policy.lookup }, keepAliveTimeout: 10_000 });
}
