import { storable } from '../../agent/hostile-input.js';

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make text
 * display differently from what it is (Trojan Source). Imported text shows them as U+FFFD.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
/** C0/C1 controls other than tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- these are exactly what is removed
const CONTROLS = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const noRedaction = (s: string) => s;

/** Imported text made storable and honest: NUL and lone surrogates (hostile-input) and bidi controls become U+FFFD, other controls go. */
export function cleanText(text: string): string {
  return storable(text, noRedaction).replace(BIDI_CONTROLS, '\ufffd').replace(CONTROLS, '');
}

/**
 * A JSON value with every string (keys too) cleaned. `depth` is bounded by the caller's
 * depth check of the whole body; past `maxDepth` values are replaced by a marker.
 */
export function cleanValue(value: unknown, maxDepth = 16, depth = 0): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (value === null || typeof value !== 'object')
    return typeof value === 'number' && !Number.isFinite(value) ? null : value;
  if (depth >= maxDepth) return '[nested too deeply]';
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, maxDepth, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanValue(v, maxDepth, depth + 1);
  return out;
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

export const finiteOr = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

/** A non-negative finite number, or 0. */
export const count = (v: unknown): number => Math.max(0, finiteOr(v, 0));

/** JSON text parsed to an object, or null. */
export function jsonObject(text: string | undefined): Record<string, unknown> | null {
  const t = text?.trim();
  if (!t || !t.startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}
