import { lineDiff } from './line-diff';

describe('lineDiff', () => {
  it('marks changed lines and keeps context around them', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i'].join('\n');
    expect(lineDiff(before, after, 1)).toEqual([
      { kind: 'hunk', text: '@@ line 4 @@' },
      { kind: 'ctx', text: 'd' },
      { kind: 'del', text: 'e' },
      { kind: 'add', text: 'E' },
      { kind: 'ctx', text: 'f' },
    ]);
  });

  it('handles insertions, deletions and identical texts', () => {
    expect(lineDiff('x\ny', 'x\nnew\ny').filter((l) => l.kind !== 'ctx')).toEqual([
      { kind: 'add', text: 'new' },
    ]);
    expect(lineDiff('x\nold\ny', 'x\ny').filter((l) => l.kind !== 'ctx')).toEqual([
      { kind: 'del', text: 'old' },
    ]);
    expect(lineDiff('same\n', 'same\n')).toEqual([]);
  });

  it('finds the longest common subsequence in the middle', () => {
    const kinds = lineDiff('1\n2\n3\n4', '1\n3\n2\n4').map((l) => l.kind);
    expect(kinds.filter((k) => k === 'add')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'del')).toHaveLength(1);
  });
});
