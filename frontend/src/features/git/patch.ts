import type { ChangedPathView as ChangedFile } from '@/lib/api/generated/openapi';

export interface FilePatch {
  path: string;
  status: string;
  /** The file's hunks (from its first @@ on), or git's one-line note for a binary file. */
  body: string;
}

const HEADER = /^diff --git /;

/** `a/x b/x` of a `diff --git` line when the name is unquoted and the same on both sides. */
function headerPath(line: string): string | null {
  const rest = line.replace(HEADER, '');
  if (rest.startsWith('"')) return null;
  const half = (rest.length - 1) / 2;
  const a = rest.slice(0, half);
  const b = rest.slice(half + 1);
  return a.startsWith('a/') && b.startsWith('b/') && a.slice(2) === b.slice(2) ? a.slice(2) : null;
}

/**
 * Splits a multi-file `git diff` into one patch per file. Git lists files in the same (path) order in
 * the diff and in the file list the API sends beside it, so the list names each part (git quotes
 * non-ASCII names in headers); the header is the fallback.
 */
export function splitPatch(patch: string, files: readonly ChangedFile[]): FilePatch[] {
  const parts: string[][] = [];
  for (const line of patch.replace(/\r\n/g, '\n').split('\n')) {
    if (HEADER.test(line)) parts.push([line]);
    else parts.at(-1)?.push(line);
  }
  const byIndex = parts.length === files.length;
  return parts.map((lines, i) => {
    const listed = byIndex ? files[i] : undefined;
    const path = listed?.path ?? headerPath(lines[0] ?? '') ?? `file ${i + 1}`;
    const status = listed?.status ?? files.find((f) => f.path === path)?.status ?? 'M';
    const firstHunk = lines.findIndex((l) => l.startsWith('@@'));
    const body =
      firstHunk >= 0
        ? lines.slice(firstHunk).join('\n').replace(/\n$/, '')
        : (lines.find((l) => l.startsWith('Binary files')) ?? '');
    return { path, status, body };
  });
}

export const STATUS_LABEL: Record<string, string> = {
  A: 'added',
  M: 'modified',
  D: 'deleted',
  T: 'type changed',
};
