/**
 * The model is untrusted input. What it sends must be storable in Postgres (text and
 * jsonb reject NUL; jsonb rejects lone UTF-16 surrogates) and must not crash or bloat a task.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why a tool argument cannot be taken as it is (NUL, broken UTF-16, absurd nesting), or null. */
export function unsafeArgument(value: unknown, where = 'arguments', depth = 0): string | null {
  if (depth > 32) return `${where} are nested too deeply`;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${where} contain a NUL character`;
    if (LONE_SURROGATE.test(value)) return `${where} contain invalid UTF-16 (a lone surrogate)`;
    return null;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = unsafeArgument(v, where, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad =
        unsafeArgument(k, where, depth + 1) ?? unsafeArgument(v, `argument "${k.slice(0, 40)}"`, depth + 1);
      if (bad) return bad;
    }
  }
  return null;
}

/** Text Postgres accepts, with the provider key removed: NUL and lone surrogates become U+FFFD. */
export function storable(text: string, redact: (s: string) => string): string {
  return redact(text.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATES, '\ufffd'));
}

/** Tokens of a value when the provider reports none: about 4 characters per token. */
export function estimateTokens(value: unknown): number {
  const chars = typeof value === 'string' ? value.length : (JSON.stringify(value) ?? '').length;
  return Math.ceil(chars / 4);
}
