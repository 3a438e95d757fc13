/** Link protocols rendered as links; anything else (javascript:, data:, vbscript:, file:…) is dropped. */
const SAFE_PROTOCOL = /^(https?|mailto)$/i;

/**
 * The URL when it is relative or uses http, https or mailto; otherwise null. Control characters and
 * whitespace are stripped first, as browsers do, so "java\tscript:" cannot slip through.
 */
export function safeUrl(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const url = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (url === '') return null;
  const colon = url.indexOf(':');
  const firstDelimiter = Math.min(
    ...['/', '?', '#'].map((c) => url.indexOf(c)).filter((i) => i !== -1),
    Number.POSITIVE_INFINITY,
  );
  // No colon before the first /, ? or #: a relative URL (same origin).
  if (colon === -1 || colon > firstDelimiter) return url;
  return SAFE_PROTOCOL.test(url.slice(0, colon)) ? url : null;
}
