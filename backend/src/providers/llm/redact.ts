/**
 * Keeps provider keys out of everything we store, show or log. An upstream error may echo
 * the key in any shape (an `AIza…` key, a key in a URL, a Basic header), so we redact the
 * profile's actual key and its obvious encodings, plus well-known key shapes.
 */

export const REDACTED = '[redacted]';

/** Keys shorter than this are not secrets worth garbling text for ("none", "ollama"). */
const MIN_KEY_LENGTH = 8;
/** Encoded forms shorter than this would match by chance. */
const MIN_FORM_LENGTH = 8;
/** A run of at least this many characters of the key is redacted (a truncated echo). */
const MIN_FRAGMENT = 12;
/** Aligned pieces searched for; every key substring of 2×PIECE−1 chars contains one. */
const PIECE = 8;

/**
 * Key shapes redacted whatever the profile's key is. Specific enough for any text (code
 * such as `ask_followup_question` or `token_count` must survive in messages).
 */
const STRICT_SHAPES: RegExp[] = [
  /\bsk-(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
];
/** Broader shapes, only for provider error texts (where prose is short and keys are likely). */
const LOOSE_SHAPES: RegExp[] = [
  /(?:sk|key|token)[-_][A-Za-z0-9_-]{6,}/gi,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Base64 of the key as it appears inside any longer base64 text, at each of the 3 alignments. */
function base64Forms(key: Buffer): string[] {
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), key, Buffer.alloc(3)]);
    // Only the characters whose 6 bits all come from the key are stable.
    const start = Math.ceil((8 * offset) / 6);
    const end = Math.floor((8 * (offset + key.length)) / 6);
    const std = padded.toString('base64').slice(start, end);
    out.push(std, std.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** The key and the encodings it is commonly carried in. */
export function secretForms(key: string): string[] {
  const bytes = Buffer.from(key, 'utf8');
  const uri = encodeURIComponent(key);
  const forms = [
    key,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    uri.replace(/%20/g, '+'),
    JSON.stringify(key).slice(1, -1),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64Forms(bytes),
  ];
  return [...new Set(forms)].filter((f) => f.length >= MIN_FORM_LENGTH).sort((a, b) => b.length - a.length);
}

/** Redacts runs of ≥ MIN_FRAGMENT characters of the key (e.g. an echo cut off mid-key). */
function redactFragments(text: string, key: string): string {
  if (key.length < MIN_FRAGMENT) return text;
  const ranges: [number, number][] = [];
  for (let k = 0; k + PIECE <= key.length; k += PIECE) {
    const piece = key.slice(k, k + PIECE);
    for (let i = text.indexOf(piece); i !== -1; i = text.indexOf(piece, i + 1)) {
      // Grow the match both ways while text and key agree.
      let a = i;
      let b = k;
      while (a > 0 && b > 0 && text[a - 1] === key[b - 1]) {
        a--;
        b--;
      }
      let e = i + PIECE;
      let f = k + PIECE;
      while (e < text.length && f < key.length && text[e] === key[f]) {
        e++;
        f++;
      }
      if (e - a >= MIN_FRAGMENT) ranges.push([a, e]);
    }
  }
  if (!ranges.length) return text;
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let out = '';
  let at = 0;
  for (const [a, e] of merged) {
    out += text.slice(at, a) + REDACTED;
    at = e;
  }
  return out + text.slice(at);
}

/** Redacts well-known key shapes only (when the actual key is not at hand); `loose` for error texts. */
export function redactShapes(text: string, loose = false): string {
  let out = text;
  for (const re of loose ? [...STRICT_SHAPES, ...LOOSE_SHAPES] : STRICT_SHAPES)
    out = out.replace(re, (m, scheme?: string) =>
      typeof scheme === 'string' && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${REDACTED}` : REDACTED,
    );
  return out;
}

/** Builds a redactor for these keys: each key, its encodings and fragments, and known shapes. */
export function redactor(
  keys: Iterable<string | null | undefined>,
  { loose = false } = {},
): (text: string) => string {
  const secrets = [...new Set([...keys].filter((k): k is string => !!k && k.length >= MIN_KEY_LENGTH))];
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  const formRe = forms.length ? new RegExp(forms.map(escapeRe).join('|'), 'g') : null;
  return (text: string) => {
    if (!text) return text;
    let out = formRe ? text.replace(formRe, REDACTED) : text;
    for (const key of secrets) out = redactFragments(out, key);
    return redactShapes(out, loose);
  };
}

/** Redacts one key and key shapes (the broad ones too) from a provider's error text. */
export function redactSecret(text: string, key: string | null | undefined): string {
  return redactor([key], { loose: true })(text);
}

/** Applies `redact` to every string in a JSON-like value. */
export function redactDeep<T>(value: T, redact: (s: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/**
 * Keys this process has opened, so code that does not know which profile a text came
 * from (a job's last-resort error handler, a log line) can still redact them.
 */
const known = new Set<string>();
const MAX_KNOWN = 1000;
let knownRedactor: ((text: string) => string) | null = null;

export function rememberKey(key: string | null | undefined): void {
  if (!key || key.length < MIN_KEY_LENGTH || known.has(key)) return;
  if (known.size >= MAX_KNOWN) known.delete(known.values().next().value!);
  known.add(key);
  knownRedactor = null;
}

/** Redacts every key this process has opened (and known shapes). */
export function redactKnownKeys(text: string): string {
  knownRedactor ??= redactor(known);
  return knownRedactor(text);
}
