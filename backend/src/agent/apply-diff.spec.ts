import { describe, expect, it } from 'vitest';
import { applyDiff, parseDiff } from './apply-diff.js';

const block = (search: string, replace: string, start?: number) =>
  [
    '<<<<<<< SEARCH',
    ...(start ? [`:start_line:${start}`] : []),
    '-------',
    search,
    '=======',
    replace,
    '>>>>>>> REPLACE',
  ].join('\n');

describe('applyDiff', () => {
  const file = 'line one\nline two\nline three\n';

  it('replaces an exact match', () => {
    const r = applyDiff(file, block('line two', 'line 2'));
    expect(r).toEqual({ ok: true, content: 'line one\nline 2\nline three\n', blocks: 1 });
  });

  it('applies several blocks in order', () => {
    const r = applyDiff(file, `${block('line one', 'first')}\n\n${block('line three', 'third')}`);
    expect(r.ok && r.content).toBe('first\nline two\nthird\n');
  });

  it('refuses a SEARCH that does not match exactly, changing nothing', () => {
    const r = applyDiff(file, `${block('line one', 'first')}\n${block('line  two', 'x')}`);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/block 2: SEARCH does not match/);
  });

  it('refuses an ambiguous SEARCH unless start_line picks one', () => {
    const dup = 'a\nx\nb\nx\n';
    const amb = applyDiff(dup, block('x', 'y'));
    expect(!amb.ok && amb.error).toMatch(/matches 2 places \(lines 2, 4\)/);
    const picked = applyDiff(dup, block('x', 'y', 4));
    expect(picked.ok && picked.content).toBe('a\nx\nb\ny\n');
  });

  it('keeps CRLF line endings', () => {
    const r = applyDiff('a\r\nb\r\nc\r\n', block('b', 'B'));
    expect(r.ok && r.content).toBe('a\r\nB\r\nc\r\n');
  });

  it('deletes lines with an empty REPLACE', () => {
    const r = applyDiff(file, block('line two\n', ''));
    expect(r.ok && r.content).toBe('line one\nline three\n');
  });

  it('reports malformed diffs', () => {
    expect(parseDiff('hello')).toMatch(/expected "<<<<<<< SEARCH"/);
    expect(parseDiff('<<<<<<< SEARCH\nabc\n')).toMatch(/missing "=======" separator/);
    expect(parseDiff('<<<<<<< SEARCH\nabc\n=======\nx')).toMatch(/missing ">>>>>>> REPLACE"/);
    expect(parseDiff('')).toMatch(/no SEARCH\/REPLACE block/);
    const empty = applyDiff(file, block('', 'x'));
    expect(!empty.ok && empty.error).toMatch(/SEARCH is empty/);
  });
});
