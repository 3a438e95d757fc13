import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  applyStringEdit,
  diffStats,
  parseDiff,
  unifiedPatch,
  type DiffResult,
} from './apply-diff.js';

const block = (search: string, replace: string, hints: { start?: number; end?: number } = {}) =>
  [
    '<<<<<<< SEARCH',
    ...(hints.start ? [`:start_line:${hints.start}`] : []),
    ...(hints.end ? [`:end_line:${hints.end}`] : []),
    '-------',
    search,
    '=======',
    replace,
    '>>>>>>> REPLACE',
  ].join('\n');

const content = (r: DiffResult) => {
  if (!r.ok) throw new Error(r.error);
  return r.content;
};

describe('parseDiff (marker sequence)', () => {
  const ok = (d: string) => typeof parseDiff(d) !== 'string';
  const why = (d: string) => parseDiff(d) as string;

  it('accepts the basic sequence, a stray ">" after SEARCH, hints, and several blocks', () => {
    expect(ok('<<<<<<< SEARCH\nold\n=======\nnew\n>>>>>>> REPLACE')).toBe(true);
    expect(ok('<<<<<<< SEARCH>\nold\n=======\nnew\n>>>>>>> REPLACE')).toBe(true);
    expect(ok('<<<<<<< SEARCH>  \n:start_line:3\n-------\nold\n=======\nnew\n>>>>>>> REPLACE')).toBe(true);
    expect(ok(`${block('a', 'b', { start: 4 })}\n\n${block('c', 'd', { start: 4 })}`)).toBe(true);
    const two = parseDiff(`notes.txt\n${block('a', 'b', { start: 2, end: 3 })}\n${block('c', 'd')}`);
    expect(two).toEqual([
      { index: 1, search: 'a', replace: 'b', startLine: 2, endLine: 3 },
      { index: 2, search: 'c', replace: 'd', startLine: undefined, endLine: undefined },
    ]);
  });

  it('refuses doubled ">" after SEARCH and a space before it', () => {
    expect(why('<<<<<<< SEARCH>>\nx\n=======\ny\n>>>>>>> REPLACE')).toMatch(/outside a block/);
    expect(why('<<<<<<< SEARCH  >\nx\n=======\ny\n>>>>>>> REPLACE')).toMatch(/outside a block/);
  });

  it('names the broken place: separator first, separator missing, two separators, unfinished block', () => {
    expect(why('=======\nx\n>>>>>>> REPLACE')).toMatch(/line 1 .*"=======" outside a block/);
    expect(why('<<<<<<< SEARCH\nx\n>>>>>>> REPLACE')).toMatch(/block 1 has no "======="/);
    expect(why('<<<<<<< SEARCH\nx\n=======\n=======\n>>>>>>> REPLACE')).toMatch(/line 4 .*escaped/);
    expect(why('<<<<<<< SEARCH\nx\n=======\ny')).toMatch(/not finished: ">>>>>>> REPLACE" is missing/);
    expect(why('<<<<<<< SEARCH\nx')).toMatch(/"=======" is missing/);
    expect(why('hello')).toMatch(/no SEARCH\/REPLACE block/);
  });

  it('refuses line hints in the REPLACE part but takes escaped ones as content', () => {
    expect(why('<<<<<<< SEARCH\nx\n=======\n:start_line:5\ny\n>>>>>>> REPLACE')).toMatch(
      /":start_line:5" in the REPLACE part/,
    );
    expect(why('<<<<<<< SEARCH\nx\n=======\ny\n  :end_line:9\n>>>>>>> REPLACE')).toMatch(/REPLACE part/);
    const escaped = parseDiff('<<<<<<< SEARCH\nx\n=======\n\\:start_line:5\n\\=======\n>>>>>>> REPLACE');
    expect(escaped).toEqual([
      { index: 1, search: 'x', replace: ':start_line:5\n=======', startLine: undefined, endLine: undefined },
    ]);
  });

  it('caps the size and the number of blocks', () => {
    expect(why('x'.repeat(1_000_001))).toMatch(/longer than/);
    expect(why(Array.from({ length: 201 }, () => block('a', 'b')).join('\n'))).toMatch(
      /more than 200 blocks/,
    );
  });
});

describe('applyDiff', () => {
  const js = 'const greet = () => {\n  print("hi")\n}\n';

  it('replaces a block, several blocks, and honours :start_line: with or without :end_line:', () => {
    expect(content(applyDiff(js, block('  print("hi")', '  print("hello")')))).toBe(
      'const greet = () => {\n  print("hello")\n}\n',
    );
    const two = `${block('const greet = () => {', 'const greet2 = () => {', { start: 1 })}\n${block('  print("hi")', '  print("bye")', { start: 2 })}`;
    expect(content(applyDiff(js, two))).toBe('const greet2 = () => {\n  print("bye")\n}\n');
    const ended = block('const greet = () => {', 'function greet() {', { start: 1, end: 1 });
    expect(content(applyDiff(js, ended))).toBe('function greet() {\n  print("hi")\n}\n');
  });

  it('strips read_file line-number prefixes and takes the first number as the hint', () => {
    const numbered = block('2 |   print("hi")\n3 | }', '2 |   print("yo")\n3 | }');
    expect(content(applyDiff(js, numbered))).toBe('const greet = () => {\n  print("yo")\n}\n');
    // A deletion: numbered SEARCH with an empty REPLACE.
    expect(content(applyDiff('keep 1\ndrop me\nkeep 3', block('2 | drop me', '', { start: 2 })))).toBe(
      'keep 1\nkeep 3',
    );
    // Prefixes in SEARCH only but REPLACE plain: the loose pass still finds the lines.
    const loose = block('| const greet = () => {', 'const hello = () => {');
    expect(content(applyDiff(js, loose))).toBe('const hello = () => {\n  print("hi")\n}\n');
  });

  it('ignores differences in surrounding blank lines, indentation and runs of spaces', () => {
    expect(
      content(
        applyDiff(
          '\nfn a() {\n    return 1;\n}\n\n',
          block('fn a() {\n    return 1;\n}', 'fn a() {\n    return 2;\n}'),
        ),
      ),
    ).toBe('\nfn a() {\n    return 2;\n}\n\n');
    const spaced = block(
      'fn   add(x,   y) {\n  return    x + y;\n}',
      'fn add(x, y) {\n  return x + y + 0;\n}',
    );
    expect(content(applyDiff('fn add(x, y) {\n  return x + y;\n}', spaced))).toBe(
      'fn add(x, y) {\n  return x + y + 0;\n}',
    );
  });

  it('re-indents REPLACE to where the match is, keeping relative indentation, tabs included', () => {
    const file = '\tclass Box {\n\t\tsize() {\n\t\t\treturn 1\n\t\t}\n\t}\n';
    const diff = block('size() {\n\treturn 1\n}', 'size() {\n\tconst n = 2\n\treturn n\n}\nempty() {}');
    expect(content(applyDiff(file, diff))).toBe(
      '\tclass Box {\n\t\tsize() {\n\t\t\tconst n = 2\n\t\t\treturn n\n\t\t}\n\t\tempty() {}\n\t}\n',
    );
    // Less indentation than the SEARCH's first line moves out from the matched indentation.
    const py = 'def f():\n        if x:\n            go()\n';
    const out = block('    if x:\n        go()', '    if x:\n        go()\nreturn 1');
    expect(content(applyDiff(py, out))).toBe('def f():\n        if x:\n            go()\n    return 1\n');
  });

  it('keeps the file as it is where indentation already matches (trailing spaces and blank lines too)', () => {
    const md = 'Title\n\nline one  \n';
    expect(content(applyDiff(md, block('line one  ', 'line one  \n\n  indented  ')))).toBe(
      'Title\n\nline one  \n\n  indented  \n',
    );
  });

  it('keeps CRLF line endings', () => {
    expect(content(applyDiff('a()\r\nb()\r\nc()\r\n', block('b()', 'B()')))).toBe('a()\r\nB()\r\nc()\r\n');
    const numbered = block('1 | a()\n2 | b()', 'a()\nbb()');
    expect(content(applyDiff('a()\r\nb()\r\n', numbered))).toBe('a()\r\nbb()\r\n');
  });

  it('deletes lines with an empty REPLACE, keeping the surrounding indentation', () => {
    const file = 'init() {\n    // a\n    x = 1\n    // b\n}';
    expect(content(applyDiff(file, block('    // a\n    x = 1\n    // b', '')))).toBe('init() {\n}');
  });

  it('matches fuzzily above the threshold and refuses below it, showing the most similar lines', () => {
    const file = 'function total() {\n  const values = load();\n  return values.reduce(add, 0);\n}\n';
    const close = block(
      'function total() {\n  const value = load();\n  return values.reduce(add, 0);\n}',
      'function total() {\n  return load().reduce(add, 0);\n}',
    );
    expect(content(applyDiff(file, close))).toBe('function total() {\n  return load().reduce(add, 0);\n}\n');
    expect(applyDiff(file, close, { threshold: 1 }).ok).toBe(false);
    const far = block('function sum(list) {\n  return list.map(v => v.amount);\n}', 'x');
    const r = applyDiff(file, far);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(
      /block 1: no lines are similar enough to SEARCH \(best \d+%, 90% needed\)/,
    );
    expect(!r.ok && r.error).toMatch(
      /Most similar lines \(\d+%, lines 2-4\):\n2 \| {3}const values = load\(\);/,
    );
  });

  it('treats typographic quotes and dashes as their plain forms', () => {
    const file = 'He said \u201cdon\u2019t\u201d \u2014 twice.';
    expect(content(applyDiff(file, block('He said "don\'t" - twice.', 'He said it once.')))).toBe(
      'He said it once.',
    );
  });

  it('picks the occurrence nearest the hint, and refuses an ambiguous block without one', () => {
    const file = ['a() {', '  go()', '}', 'b() {', '  go()', '}', 'c() {', '  go()', '}'].join('\n');
    const nearest = content(applyDiff(file, block('  go()', '  stop()', { start: 6 })));
    expect(nearest.split('\n')[4]).toBe('  stop()');
    expect(nearest.match(/stop/g)).toHaveLength(1);
    const amb = applyDiff(file, block('  go()', '  stop()'));
    expect(!amb.ok && amb.error).toMatch(/matches 3 places \(lines 2, 5, 8\)/);
  });

  it('finds lines moved away from a stale hint', () => {
    const file = ['x', 'x', 'x', 'target()', 'y'].join('\n');
    expect(content(applyDiff(file, block('target()', 'done()', { start: 90 })))).toBe('x\nx\nx\ndone()\ny');
  });

  it('shifts later hints by the lines earlier blocks added', () => {
    const file = ['one', 'two', 'three', 'four'].join('\n');
    const diff = `${block('one', 'one\nextra\nextra', { start: 1 })}\n${block('four', 'FOUR', { start: 4 })}`;
    expect(content(applyDiff(file, diff))).toBe('one\nextra\nextra\ntwo\nthree\nFOUR');
  });

  it('applies the blocks it can and reports the others with their reasons', () => {
    const file = 'alpha\nbeta\ngamma\n';
    const diff = [
      block('alpha', 'ALPHA'),
      block('delta', 'DELTA'),
      block('gamma', 'gamma'),
      block('', 'x'),
    ].join('\n');
    const r = applyDiff(file, diff);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.content).toBe('ALPHA\nbeta\ngamma\n');
    expect(r.applied).toBe(1);
    expect(r.failures.map((f) => f.block)).toEqual([2, 3, 4]);
    expect(r.failures[1].reason).toMatch(/identical/);
    expect(r.failures[2].reason).toMatch(/SEARCH is empty/);
    const none = applyDiff(file, block('nothing like it at all', 'x'));
    expect(!none.ok && none.error).toMatch(/none of the 1 block\(s\) could be applied; nothing was changed/);
  });

  it('yields a unified patch and stats of what changed', () => {
    const file = 'a\nb\nc\nd\n';
    const r = applyDiff(file, `${block('b', 'B1\nB2')}\n${block('d', 'D')}`);
    if (!r.ok) throw new Error(r.error);
    expect(unifiedPatch('f.txt', r.hunks)).toBe(
      '--- a/f.txt\n+++ b/f.txt\n@@ -2,1 +2,2 @@\n-b\n+B1\n+B2\n@@ -4,1 +5,1 @@\n-d\n+D',
    );
    expect(diffStats(r.hunks)).toEqual({ added: 3, removed: 2 });
    // Context lines repeated in SEARCH and REPLACE are not part of the patch.
    const ctx = applyDiff(file, block('a\nb\nc', 'a\nB\nc'));
    if (!ctx.ok) throw new Error(ctx.error);
    expect(ctx.hunks).toEqual([{ oldStart: 2, newStart: 2, removed: ['b'], added: ['B'] }]);
  });

  it('stays fast on a hostile diff: a huge file, a long unmatched block without a hint', () => {
    const file = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`).join('\n');
    const search = Array.from({ length: 40 }, (_, i) => `nothing ${i} like ${'y'.repeat(30)}`).join('\n');
    const started = performance.now();
    const r = applyDiff(file, block(search, 'z'));
    const ms = performance.now() - started;
    expect(r.ok).toBe(false);
    expect(ms).toBeLessThan(5_000);
  });
});

describe('applyStringEdit (edit / search_and_replace / search_replace / edit_file)', () => {
  const file = 'let a = 1;\nlet b = a;\nlog(a);\n';

  it('replaces a unique occurrence and reports its hunk', () => {
    const r = applyStringEdit(file, { oldString: 'let b = a;', newString: 'let b = a + 1;' });
    expect(r).toMatchObject({ ok: true, content: 'let a = 1;\nlet b = a + 1;\nlog(a);\n', replaced: 1 });
    expect(r.ok && r.hunks).toEqual([
      { oldStart: 2, newStart: 2, removed: ['let b = a;'], added: ['let b = a + 1;'] },
    ]);
  });

  it('refuses several occurrences unless replace_all or the expected count says so', () => {
    const amb = applyStringEdit(file, { oldString: 'a', newString: 'z' });
    expect(!amb.ok && amb.error).toMatch(/occurs 3 times \(lines 1, 2, 3\).*replace_all/);
    const all = applyStringEdit(file, { oldString: '(a)', newString: '(z)', replaceAll: true });
    expect(all.ok && all.content).toBe('let a = 1;\nlet b = a;\nlog(z);\n');
    const counted = applyStringEdit(file, { oldString: 'a;', newString: 'q;', expected: 1 });
    expect(counted.ok && counted.content).toBe('let a = 1;\nlet b = q;\nlog(a);\n');
    const wrong = applyStringEdit(file, { oldString: 'let', newString: 'const', expected: 3 });
    expect(!wrong.ok && wrong.error).toMatch(/occurs 2 times, not the 3 expected/);
    const same = applyStringEdit('aa a', { oldString: 'a', newString: 'b', replaceAll: true });
    expect(same.ok && same.hunks).toHaveLength(1);
  });

  it('refuses no match, identical strings and an empty old_string; keeps CRLF', () => {
    expect(applyStringEdit(file, { oldString: 'nope', newString: 'x' }).ok).toBe(false);
    expect(applyStringEdit(file, { oldString: 'log', newString: 'log' }).ok).toBe(false);
    expect(applyStringEdit(file, { oldString: '', newString: 'x' }).ok).toBe(false);
    const crlf = applyStringEdit('a\r\nb\r\n', { oldString: 'a\nb', newString: 'c\nd' });
    expect(crlf.ok && crlf.content).toBe('c\r\nd\r\n');
  });
});
