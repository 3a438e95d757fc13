import { useState } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorState, InlineError, Loading } from '@/components/states';
import { PatchView } from '@/features/git/patch-view';
import type {
  CheckpointView as Checkpoint,
  RestoreResultView as RestoreResult,
} from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useCheckpointDiff, useCheckpoints, useRestoreCheckpoint } from '../checkpoints-api';

const KIND_LABEL: Record<string, string> = {
  initial: 'Start',
  step: 'Change',
  restore: 'Restore',
};

interface Target {
  seq: number;
  path?: string;
}

/**
 * The task's checkpoints (a shadow git commit per change set): each one's diff, and — for members,
 * when the task is not running — restoring the whole workspace or one file to it, after a confirm.
 * Loaded when opened; `version` (checkpoint messages seen) refreshes it as the task goes on.
 */
export function TaskCheckpoints({
  taskId,
  canRestore,
  running,
  version,
}: {
  taskId: string;
  canRestore: boolean;
  running: boolean;
  version: number;
}) {
  const [open, setOpen] = useState(false);
  const list = useCheckpoints(taskId, open, version);
  const restore = useRestoreCheckpoint(taskId);
  const [target, setTarget] = useState<Target | null>(null);
  const [done, setDone] = useState<RestoreResult | null>(null);
  const allowRestore = canRestore && !running;

  const ask = (t: Target) => {
    restore.reset();
    setTarget(t);
  };

  return (
    <details
      className="task-checkpoints"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Checkpoints</summary>
      {!open ? null : list.isPending ? (
        <Loading label="Loading checkpoints…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="muted">No checkpoints yet.</p>
      ) : (
        <>
          {canRestore && running && <p className="muted">Restoring is possible once the task has stopped.</p>}
          <ol className="checkpoint-list" aria-label="Checkpoints">
            {[...list.data].reverse().map((c) => (
              <CheckpointItem
                key={c.seq}
                taskId={taskId}
                checkpoint={c}
                onRestore={allowRestore ? ask : undefined}
              />
            ))}
          </ol>
        </>
      )}
      {done && (
        <div role="status" className="checkpoint-restored">
          <p>
            Restored {done.path ?? 'the workspace'} to checkpoint {done.restoredFrom}
            {` (${done.files.length} file${done.files.length === 1 ? '' : 's'} changed).`}
          </p>
          {done.conflicts.length > 0 && (
            <p className="msg-error">
              Not restored because they changed meanwhile: {done.conflicts.map((c) => c.path).join(', ')}
            </p>
          )}
        </div>
      )}
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(o) => !o && setTarget(null)}
        title={
          target?.path
            ? `Restore ${target.path} to checkpoint ${target.seq}?`
            : `Restore the workspace to checkpoint ${target?.seq ?? ''}?`
        }
        description={
          target?.path
            ? 'The file gets the content it had at this checkpoint. The current state is saved as a checkpoint first, so you can go back.'
            : 'Every file gets the content it had at this checkpoint; files added since are removed. The current state is saved as a checkpoint first, so you can go back.'
        }
        confirmLabel="Restore"
        pending={restore.isPending}
        error={<InlineError error={restore.error} />}
        onConfirm={() =>
          target &&
          restore.mutate(target, {
            onSuccess: (r) => {
              setDone(r);
              setTarget(null);
            },
          })
        }
      />
    </details>
  );
}

function CheckpointItem({
  taskId,
  checkpoint: c,
  onRestore,
}: {
  taskId: string;
  checkpoint: Checkpoint;
  onRestore?: (t: Target) => void;
}) {
  const [show, setShow] = useState(false);
  const diff = useCheckpointDiff(taskId, c.seq, show);
  return (
    <li className="checkpoint">
      <div className="row wrap">
        <strong>
          {c.seq}. {KIND_LABEL[c.kind] ?? c.kind}
        </strong>
        <span>{c.message}</span>
        <span className="muted">
          {formatDate(c.createdAt)}
          {c.kind !== 'initial' && ` · ${c.filesChanged} file${c.filesChanged === 1 ? '' : 's'}`}
        </span>
      </div>
      <div className="row wrap">
        <button type="button" className="btn btn-small" aria-expanded={show} onClick={() => setShow(!show)}>
          {show ? 'Hide changes' : 'Show changes'}{' '}
          <span className="visually-hidden">of checkpoint {c.seq}</span>
        </button>
        {onRestore && (
          <button type="button" className="btn btn-small" onClick={() => onRestore({ seq: c.seq })}>
            Restore workspace <span className="visually-hidden">to checkpoint {c.seq}</span>
          </button>
        )}
      </div>
      {show &&
        (diff.isPending ? (
          <Loading label="Loading changes…" />
        ) : diff.isError ? (
          <ErrorState error={diff.error} onRetry={() => void diff.refetch()} />
        ) : (
          <PatchView
            patch={diff.data.patch}
            files={diff.data.files}
            truncated={diff.data.truncated}
            label={`Changes of checkpoint ${c.seq}`}
            actions={(f) =>
              onRestore && f.status !== 'D' ? (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => onRestore({ seq: c.seq, path: f.path })}
                >
                  Restore this file <span className="visually-hidden">({f.path})</span>
                </button>
              ) : null
            }
          />
        ))}
    </li>
  );
}
