/**
 * A request path fit for logs: no query string, and the secret segment of share links
 * (`/shared/<token>`, the API's and the SPA's) replaced. nginx masks the same paths in its
 * access log (nginx/snippets/maps.conf).
 */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.split('?')[0]?.replace(/\/shared\/[^/]+/gi, '/shared/[redacted]');
}
