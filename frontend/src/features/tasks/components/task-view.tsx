import { ArrowDown } from 'lucide-react';
import { useRef, useState } from 'react';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorState, InlineError, Loading } from '@/components/states';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import { formatDate } from '@/lib/format';
import { useCancelTask, useShareTask, useTask, useTaskMessages } from '../api';
import { useAutoFollow } from '../hooks/use-auto-follow';
import { useTaskStream } from '../hooks/use-task-stream';
import { isTerminal, latestTodos, pendingAsk } from '../lib/messages';
import { MessageList } from './message-list';
import { PendingAsk } from './pending-ask';
import { StatusBadge } from './status-badge';
import { TaskShares } from './task-shares';
import { TaskComposer } from './task-composer';
import { TaskFamily } from './task-family';
import { TodoEditor } from './todo-editor';
import { TaskWorkPanels } from './task-work-panels';
import { TodoList } from './todo-list';
import { Usage } from './usage';
import { ImportedNotice, importedFrom, TaskHistoryExport } from '@/features/usage/task-history';

/** A task, live: history + streaming text + the pending ask + controls. */
export function TaskView({ taskId, canAct: member }: { taskId: string; canAct: boolean }) {
  const task = useTask(taskId);
  const messages = useTaskMessages(taskId);
  const partials = useTaskStream(taskId);
  const stream = useRef<HTMLDivElement>(null);
  const follow = useAutoFollow(stream, task.isSuccess);

  if (task.isPending) return <Loading label="Loading task…" />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => void task.refetch()} />;
  const list = messages.data ?? [];
  // An imported Roo history is read-only, for members too.
  const canAct = member && !importedFrom(task.data);
  const ask = pendingAsk(list, task.data.status);
  const todos = latestTodos(list);
  // The server records the prompt as the first message (a user text); show it once.
  const hasPromptMessage = list.some((m) => m.say === 'text' && m.meta?.role === 'user');

  return (
    <article className="task" aria-labelledby="task-title">
      <header className="task-header">
        <h2 id="task-title" className="task-title">
          {task.data.title ?? task.data.prompt.slice(0, 120)}
        </h2>
        <div className="row wrap">
          {/* Announced when it changes (e.g. "Waiting for you"), so screen-reader users hear it. */}
          <span role="status">
            <StatusBadge status={task.data.status} />
          </span>
          <span className="muted">
            mode {task.data.mode} · started {formatDate(task.data.createdAt)}
          </span>
        </div>
        <Usage task={task.data} />
        <ImportedNotice task={task.data} />
        <TaskFamily task={task.data} messages={list} />
        {ask && (
          <p className="jump">
            <a href="#pending-ask">
              {ask.ask === 'followup' ? 'The agent asks you something' : 'An action needs your approval'}
              <ArrowDown aria-hidden="true" size={16} />
            </a>
          </p>
        )}
        {canAct && <TaskActions task={task.data} />}
        <TaskHistoryExport taskId={taskId} />
        <TaskWorkPanels task={task.data} messages={list} canAct={canAct} />
      </header>
      {task.data.error && (
        <p className="msg-error" role="alert">
          {task.data.error}
        </p>
      )}
      <div className="task-body">
        <div className="task-stream" ref={stream}>
          {!hasPromptMessage && (
            <details className="msg-details task-prompt" open>
              <summary>Prompt</summary>
              <p className="msg-text">{task.data.prompt}</p>
            </details>
          )}
          {messages.isPending ? (
            <Loading label="Loading messages…" />
          ) : messages.isError ? (
            <ErrorState error={messages.error} onRetry={() => void messages.refetch()} />
          ) : (
            <MessageList messages={ask ? list.filter((m) => m !== ask) : list} partials={partials} />
          )}
          {ask && (
            <PendingAsk
              key={ask.seq}
              taskId={taskId}
              workspaceId={task.data.workspaceId}
              ask={ask}
              canRespond={canAct}
            />
          )}
        </div>
        {((todos && todos.length > 0) || canAct) && (
          <aside className="task-side" aria-label="Task progress">
            {todos && todos.length > 0 && <TodoList todos={todos} />}
            {canAct && <TodoEditor taskId={taskId} todos={todos ?? []} />}
          </aside>
        )}
      </div>
      <TaskComposer task={task.data} canAct={canAct} atEnd={follow.atEnd} onJump={follow.jump} />
    </article>
  );
}

function TaskActions({ task }: { task: Task }) {
  const cancel = useCancelTask(task.id);
  const share = useShareTask(task.id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const shareUrl = share.data
    ? new URL(`/shared/${share.data.token}`, window.location.origin).toString()
    : null;
  return (
    <div className="task-actions">
      <div className="row wrap">
        {!isTerminal(task.status) && (
          <button type="button" className="btn btn-danger" onClick={() => setConfirmCancel(true)}>
            Cancel task
          </button>
        )}
        <button type="button" className="btn" onClick={() => share.mutate(24)} disabled={share.isPending}>
          Share read-only link
        </button>
      </div>
      <InlineError error={share.error ?? cancel.error} />
      {shareUrl && (
        <p role="status" className="share-link">
          Link (valid until {formatDate(share.data?.expiresAt)}): <a href={shareUrl}>{shareUrl}</a>
        </p>
      )}
      <TaskShares key={share.data?.id ?? 'none'} taskId={task.id} open={Boolean(share.data)} />
      <ConfirmDialog
        open={confirmCancel}
        onOpenChange={setConfirmCancel}
        title="Cancel this task?"
        description="The agent stops. You can resume it later with a new message."
        confirmLabel="Cancel task"
        pending={cancel.isPending}
        onConfirm={() => cancel.mutate(undefined, { onSuccess: () => setConfirmCancel(false) })}
      />
    </div>
  );
}
