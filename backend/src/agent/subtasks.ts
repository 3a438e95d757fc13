import { ConflictError } from '../common/errors/domain-errors.js';
import type { AutoApprove, NewMessage, Suggestion, Task } from '../tasks/entities.js';
import { subtaskReport } from '../tasks/subtask-report.js';
import type { TaskJournal } from '../tasks/task-journal.service.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { TaskStatus } from '../tasks/transitions.js';
import { FINAL_STATUSES } from '../tasks/transitions.js';
import type { PendingCall } from './history.js';

type Step = 'continue' | 'stop';
type RecordFn = (
  task: Task,
  messages: NewMessage[],
  change?: { to: TaskStatus; patch?: { error?: string | null } },
) => Promise<unknown>;

const MODE_SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;

/**
 * Roo's follow-up suggestions: `{text, mode}` objects (mode optional, null allowed) or
 * plain strings; at most 10, text capped, a mode kept only when it looks like a slug.
 */
export function followUpSuggestions(raw: unknown): Suggestion[] {
  if (!Array.isArray(raw)) return [];
  const out: Suggestion[] = [];
  for (const item of raw.slice(0, 10)) {
    const text =
      typeof item === 'string'
        ? item
        : item && typeof item === 'object'
          ? ((item as { text?: unknown; answer?: unknown }).text ?? (item as { answer?: unknown }).answer)
          : undefined;
    if (typeof text !== 'string' || !text.trim()) continue;
    const mode = item && typeof item === 'object' ? (item as { mode?: unknown }).mode : undefined;
    out.push({
      text: text.slice(0, 1_000),
      ...(typeof mode === 'string' && MODE_SLUG.test(mode) ? { mode } : {}),
    });
  }
  return out;
}

/**
 * new_task as Roo runs it: the parent starts the child and waits for it without holding
 * a worker; the child's end (completed, failed, cancelled) answers the parent's call with
 * a `subtask_result` and queues the parent (TaskJournal does that in the child's final
 * transaction).
 */
export class Subtasks {
  constructor(
    private readonly journal: TaskJournal,
    private readonly tasks: TasksService,
    private readonly record: RecordFn,
  ) {}

  async start(
    task: Task,
    p: PendingCall,
    child: {
      mode: string;
      prompt: string;
      todos: string;
      autoApprove: AutoApprove;
      display: Record<string, unknown>;
    },
  ): Promise<Step> {
    try {
      await this.tasks.startSubtask(
        task,
        p.call.id,
        {
          mode: child.mode,
          prompt: child.prompt,
          todos: child.todos.slice(0, 20_000),
          autoApprove: child.autoApprove,
        },
        (childId) => [
          {
            type: 'say',
            say: 'tool',
            text: JSON.stringify({ ...child.display, taskId: childId }),
            meta: { subtask: { taskId: childId, mode: child.mode }, toolCallId: p.call.id },
          },
        ],
      );
    } catch (e) {
      // The parent stopped running meanwhile (cancelled): nothing was created.
      if (e instanceof ConflictError) return 'stop';
      throw e;
    }
    return 'stop';
  }

  /**
   * This run found the call's subtask already started but no result (a stalled job run
   * again): report a finished child now, or go back to waiting for it.
   */
  async awaitPending(task: Task, p: PendingCall): Promise<Step> {
    const child = await this.journal.task(p.subtask!);
    if (!child || FINAL_STATUSES.includes(child.status)) {
      const completion = child?.status === 'completed' ? await this.lastCompletion(child.id) : null;
      const report = subtaskReport(child, p.call.id, completion);
      await this.record(task, [report]);
      return 'continue';
    }
    await this.journal
      .setStatus(task.id, 'waiting_for_subtask', { awaitingTaskId: child.id })
      .catch((e: unknown) => {
        if (!(e instanceof ConflictError)) throw e;
      });
    // The child may have ended between the read and the wait: its report found no waiting parent.
    const again = await this.journal.task(child.id);
    if (again && FINAL_STATUSES.includes(again.status)) await this.journal.reportEnded(again);
    return 'stop';
  }

  private async lastCompletion(taskId: string): Promise<string | null> {
    const history = await this.journal.history(taskId);
    for (let i = history.length - 1; i >= 0; i--)
      if (history[i].say === 'completion_result') return history[i].text;
    return null;
  }
}
