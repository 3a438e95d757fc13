import { ArrowDown, Square } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { InlineError } from '@/components/states';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import { useCancelTask, useResumeTask, useSendMessage } from '../api';
import { isTerminal } from '../lib/messages';

/**
 * The bar that stays at the bottom of the task: "Jump to latest" when the reader has scrolled up, Stop
 * while the agent works, and the message box that resumes a finished task.
 */
export function TaskComposer({
  task,
  canAct,
  atEnd,
  onJump,
}: {
  task: Task;
  canAct: boolean;
  atEnd: boolean;
  onJump: () => void;
}) {
  const terminal = isTerminal(task.status);
  if (atEnd && !canAct) return null;
  return (
    <div className="task-composer">
      {!atEnd && (
        <button type="button" className="btn jump-latest" onClick={onJump}>
          <ArrowDown aria-hidden="true" size={18} />
          Jump to latest
        </button>
      )}
      {canAct && !terminal && <StopButton taskId={task.id} />}
      {canAct && !terminal && task.status !== 'waiting_for_input' && <QueueForm taskId={task.id} />}
      {canAct && terminal && <ResumeForm taskId={task.id} />}
    </div>
  );
}

/** Stops the agent at once (like Roo's Stop); the task can be resumed with a new message. */
function StopButton({ taskId }: { taskId: string }) {
  const cancel = useCancelTask(taskId);
  return (
    <div className="composer-stop">
      <button
        type="button"
        className="btn btn-danger"
        onClick={() => cancel.mutate(undefined)}
        disabled={cancel.isPending}
      >
        <Square aria-hidden="true" size={16} />
        {cancel.isPending ? 'Stopping…' : 'Stop'}
      </button>
      <InlineError error={cancel.error} />
    </div>
  );
}

/** While the agent works: a message queued for its next turn (Roo's message queue). */
function QueueForm({ taskId }: { taskId: string }) {
  const send = useSendMessage(taskId);
  const [text, setText] = useState('');
  const [queued, setQueued] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim())
      send.mutate(text.trim(), {
        onSuccess: () => {
          setText('');
          setQueued(true);
        },
      });
  };
  return (
    <form className="form composer-form" onSubmit={submit} aria-label="Message the agent">
      <label htmlFor="queue-text">Message the agent (it reads it at its next step)</label>
      <div className="composer-row">
        <textarea id="queue-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={send.isPending || !text.trim()}>
          Send
        </button>
      </div>
      {queued && <p role="status">Queued for the agent's next step.</p>}
      <InlineError error={send.error} />
    </form>
  );
}

function ResumeForm({ taskId }: { taskId: string }) {
  const resume = useResumeTask(taskId);
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) resume.mutate(text.trim(), { onSuccess: () => setText('') });
  };
  return (
    <form className="form composer-form" onSubmit={submit} aria-label="Resume task">
      <label htmlFor="resume-text">Continue this task with a new message</label>
      <div className="composer-row">
        <textarea id="resume-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={resume.isPending || !text.trim()}>
          Resume task
        </button>
      </div>
      <InlineError error={resume.error} />
    </form>
  );
}
