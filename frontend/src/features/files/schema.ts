import { z } from 'zod';

const encoder = new TextEncoder();

/** The server's path rules (docs/api.md "Files"), checked before sending. */
export const filePathSchema = z
  .string()
  .trim()
  .min(1, 'Enter a path.')
  .refine((p) => !p.includes('\0'), 'The path must not contain NUL characters.')
  .refine((p) => !p.includes('\\'), 'Use / to separate folders, not \\.')
  .refine((p) => !p.startsWith('/'), 'Use a relative path (no leading /).')
  .refine((p) => !p.split('/').includes('..'), "The path must not contain '..'.")
  .refine((p) => !p.split('/').includes('.'), "The path must not contain '.' segments.")
  .refine(
    (p) => !p.split('/').some((s) => s === ''),
    'The path must not contain empty segments (//) or end with /.',
  )
  .refine(
    (p) => p.split('/').every((s) => encoder.encode(s).length <= 255),
    'Each name must be at most 255 bytes.',
  )
  .refine((p) => encoder.encode(p).length <= 1024, 'The path must be at most 1024 bytes.');

export const renameSchema = z.object({ to: filePathSchema });

/** Folder prefix for a path: "src/app.ts" → "src/", "a.txt" → "". */
export function parentPrefix(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i + 1);
}

export function baseName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
