import type { DiffLine } from '@/lib/line-diff';
import { diffLines } from '../lib/messages';

/** A diff as added/removed lines; the +/− markers are text too, so it reads without colour. */
export function DiffView({
  diff,
  content,
  lines: given,
  label,
}: {
  diff?: string;
  content?: string;
  /** Already computed lines (e.g. a diff of the current file against the proposed content). */
  lines?: DiffLine[];
  label: string;
}) {
  const lines = given ?? diffLines(diff, content);
  if (lines.length === 0) return null;
  return (
    // A scrollable region must be focusable so keyboard users can scroll it.
    <pre className="diff" role="region" aria-label={label} tabIndex={0}>
      {lines.map((l, i) => (
        <span key={i} className={`diff-line diff-${l.kind}`}>
          <span className="diff-mark" aria-hidden={l.kind === 'ctx' || l.kind === 'hunk'}>
            {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
          </span>
          {l.kind === 'add' && <span className="visually-hidden">added: </span>}
          {l.kind === 'del' && <span className="visually-hidden">removed: </span>}
          {l.text}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
