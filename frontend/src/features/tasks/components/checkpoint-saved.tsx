import { History } from 'lucide-react';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';

interface Meta {
  seq?: number;
  kind?: string;
  filesChanged?: number;
  restoredFrom?: number;
  path?: string;
}

/** Roo's `checkpoint_saved` say: a one-line note in the history (the list has diff and restore). */
export function CheckpointSaved({ message }: { message: TaskMessage }) {
  const c = (message.meta?.checkpoint ?? {}) as Meta;
  const files = typeof c.filesChanged === 'number' ? c.filesChanged : null;
  let text: string;
  if (c.kind === 'restore')
    text = `Restored ${c.path ?? 'the workspace'} to checkpoint ${c.restoredFrom ?? '?'}`;
  else if (c.kind === 'initial') text = `Checkpoint ${c.seq ?? ''}: the state the task started from`;
  else text = `Checkpoint ${c.seq ?? ''} saved`;
  return (
    <p className="msg-meta msg-checkpoint">
      <History aria-hidden="true" size={16} /> {text}
      {c.kind !== 'initial' && files !== null && ` · ${files} file${files === 1 ? '' : 's'} changed`}
    </p>
  );
}
