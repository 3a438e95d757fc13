import type { NewMessage, Task } from './entities.js';

/** Longest subtask result handed to the parent (the child's full history stays in the child). */
export const MAX_SUBTASK_RESULT = 50_000;

const clip = (s: string) =>
  s.length > MAX_SUBTASK_RESULT
    ? `${s.slice(0, MAX_SUBTASK_RESULT)}\n… (result cut at ${MAX_SUBTASK_RESULT} characters)`
    : s;

/**
 * The `subtask_result` message a parent gets when its subtask ends: the answer to its
 * new_task call. A completed child reports its attempt_completion result; a failed or
 * cancelled one says so plainly, so the model can decide what to do next. `child` null:
 * the subtask was deleted.
 */
export function subtaskReport(
  child: Task | null,
  callId: string | null,
  completion: string | null,
): NewMessage {
  const status = child?.status;
  const who = child ? `Subtask ${child.id} (${child.mode} mode)` : 'The subtask';
  let content: string;
  let isError = true;
  let display: string;
  if (!child) {
    content = `${who} was deleted before it finished; it reported no result. Decide whether to do the work here or start it again.`;
    display = 'The subtask was deleted before it finished.';
  } else if (status === 'completed') {
    const result = clip(completion?.trim() || '(the subtask reported no result text)');
    content = `${who} completed.\n\nResult:\n${result}`;
    display = result;
    isError = false;
  } else if (status === 'cancelled') {
    content = `${who} was cancelled by the user before it finished; it reported no result. Do not start it again unless the user asks; continue with what you have or ask the user.`;
    display = 'The subtask was cancelled.';
  } else {
    const why = clip(child.error?.trim() || 'no reason recorded');
    content = `${who} failed: ${why}\nIt reported no result. Decide whether to retry it differently, do the work here, or tell the user.`;
    display = `The subtask failed: ${why}`;
  }
  return {
    type: 'say',
    say: 'subtask_result',
    text: display,
    meta: {
      ...(child
        ? {
            subtask: {
              taskId: child.id,
              mode: child.mode,
              status: status as 'completed' | 'failed' | 'cancelled',
            },
          }
        : {}),
      ...(callId ? { toolResult: { id: callId, content, isError } } : {}),
    },
  };
}
