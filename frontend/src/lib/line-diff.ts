export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'hunk';
  text: string;
}

const MAX_CELLS = 4_000_000;

/**
 * A line diff of two texts (LCS on the part between the common prefix and suffix), with unchanged runs
 * cut down to `context` lines around each change. Too large inputs fall back to "all removed, all added".
 */
export function lineDiff(before: string, after: string, context = 3): DiffLine[] {
  const a = before.replace(/\r\n/g, '\n').split('\n');
  const b = after.replace(/\r\n/g, '\n').split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle: DiffLine[] = [];
  if (midA.length * midB.length > MAX_CELLS) {
    for (const t of midA) middle.push({ kind: 'del', text: t });
    for (const t of midB) middle.push({ kind: 'add', text: t });
  } else {
    // lcs[i][j] = LCS length of midA[i..] and midB[j..], in one flat array.
    const w = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * w);
    for (let i = midA.length - 1; i >= 0; i--) {
      for (let j = midB.length - 1; j >= 0; j--) {
        lcs[i * w + j] =
          midA[i] === midB[j]
            ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length || j < midB.length) {
      if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
        middle.push({ kind: 'ctx', text: midA[i] ?? '' });
        i++;
        j++;
      } else if (
        i < midA.length &&
        (j >= midB.length || (lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0))
      ) {
        // Removed lines first, then added ones (the usual diff order).
        middle.push({ kind: 'del', text: midA[i] ?? '' });
        i++;
      } else {
        middle.push({ kind: 'add', text: midB[j] ?? '' });
        j++;
      }
    }
  }
  const all: DiffLine[] = [
    ...a.slice(0, start).map((text): DiffLine => ({ kind: 'ctx', text })),
    ...middle,
    ...a.slice(endA).map((text): DiffLine => ({ kind: 'ctx', text })),
  ];
  return trimContext(all, context);
}

function trimContext(lines: DiffLine[], context: number): DiffLine[] {
  const changed = lines.map((l) => l.kind !== 'ctx');
  if (!changed.includes(true)) return [];
  const keep = lines.map((_, i) => {
    for (let d = -context; d <= context; d++) if (changed[i + d]) return true;
    return false;
  });
  const out: DiffLine[] = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (skipped > 0 || (out.length === 0 && i > 0)) out.push({ kind: 'hunk', text: `@@ line ${i + 1} @@` });
      skipped = 0;
      out.push(l);
    } else skipped++;
  });
  return out;
}
