import { useState } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorState, InlineError, Loading } from '@/components/states';
import type { ShareItem } from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useRevokeShare, useTaskShares } from '../api';

/**
 * The task's live read-only links, with who made each and until when; each can be revoked
 * (by its creator or a workspace admin; the server decides). Loaded when opened.
 */
export function TaskShares({ taskId, open: openInitially = false }: { taskId: string; open?: boolean }) {
  const [open, setOpen] = useState(openInitially);
  const shares = useTaskShares(taskId, open);
  const revoke = useRevokeShare(taskId);
  const [toRevoke, setToRevoke] = useState<ShareItem | null>(null);
  return (
    <details
      className="task-shares"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Share links</summary>
      {!open ? null : shares.isPending ? (
        <Loading label="Loading links…" />
      ) : shares.isError ? (
        <ErrorState error={shares.error} onRetry={() => void shares.refetch()} />
      ) : shares.data.length === 0 ? (
        <p className="muted">No live links.</p>
      ) : (
        <ul className="card-list" aria-label="Share links">
          {shares.data.map((s) => (
            <li key={s.id} className="card">
              <p className="muted">
                by {s.createdByName ?? 'a former member'} · created {formatDate(s.createdAt)} · expires{' '}
                {formatDate(s.expiresAt)}
              </p>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => setToRevoke(s)}
                aria-label={`Revoke the link created ${formatDate(s.createdAt)}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={toRevoke !== null}
        onOpenChange={(o) => !o && setToRevoke(null)}
        title="Revoke this link?"
        description="Anyone opening it gets “not found” from now on."
        confirmLabel="Revoke"
        pending={revoke.isPending}
        error={<InlineError error={revoke.error} />}
        onConfirm={() => toRevoke && revoke.mutate(toRevoke.id, { onSuccess: () => setToRevoke(null) })}
      />
    </details>
  );
}
