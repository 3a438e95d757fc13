import { RE2 } from 're2-wasm';

/**
 * Patterns from the model run on the worker's event loop, so they go through RE2: its
 * matching time is linear in the input, whatever the pattern (`^(a+)+$` cannot backtrack).
 * Features that need backtracking (lookaround, backreferences) are refused with a reason.
 */

export const MAX_REGEX_LENGTH = 500;
export const MAX_GLOB_LENGTH = 200;

export interface Matcher {
  test(text: string): boolean;
}

export type Compiled = { ok: true; matcher: Matcher } | { ok: false; error: string };

function re2(source: string, flags = 'u'): Compiled {
  try {
    const re = new RE2(source, flags);
    return { ok: true, matcher: { test: (text: string) => re.test(text) } };
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '');
    return { ok: false, error: why.slice(0, 200) };
  }
}

/** The model's search regex (RE2 syntax, which covers the usual JavaScript one except lookaround and backreferences). */
export function compileSearchRegex(pattern: string): Compiled {
  if (!pattern) return { ok: false, error: 'regex is required' };
  if (pattern.length > MAX_REGEX_LENGTH)
    return { ok: false, error: `regex is longer than ${MAX_REGEX_LENGTH} characters` };
  const r = re2(pattern);
  if (!r.ok)
    return {
      ok: false,
      error: `invalid or unsupported regex (${r.error}); lookaround and backreferences are not supported`,
    };
  return r;
}

/**
 * A file glob (`*.ts`, `src/**\/*.test.ts`, `*.{js,ts}`, `file?.[ch]`) as an RE2 pattern
 * matched against the end of a path: `*` and `?` stay within a name, `**` crosses folders.
 */
export function globToRe2(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a bare `**` anything.
        if (glob[i + 2] === '/') {
          out += '(?:[^/]*/)*';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^/' : ''}${body.replace(/[\\\][^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  out += ')'.repeat(braces);
  return `(?:^|/)${out}$`;
}

/** The model's file_pattern, compiled for RE2. */
export function compileGlob(glob: string): Compiled {
  if (glob.length > MAX_GLOB_LENGTH)
    return { ok: false, error: `file_pattern is longer than ${MAX_GLOB_LENGTH} characters` };
  const r = re2(globToRe2(glob));
  return r.ok ? r : { ok: false, error: `invalid file_pattern: ${r.error}` };
}

/** A mode's edit restriction (fileRegex, set by a workspace admin) matched against a model-chosen path. */
export function compileFileRegex(source: string): Compiled {
  return re2(source);
}
