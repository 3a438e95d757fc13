import { distance } from 'fastest-levenshtein';

/**
 * Roo-Code's multi-block SEARCH/REPLACE edit format:
 *
 *   <<<<<<< SEARCH
 *   :start_line:12        (hint: where the block starts in the file as last read)
 *   :end_line:15          (optional, accepted and not needed)
 *   -------
 *   lines to find (may carry read_file's "12 | " prefixes)
 *   =======
 *   lines to put instead
 *   >>>>>>> REPLACE
 *
 * Blocks apply one by one. A block's lines are matched after normalising whitespace and
 * typographic quotes; failing that, the most similar window of lines near the hinted line wins
 * when it is at least `threshold` similar (Levenshtein). Blocks that cannot be placed are
 * reported with the reason; the others still apply. Marker lines inside content are escaped
 * with a leading backslash (`\=======`).
 */

export interface DiffBlock {
  /** 1-based position of the block in the diff. */
  index: number;
  search: string;
  replace: string;
  startLine?: number;
  endLine?: number;
}

export interface BlockFailure {
  block: number;
  startLine?: number;
  reason: string;
}

export interface AppliedHunk {
  /** 1-based line in the original file / in the new file where the change starts. */
  oldStart: number;
  newStart: number;
  removed: string[];
  added: string[];
}

export type DiffResult =
  | {
      ok: true;
      content: string;
      blocks: number;
      applied: number;
      failures: BlockFailure[];
      hunks: AppliedHunk[];
    }
  | { ok: false; error: string; failures: BlockFailure[] };

export interface DiffOptions {
  /** Minimum similarity (0..1) of a fuzzy match; 1 = only whitespace/quote differences. */
  threshold?: number;
  /** Lines searched on each side of a :start_line: hint. */
  bufferLines?: number;
  /** Levenshtein work allowed for one call (cells/32); stops a hostile diff from pinning the worker. */
  fuzzyBudget?: number;
}

export const DIFF_DEFAULT_THRESHOLD = 0.9;
export const DIFF_BUFFER_LINES = 40;
export const MAX_DIFF_CHARS = 1_000_000;
export const MAX_DIFF_BLOCKS = 200;
export const MAX_DIFF_FILE_CHARS = 10_000_000;
/** Levenshtein windows longer than this are compared only for equality (the cost is quadratic). */
const MAX_FUZZY_CHARS = 20_000;
const DEFAULT_FUZZY_BUDGET = 40_000_000;
const SNIPPET_LINES = 12;

const SEARCH_MARK = /^<<<<<<< SEARCH>?$/;
const SEP = '=======';
const REPLACE_MARK = '>>>>>>> REPLACE';
const LINE_HINT = /^:(start|end)_line:\s*(\d+)\s*$/;

const escapeNote =
  'a content line that looks like a diff marker must be escaped with a leading backslash (\\=======, \\>>>>>>> REPLACE, \\<<<<<<< SEARCH)';

/** Parses the diff; a string is the reason it is malformed (nothing is applied then). */
export function parseDiff(diff: string): DiffBlock[] | string {
  if (diff.length > MAX_DIFF_CHARS) return `the diff is longer than ${MAX_DIFF_CHARS} characters`;
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  const blocks: DiffBlock[] = [];
  type State = 'outside' | 'header' | 'search' | 'replace';
  let state: State = 'outside';
  let cur: { search: string[]; replace: string[]; startLine?: number; endLine?: number } | null = null;
  const at = (n: number) => `line ${n + 1} of the diff`;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const mark = raw.trim();
    const isSearch = SEARCH_MARK.test(mark);
    if (state === 'outside') {
      if (isSearch) {
        if (blocks.length >= MAX_DIFF_BLOCKS) return `the diff has more than ${MAX_DIFF_BLOCKS} blocks`;
        cur = { search: [], replace: [] };
        state = 'header';
      } else if (mark === SEP || mark.startsWith('>>>>>>>') || mark.startsWith('<<<<<<<'))
        return `${at(i)}: "${mark.slice(0, 40)}" outside a block; each block starts with "<<<<<<< SEARCH" (${escapeNote})`;
      // Other text between blocks (a file name, a blank line) is ignored.
      continue;
    }
    if (state === 'header') {
      const hint = LINE_HINT.exec(mark);
      if (hint && cur) {
        const n = Number(hint[2]);
        if (hint[1] === 'start') cur.startLine = n;
        else cur.endLine = n;
        continue;
      }
      state = 'search';
      if (/^-{3,}$/.test(mark)) continue;
    }
    if (!cur) continue;
    if (state === 'search') {
      if (mark === SEP) {
        state = 'replace';
        continue;
      }
      if (isSearch || mark.startsWith('<<<<<<<'))
        return `${at(i)}: a new "<<<<<<< SEARCH" before the "=======" of block ${blocks.length + 1} (${escapeNote})`;
      if (mark.startsWith('>>>>>>>'))
        return `${at(i)}: block ${blocks.length + 1} has no "=======" between SEARCH and REPLACE`;
      cur.search.push(raw);
      continue;
    }
    // state === 'replace'
    if (mark === REPLACE_MARK) {
      blocks.push({
        index: blocks.length + 1,
        search: unescapeMarkers(cur.search).join('\n'),
        replace: unescapeMarkers(cur.replace).join('\n'),
        startLine: cur.startLine,
        endLine: cur.endLine,
      });
      cur = null;
      state = 'outside';
      continue;
    }
    if (/^:(start|end)_line:/.test(mark))
      return `${at(i)}: "${mark.slice(0, 40)}" in the REPLACE part of block ${blocks.length + 1}; line hints belong right after "<<<<<<< SEARCH"`;
    if (mark === SEP || isSearch || mark.startsWith('<<<<<<<') || mark.startsWith('>>>>>>>'))
      return `${at(i)}: unexpected "${mark.slice(0, 40)}" in the REPLACE part of block ${blocks.length + 1} (${escapeNote})`;
    cur.replace.push(raw);
  }
  if (state !== 'outside')
    return `block ${blocks.length + 1} is not finished: "${state === 'replace' ? REPLACE_MARK : SEP}" is missing`;
  if (!blocks.length) return 'the diff has no SEARCH/REPLACE block';
  return blocks;
}

function unescapeMarkers(lines: string[]): string[] {
  return lines.map((l) =>
    /^\\(<<<<<<<|=======|>>>>>>>|-------|:start_line:|:end_line:)/.test(l) ? l.slice(1) : l,
  );
}

// read_file shows "12 | text"; models often copy that prefix into SEARCH.
const NUMBERED = /^\s*\d+\s+\|(?!\|) ?/;
const LOOSELY_NUMBERED = /^\s*(?:\d+\s)?\| /;

function allNumbered(lines: string[]): boolean {
  return lines.length > 0 && lines.every((l) => NUMBERED.test(l));
}

const strip = (lines: string[], re: RegExp) => lines.map((l) => l.replace(re, ''));

const TYPOGRAPHIC: Record<string, string> = {
  '\u201c': '"',
  '\u201d': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u2026': '...',
  '\u2014': '-',
  '\u2013': '-',
  '\u00a0': ' ',
};

/** A line as compared: typographic characters made plain, runs of whitespace one space, trimmed. */
export function normalizeLine(line: string): string {
  return line
    .replace(/[\u201c\u201d\u2018\u2019\u2026\u2014\u2013\u00a0]/g, (c) => TYPOGRAPHIC[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

const indentOf = (line: string) => /^[\t ]*/.exec(line)?.[0] ?? '';

/**
 * Replacement lines moved to where the match sits: when the file's lines are indented
 * differently from the SEARCH, each REPLACE line keeps its indentation relative to the
 * first SEARCH line, measured from the first matched line.
 */
function reindent(replace: string[], search: string[], matched: string[]): string[] {
  const base = indentOf(search[0] ?? '');
  const target = indentOf(matched[0] ?? '');
  if (base === target) return replace;
  return replace.map((line) => {
    if (!line.trim()) return line;
    const own = indentOf(line);
    const relative = own.length - base.length;
    const indent =
      relative < 0 ? target.slice(0, Math.max(0, target.length + relative)) : target + own.slice(base.length);
    return indent + line.slice(own.length);
  });
}

interface Match {
  index: number;
  score: number;
}

class Matcher {
  budget: number;
  constructor(
    private readonly threshold: number,
    budget: number,
  ) {
    this.budget = budget;
  }

  /** Start indexes (0-based) in [from, to] whose window equals `needle` once normalised. */
  exact(norm: string[], needle: string[], from: number, to: number): number[] {
    const found: number[] = [];
    const last = Math.min(to, norm.length - needle.length);
    outer: for (let i = Math.max(0, from); i <= last; i++) {
      for (let k = 0; k < needle.length; k++) if (norm[i + k] !== needle[k]) continue outer;
      found.push(i);
    }
    return found;
  }

  /** The most similar window in [from, to], scanning outwards from `centre` so ties go to the nearest. */
  fuzzy(
    norm: string[],
    needle: string[],
    from: number,
    to: number,
    centre: number,
  ): (Match & { exhausted: boolean }) | null {
    const target = needle.join('\n');
    if (target.length > MAX_FUZZY_CHARS) return null;
    const last = Math.min(to, norm.length - needle.length);
    const first = Math.max(0, from);
    if (last < first) return null;
    let best: Match | null = null;
    const mid = Math.min(Math.max(centre, first), last);
    const cost = Math.ceil(target.length / 32) * Math.max(1, target.length);
    for (let step = 0; mid - step >= first || mid + step <= last; step++) {
      for (const i of step === 0 ? [mid] : [mid - step, mid + step]) {
        if (i < first || i > last) continue;
        if (this.budget <= 0)
          return best ? { ...best, exhausted: true } : { index: -1, score: 0, exhausted: true };
        const window = norm.slice(i, i + needle.length).join('\n');
        const longer = Math.max(window.length, target.length);
        // Similarity cannot exceed shorter/longer: skip windows that cannot reach the threshold.
        if (longer === 0 || Math.min(window.length, target.length) / longer < this.threshold) continue;
        this.budget -= cost;
        const score = window === target ? 1 : 1 - distance(window, target) / longer;
        if (!best || score > best.score) best = { index: i, score };
      }
    }
    return best ? { ...best, exhausted: false } : null;
  }
}

function numbered(lines: string[], first: number): string {
  const width = String(first + lines.length - 1).length;
  return lines.map((l, i) => `${String(first + i).padStart(width)} | ${l.slice(0, 300)}`).join('\n');
}

/** Applies every block it can; `ok: false` only when the diff is malformed or no block applied. */
export function applyDiff(original: string, diff: string, options: DiffOptions = {}): DiffResult {
  const parsed = parseDiff(diff);
  if (typeof parsed === 'string') return { ok: false, error: `invalid diff: ${parsed}`, failures: [] };
  if (original.length > MAX_DIFF_FILE_CHARS)
    return {
      ok: false,
      error: `the file is larger than ${MAX_DIFF_FILE_CHARS} characters; apply_diff cannot edit it`,
      failures: [],
    };
  const threshold = Math.min(1, Math.max(0.5, options.threshold ?? DIFF_DEFAULT_THRESHOLD));
  const buffer = options.bufferLines ?? DIFF_BUFFER_LINES;
  const matcher = new Matcher(threshold, options.fuzzyBudget ?? DEFAULT_FUZZY_BUDGET);
  const crlf = original.includes('\r\n');
  const lines = (crlf ? original.replace(/\r\n/g, '\n') : original).split('\n');
  const norm = lines.map(normalizeLine);
  const failures: BlockFailure[] = [];
  const hunks: AppliedHunk[] = [];
  let applied = 0;
  // Applied edits as (index, removed, added) in order: maps a hint given for the original file.
  const edits: { index: number; removed: number; added: number }[] = [];
  const fail = (b: DiffBlock, reason: string, startLine?: number) =>
    failures.push({ block: b.index, startLine: startLine ?? b.startLine, reason });

  for (const block of parsed) {
    let search = block.search === '' ? [] : block.search.split('\n');
    let replace = block.replace === '' ? [] : block.replace.split('\n');
    let hint = block.startLine;
    if (allNumbered(search) && (allNumbered(replace) || block.replace.trim() === '')) {
      hint ??= Number(/\d+/.exec(search[0])?.[0]);
      search = strip(search, NUMBERED);
      replace = strip(replace, NUMBERED);
    }
    if (!search.length) {
      fail(block, 'SEARCH is empty; put the lines to change (or a neighbouring line to keep) in SEARCH');
      continue;
    }
    if (search.join('\n') === replace.join('\n')) {
      fail(block, 'SEARCH and REPLACE are identical, so the block changes nothing');
      continue;
    }
    // Where the hinted line is now, after the blocks applied before this one.
    let centre: number | undefined;
    if (hint && hint > 0) {
      centre = hint - 1;
      for (const e of edits) if (e.index < centre) centre = Math.max(e.index, centre + e.added - e.removed);
    }
    let place = locate(search, centre);
    if (!place.ok && search.some((l) => LOOSELY_NUMBERED.test(l))) {
      // Last try: prefixes the model copied loosely ("| text", "12 |text").
      const looseSearch = strip(search, LOOSELY_NUMBERED);
      const retry = locate(looseSearch, centre);
      if (retry.ok) {
        place = retry;
        search = looseSearch;
        replace = strip(replace, LOOSELY_NUMBERED);
      }
    }
    if (!place.ok) {
      fail(block, place.reason, hint);
      continue;
    }
    const at = place.index;
    const matched = lines.slice(at, at + search.length);
    const added = reindent(replace, search, matched);
    // Hunks already recorded below this one move with it.
    for (const h of hunks) if (h.newStart - 1 > at) h.newStart += added.length - search.length;
    // The patch shows only the lines that change: context repeated in SEARCH and REPLACE is left out.
    let head = 0;
    while (head < matched.length && head < added.length && matched[head] === added[head]) head++;
    let tail = 0;
    while (
      tail < matched.length - head &&
      tail < added.length - head &&
      matched[matched.length - 1 - tail] === added[added.length - 1 - tail]
    )
      tail++;
    applied++;
    if (head < matched.length - tail || head < added.length - tail)
      hunks.push({
        oldStart: originalLine(edits, at) + 1 + head,
        newStart: at + 1 + head,
        removed: matched.slice(head, matched.length - tail),
        added: added.slice(head, added.length - tail),
      });
    lines.splice(at, search.length, ...added);
    norm.splice(at, search.length, ...added.map(normalizeLine));
    edits.push({ index: at, removed: search.length, added: added.length });
  }

  function locate(
    search: string[],
    centre: number | undefined,
  ): { ok: true; index: number } | { ok: false; reason: string } {
    const needle = search.map(normalizeLine);
    const whereHint = centre !== undefined ? ` near line ${centre + 1}` : '';
    if (centre !== undefined) {
      const from = centre - buffer;
      const to = centre + buffer;
      const near = matcher.exact(norm, needle, from, to);
      if (near.length) {
        near.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
        return { ok: true, index: near[0] };
      }
    }
    const everywhere = matcher.exact(norm, needle, 0, norm.length);
    if (everywhere.length === 1) return { ok: true, index: everywhere[0] };
    if (everywhere.length > 1 && centre === undefined) {
      const where = everywhere.slice(0, 10).map((i) => i + 1);
      return {
        ok: false,
        reason: `SEARCH matches ${everywhere.length} places (lines ${where.join(', ')}${everywhere.length > 10 ? ', …' : ''}); add :start_line: or more context lines`,
      };
    }
    if (threshold >= 1)
      return { ok: false, reason: `SEARCH was not found${whereHint} (exact match required)` };
    const from = centre !== undefined ? centre - buffer : 0;
    const to = centre !== undefined ? centre + buffer : norm.length;
    const best = matcher.fuzzy(norm, needle, from, to, centre ?? Math.floor(norm.length / 2));
    const pct = (x: number) => `${Math.floor(x * 100)}%`;
    if (best && best.index >= 0 && best.score >= threshold) return { ok: true, index: best.index };
    const limits = best?.exhausted
      ? ' (the search stopped early: the file is too large to compare everywhere; give :start_line: close to the lines)'
      : needle.join('\n').length > MAX_FUZZY_CHARS
        ? ` (SEARCH is longer than ${MAX_FUZZY_CHARS} characters, so only an exact match is possible)`
        : '';
    const shown =
      best && best.index >= 0
        ? `\nMost similar lines (${pct(best.score)}, lines ${best.index + 1}-${best.index + search.length}):\n${numbered(
            lines.slice(best.index, best.index + Math.min(search.length, SNIPPET_LINES)),
            best.index + 1,
          )}`
        : '';
    return {
      ok: false,
      reason: `no lines${whereHint} are similar enough to SEARCH (best ${pct(best?.score ?? 0)}, ${pct(threshold)} needed)${limits}; read the file again and copy the lines exactly${shown}`,
    };
  }

  if (!applied) {
    return { ok: false, error: describeFailures(failures, parsed.length), failures };
  }
  const joined = lines.join('\n');
  return {
    ok: true,
    content: crlf ? joined.replace(/\n/g, '\r\n') : joined,
    blocks: parsed.length,
    applied,
    failures,
    hunks,
  };
}

/** The original line of an index in the edited file (for the hunk header). */
function originalLine(edits: { index: number; removed: number; added: number }[], index: number): number {
  let at = index;
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i];
    if (e.index < at) at = Math.max(e.index, at - e.added + e.removed);
  }
  return at;
}

export function describeFailures(failures: BlockFailure[], total: number): string {
  const head =
    failures.length === total
      ? `none of the ${total} block(s) could be applied; nothing was changed`
      : `${failures.length} of ${total} block(s) could not be applied`;
  return [
    head,
    ...failures.map(
      (f) => `block ${f.block}${f.startLine ? ` (:start_line:${f.startLine})` : ''}: ${f.reason}`,
    ),
  ].join('\n');
}

/** A unified patch of the applied hunks (3 lines of context are left out: each hunk is exact). */
export function unifiedPatch(path: string, hunks: AppliedHunk[]): string {
  const out = [`--- a/${path}`, `+++ b/${path}`];
  for (const h of [...hunks].sort((a, b) => a.newStart - b.newStart)) {
    out.push(`@@ -${h.oldStart},${h.removed.length} +${h.newStart},${h.added.length} @@`);
    for (const l of h.removed) out.push(`-${l}`);
    for (const l of h.added) out.push(`+${l}`);
  }
  return out.join('\n');
}

export function diffStats(hunks: AppliedHunk[]): { added: number; removed: number } {
  return hunks.reduce(
    (s, h) => ({ added: s.added + h.added.length, removed: s.removed + h.removed.length }),
    { added: 0, removed: 0 },
  );
}

export interface StringEdit {
  oldString: string;
  newString: string;
  /** Replace every occurrence (Roo's `edit`/`search_and_replace` replace_all). */
  replaceAll?: boolean;
  /** How many occurrences must be there (Roo's `edit_file` expected_replacements); all are replaced. */
  expected?: number;
}

export type StringEditResult =
  { ok: true; content: string; replaced: number; hunks: AppliedHunk[] } | { ok: false; error: string };

/**
 * Literal old_string → new_string replacement (Roo's `edit`, `search_and_replace`,
 * `search_replace`, `edit_file`). Line endings are matched as LF and the file keeps its own.
 */
export function applyStringEdit(original: string, edit: StringEdit): StringEditResult {
  if (original.length > MAX_DIFF_FILE_CHARS)
    return { ok: false, error: `the file is larger than ${MAX_DIFF_FILE_CHARS} characters` };
  if (edit.oldString.length > MAX_DIFF_CHARS || edit.newString.length > MAX_DIFF_CHARS)
    return { ok: false, error: `old_string and new_string must be at most ${MAX_DIFF_CHARS} characters` };
  const crlf = original.includes('\r\n');
  const text = crlf ? original.replace(/\r\n/g, '\n') : original;
  const oldS = edit.oldString.replace(/\r\n/g, '\n');
  const newS = edit.newString.replace(/\r\n/g, '\n');
  if (!oldS) return { ok: false, error: 'old_string is empty; give the exact text to replace' };
  if (oldS === newS)
    return { ok: false, error: 'old_string and new_string are identical; nothing would change' };
  const found: number[] = [];
  for (let at = text.indexOf(oldS); at !== -1; at = text.indexOf(oldS, at + oldS.length)) found.push(at);
  if (!found.length)
    return {
      ok: false,
      error:
        'old_string was not found; it must match the file exactly, whitespace and indentation included (read the file again)',
    };
  const expected = edit.expected ?? (edit.replaceAll ? undefined : 1);
  if (expected !== undefined && found.length !== expected) {
    const lines = found.slice(0, 10).map((i) => text.slice(0, i).split('\n').length);
    return {
      ok: false,
      error:
        expected === 1
          ? `old_string occurs ${found.length} times (lines ${lines.join(', ')}); add surrounding lines to make it unique${edit.expected === undefined ? ', or set replace_all' : ''}`
          : `old_string occurs ${found.length} times, not the ${expected} expected`,
    };
  }
  // Lines touched by an occurrence, merged where they meet: one hunk each.
  const spans: [number, number][] = [];
  for (const at of found) {
    const s0 = text.lastIndexOf('\n', at - 1) + 1;
    const nl = text.indexOf('\n', at + oldS.length);
    const e0 = nl === -1 ? text.length : nl;
    const last = spans[spans.length - 1];
    if (last && s0 <= last[1]) last[1] = Math.max(last[1], e0);
    else spans.push([s0, e0]);
  }
  const hunks: AppliedHunk[] = [];
  let shift = 0;
  let cursor = 0;
  let oldStart = 1;
  for (const [s0, e0] of spans) {
    for (let i = text.indexOf('\n', cursor); i !== -1 && i < s0; i = text.indexOf('\n', i + 1)) oldStart++;
    cursor = s0;
    const removed = text.slice(s0, e0).split('\n');
    const added = text.slice(s0, e0).split(oldS).join(newS).split('\n');
    hunks.push({ oldStart, newStart: oldStart + shift, removed, added });
    shift += added.length - removed.length;
  }
  const out = text.split(oldS).join(newS);
  return { ok: true, content: crlf ? out.replace(/\n/g, '\r\n') : out, replaced: found.length, hunks };
}
