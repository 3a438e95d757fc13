import type { ReactNode } from 'react';
import { DiffView } from '@/features/tasks/components/diff-view';
import type { ChangedPathView as ChangedFile } from '@/lib/api/generated/openapi';
import { splitPatch, STATUS_LABEL } from './patch';

/** A multi-file diff, one section per file with its status and optional actions. */
export function PatchView({
  patch,
  files,
  truncated,
  actions,
  label,
}: {
  patch: string;
  files: readonly ChangedFile[];
  truncated?: boolean;
  actions?: (file: { path: string; status: string }) => ReactNode;
  label: string;
}) {
  const parts = splitPatch(patch, files);
  if (parts.length === 0) return <p className="muted">No changes.</p>;
  return (
    <div className="patch" aria-label={label} role="group">
      {parts.map((p) => (
        <section key={p.path} className="patch-file">
          <header className="row wrap patch-file-header">
            <code className="msg-path">{p.path}</code>
            <span className="muted">{STATUS_LABEL[p.status] ?? p.status}</span>
            {actions?.(p)}
          </header>
          {p.body.startsWith('Binary files') ? (
            <p className="muted">Binary file changed.</p>
          ) : (
            <DiffView diff={p.body} label={`Changes to ${p.path}`} />
          )}
        </section>
      ))}
      {truncated && <p className="muted">The diff is longer than 1 MB; the rest is not shown.</p>}
    </div>
  );
}
