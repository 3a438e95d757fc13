import { BadInputError } from '../common/errors/domain-errors.js';

export const MAX_PATH_BYTES = 1024;
export const MAX_NAME_BYTES = 255;

/**
 * Normalises a workspace-relative path (`src/app.ts`) and rejects anything that could
 * escape the workspace or confuse the store: `..`, absolute paths, NUL and control
 * characters, backslashes, empty segments, over-long names.
 */
export function normalizePath(input: unknown, { folder = false } = {}): string {
  if (typeof input !== 'string' || input.length === 0) throw new BadInputError('path is required');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input))
    throw new BadInputError('path must not contain control characters');
  if (input.includes('\\')) throw new BadInputError('path must use / and no backslashes');
  if (input.startsWith('/')) throw new BadInputError('path must be relative to the workspace');
  let path = input.normalize('NFC');
  if (folder) path = path.replace(/\/+$/, '');
  if (path.startsWith('./')) path = path.slice(2);
  const segments = path.split('/');
  for (const s of segments) {
    if (s === '..') throw new BadInputError("path must not contain '..'");
    if (s === '' || s === '.') throw new BadInputError('path must not contain empty or "." segments');
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
