/**
 * Roo-Code style SEARCH/REPLACE edits:
 *
 *   <<<<<<< SEARCH
 *   :start_line:12        (optional: where the block is, to pick among equal matches)
 *   -------               (optional)
 *   exact lines to find
 *   =======
 *   lines to put instead
 *   >>>>>>> REPLACE
 *
 * Every SEARCH must match the file exactly; otherwise nothing is changed and the error
 * tells the model which block failed and why.
 */

export interface DiffBlock {
  search: string;
  replace: string;
  startLine?: number;
}

export type DiffResult = { ok: true; content: string; blocks: number } | { ok: false; error: string };

export function parseDiff(diff: string): DiffBlock[] | string {
  const lines = diff.replace(/\r\n/g, '\n').split('\n');
  const blocks: DiffBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    if (lines[i].trim() === '') {
      i++;
      continue;
    }
    if (!/^<{5,9} SEARCH\s*$/.test(lines[i]))
      return `line ${i + 1}: expected "<<<<<<< SEARCH", found "${lines[i].slice(0, 80)}"`;
    i++;
    let startLine: number | undefined;
    const m = /^:start_line:\s*(\d+)\s*$/.exec(lines[i] ?? '');
    if (m) {
      startLine = Number(m[1]);
      i++;
    }
    if (/^-{3,}\s*$/.test(lines[i] ?? '')) i++;
    const search: string[] = [];
    while (i < lines.length && !/^={5,9}\s*$/.test(lines[i])) search.push(lines[i++]);
    if (i >= lines.length) return `block ${blocks.length + 1}: missing "=======" separator`;
    i++;
    const replace: string[] = [];
    while (i < lines.length && !/^>{5,9} REPLACE\s*$/.test(lines[i])) replace.push(lines[i++]);
    if (i >= lines.length) return `block ${blocks.length + 1}: missing ">>>>>>> REPLACE"`;
    i++;
    blocks.push({ search: search.join('\n'), replace: replace.join('\n'), startLine });
  }
  if (!blocks.length) return 'the diff has no SEARCH/REPLACE block';
  return blocks;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

export function applyDiff(original: string, diff: string): DiffResult {
  const parsed = parseDiff(diff);
  if (typeof parsed === 'string') return { ok: false, error: `invalid diff: ${parsed}` };
  const crlf = original.includes('\r\n');
  let content = crlf ? original.replace(/\r\n/g, '\n') : original;
  for (const [n, block] of parsed.entries()) {
    if (block.search === '')
      return {
        ok: false,
        error: `block ${n + 1}: SEARCH is empty; use write_to_file to create or replace a whole file`,
      };
    const at = occurrences(content, block.search);
    if (at.length === 0) {
      return {
        ok: false,
        error: `block ${n + 1}: SEARCH does not match the file exactly (check whitespace and indentation; read the file again with read_file). Nothing was changed.`,
      };
    }
    let index = at[0];
    if (at.length > 1) {
      const byLine = block.startLine ? at.find((a) => lineAt(content, a) === block.startLine) : undefined;
      if (byLine === undefined) {
        const where = at.map((a) => lineAt(content, a)).join(', ');
        return {
          ok: false,
          error: `block ${n + 1}: SEARCH matches ${at.length} places (lines ${where}); add :start_line: or more context. Nothing was changed.`,
        };
      }
      index = byLine;
    }
    content = content.slice(0, index) + block.replace + content.slice(index + block.search.length);
  }
  return { ok: true, content: crlf ? content.replace(/\n/g, '\r\n') : content, blocks: parsed.length };
}
