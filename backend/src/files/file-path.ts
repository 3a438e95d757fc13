import { BadInputError } from '../common/errors/domain-errors.js';

export const MAX_PATH_BYTES = 1024;
export const MAX_NAME_BYTES = 255;

// Bidi overrides/isolates/marks make a name display differently from what it is
// ("txt.exe" shown as "exe.txt"): never part of a file name.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// C0, DEL, C1 and the Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A segment made only of these looks empty in every listing.
const BLANK_SEGMENT = /^[\s\u200b-\u200d\u2060\ufeff]*$/u;

/**
 * Normalises a workspace-relative path (`src/app.ts`) and rejects anything that could
 * escape the workspace or confuse the store or its readers: `..`, absolute paths, NUL
 * and control characters, bidi controls, backslashes, empty or blank segments,
 * over-long names.
 */
export function normalizePath(input: unknown, { folder = false } = {}): string {
  if (typeof input !== 'string' || input.length === 0) throw new BadInputError('path is required');
  if (CONTROL_CHARS.test(input)) throw new BadInputError('path must not contain control characters');
  if (BIDI_CONTROLS.test(input))
    throw new BadInputError('path must not contain bidirectional control characters (U+202E and the like)');
  if (input.includes('\\')) throw new BadInputError('path must use / and no backslashes');
  if (input.startsWith('/')) throw new BadInputError('path must be relative to the workspace');
  let path = input.normalize('NFC');
  if (folder) path = path.replace(/\/+$/, '');
  if (path.startsWith('./')) path = path.slice(2);
  const segments = path.split('/');
  for (const s of segments) {
    if (s === '..') throw new BadInputError("path must not contain '..'");
    if (s === '' || s === '.') throw new BadInputError('path must not contain empty or "." segments');
    if (BLANK_SEGMENT.test(s)) throw new BadInputError('a name in the path must not be blank');
    if (Buffer.byteLength(s) > MAX_NAME_BYTES)
      throw new BadInputError(`a name in the path is longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (Buffer.byteLength(path) > MAX_PATH_BYTES)
    throw new BadInputError(`path is longer than ${MAX_PATH_BYTES} bytes`);
  return path;
}

/** A folder prefix for listings: '' (root) or 'a/b/'. */
export function normalizePrefix(input: unknown): string {
  if (input === undefined || input === '' || input === '/') return '';
  return `${normalizePath(input, { folder: true })}/`;
}

const TYPES: Record<string, string> = {
  ts: 'text/typescript',
  tsx: 'text/typescript',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  jsx: 'text/javascript',
  json: 'application/json',
  md: 'text/markdown',
  txt: 'text/plain',
  html: 'text/html',
  css: 'text/css',
  py: 'text/x-python',
  go: 'text/x-go',
  rs: 'text/x-rust',
  java: 'text/x-java',
  sh: 'text/x-shellscript',
  yml: 'text/yaml',
  yaml: 'text/yaml',
  toml: 'text/plain',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/** The stored content type comes from the name, not the client's header (no type spoofing on download). */
export function contentTypeFor(path: string): string {
  const ext = path.includes('.') ? path.split('.').pop()!.toLowerCase() : '';
  return TYPES[ext] ?? 'application/octet-stream';
}
