import { ArrowUp, GitBranch } from 'lucide-react';
import { Link } from '@tanstack/react-router';
import type { TaskView as Task } from '@/lib/api/generated/openapi';
import type { TaskMessageView as TaskMessage } from '@/lib/api/generated/realtime';

/** The subtasks a task started (new_task), from its history: id, mode, and how they ended. */
export function subtasksOf(
  messages: readonly TaskMessage[],
): { id: string; mode?: string; status?: string }[] {
  const out = new Map<string, { id: string; mode?: string; status?: string }>();
  for (const m of messages) {
    const sub = m.meta?.subtask as { taskId?: unknown; mode?: unknown; status?: unknown } | undefined;
    if (!sub || typeof sub.taskId !== 'string') continue;
    const prev = out.get(sub.taskId) ?? { id: sub.taskId };
    out.set(sub.taskId, {
      ...prev,
      ...(typeof sub.mode === 'string' ? { mode: sub.mode } : {}),
      ...(typeof sub.status === 'string' ? { status: sub.status } : {}),
    });
  }
  return [...out.values()];
}

/** A back-link to the parent of a subtask and links to the subtasks this task started. */
export function TaskFamily({ task, messages }: { task: Task; messages: readonly TaskMessage[] }) {
  const subtasks = subtasksOf(messages);
  if (!task.parentId && subtasks.length === 0) return null;
  const ws = task.workspaceId;
  return (
    <nav className="task-family" aria-label="Related tasks">
      {task.parentId && (
        <p>
          <Link to="/workspaces/$ws/tasks/$taskId" params={{ ws, taskId: task.parentId }}>
            <ArrowUp aria-hidden="true" size={16} className="inline-icon" />
            Back to the parent task
          </Link>
        </p>
      )}
      {subtasks.length > 0 && (
        <>
          <h3 className="field-hint">Subtasks</h3>
          <ul className="subtask-links">
            {subtasks.map((s, i) => (
              <li key={s.id}>
                <Link to="/workspaces/$ws/tasks/$taskId" params={{ ws, taskId: s.id }}>
                  <GitBranch aria-hidden="true" size={16} className="inline-icon" />
                  Subtask {i + 1}
                  {s.mode ? ` (${s.mode})` : ''}
                </Link>
                <span className="muted">
                  {' '}
                  ·{' '}
                  {s.status ?? (task.awaitingTaskId === s.id ? 'running; this task waits for it' : 'started')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
