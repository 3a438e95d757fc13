import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TaskWaitNotifier } from '../mail/task-wait-notifier.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { TaskMessageView } from '../realtime/events.js';
import { TaskEventsPublisher } from '../realtime/task-events.publisher.js';
import type { NewMessage, Task, TaskMessage } from './entities.js';
import { subtaskReport } from './subtask-report.js';
import { TasksQueue } from './tasks.queue.js';
import { TasksRepository, type TaskPatch } from './tasks.repository.js';
import { FINAL_STATUSES, type TaskStatus } from './transitions.js';

/** A parent queued again by its subtask's end: announced and enqueued after the commit. */
interface ResumedParent {
  task: Task;
  messages: TaskMessage[];
}

export const toMessageView = (m: TaskMessage): TaskMessageView => ({
  seq: m.seq,
  ts: m.ts,
  type: m.type,
  ...(m.ask ? { ask: m.ask } : {}),
  ...(m.say ? { say: m.say } : {}),
  text: m.text,
  partial: m.partial,
  meta: m.meta,
});

/**
 * Writes a task's history and status, then tells every api replica (after commit, so a
 * client never sees an event the database does not have).
 */
@Injectable()
export class TaskJournal {
  constructor(
    private readonly repo: TasksRepository,
    private readonly events: TaskEventsPublisher,
    private readonly metrics: MetricsService,
    private readonly queue: TasksQueue,
    @Optional() private readonly waitMail?: TaskWaitNotifier,
  ) {}

  /**
   * Appends messages and optionally moves the status, in one transaction. A subtask that
   * ends answers its waiting parent in the same transaction (so a crash cannot lose the
   * result); with a caller's `manager`, the caller enqueues `resumedParent` after commit
   * (or the sweep does).
   */
  async record(
    taskId: string,
    messages: NewMessage[],
    change?: { to: TaskStatus; patch?: TaskPatch },
    manager?: EntityManager,
  ): Promise<{ messages: TaskMessage[]; task?: Task; resumedParent?: ResumedParent }> {
    const run = async (m: EntityManager) => {
      const saved = await this.repo.append(taskId, messages, m);
      const task = change ? await this.repo.transition(taskId, change.to, change.patch, m) : undefined;
      const resumedParent = task ? await this.reportToParent(task, m) : undefined;
      return { messages: saved, task, resumedParent };
    };
    const result = manager ? await run(manager) : await this.repo.tx(run);
    if (!manager) {
      this.announce(taskId, result.messages, result.task);
      await this.wakeParent(result.resumedParent);
    }
    return result;
  }

  async setStatus(taskId: string, to: TaskStatus, patch: TaskPatch = {}): Promise<Task> {
    if (!FINAL_STATUSES.includes(to)) {
      const task = await this.repo.transition(taskId, to, patch);
      this.announce(taskId, [], task);
      return task;
    }
    return (await this.record(taskId, [], { to, patch })).task!;
  }

  /**
   * If `task` is a subtask that just ended and its parent waits for it: the parent's
   * new_task call gets the result (a `subtask_result` message) and the parent is queued.
   */
  private async reportToParent(task: Task, m: EntityManager): Promise<ResumedParent | undefined> {
    if (!FINAL_STATUSES.includes(task.status) || !task.parentId || !task.parentCallId) return undefined;
    const parent = await this.repo.resumeWaitingParent(task.parentId, task.id, m);
    if (!parent) return undefined;
    const completion = task.status === 'completed' ? await this.repo.lastCompletion(task.id, m) : null;
    const saved = await this.repo.append(parent.id, [subtaskReport(task, task.parentCallId, completion)], m);
    return { task: parent, messages: saved };
  }

  /** Announces and enqueues a parent its subtask queued again (a failed enqueue is the sweep's). */
  async wakeParent(resumed: ResumedParent | undefined): Promise<void> {
    if (!resumed) return;
    this.announce(resumed.task.id, resumed.messages, resumed.task);
    await this.queue.enqueueQuietly(resumed.task.id);
  }

  /** Reports an ended subtask to its parent if the parent waits for it (idempotent). */
  async reportEnded(child: Task): Promise<void> {
    await this.wakeParent(await this.repo.tx((m) => this.reportToParent(child, m)));
  }

  /**
   * Safety net for the sweep: a parent waiting for a subtask that ended or was deleted
   * without answering it (e.g. the child was deleted) gets a result and is queued.
   */
  async recoverWaits(olderThan: Date): Promise<number> {
    let n = 0;
    for (const parent of await this.repo.orphanedWaits(olderThan)) {
      const resumed = await this.repo.tx(async (m) => {
        const child = parent.awaitingTaskId ? await this.repo.find(parent.awaitingTaskId, m) : null;
        if (child) return this.reportToParent(child, m);
        // The child is gone (deleted): answer the open new_task call of the parent.
        const callId = await this.repo.openSubtaskCall(parent.id, m);
        const queued = await this.repo.resumeOrphanedParent(parent.id, m);
        if (!queued) return undefined;
        const saved = await this.repo.append(
          parent.id,
          [subtaskReport(null, callId, null)].filter((x) => x.meta?.toolResult?.id),
          m,
        );
        return { task: queued, messages: saved };
      });
      if (resumed) n++;
      await this.wakeParent(resumed);
    }
    return n;
  }

  /** Publishes what a caller-managed transaction committed. */
  announce(taskId: string, messages: TaskMessage[], task?: Task): void {
    for (const m of messages)
      this.events.publish({ event: 'task:message', payload: { taskId, message: toMessageView(m) } });
    if (task) {
      // task:status, the workspace's list row and (for waits and ends) the push queue.
      this.events.taskChanged(task);
      if (FINAL_STATUSES.includes(task.status)) this.metrics.tasksCompleted.inc({ status: task.status });
      if (task.status === 'waiting_for_input') this.waitMail?.taskWaiting(task);
    }
  }

  /** Adds a model call's usage; `step: false` for calls that are not agent steps (condensing). */
  async addUsage(
    taskId: string,
    usage: { tokensIn: number; tokensOut: number; cacheReads: number; cacheWrites: number; cost: number },
    options: { step?: boolean } = {},
  ) {
    const t = await this.repo.addUsage(taskId, usage, undefined, options.step === false ? 0 : 1);
    this.events.publish({
      event: 'task:usage',
      payload: {
        taskId,
        tokensIn: t.tokensIn,
        tokensOut: t.tokensOut,
        cacheReads: t.cacheReads,
        cacheWrites: t.cacheWrites,
        cost: t.cost,
      },
    });
    return t;
  }

  task(id: string): Promise<Task | null> {
    return this.repo.find(id);
  }

  history(id: string): Promise<TaskMessage[]> {
    return this.repo.messages(id, 0, 100_000);
  }

  /** Messages the user queued after `seq` (not yet seen by the model if `seq` is its last turn). */
  queuedAfter(id: string, seq: number): Promise<number> {
    return this.repo.messagesQueuedAfter(id, seq);
  }

  countChildren(id: string): Promise<number> {
    return this.repo.countChildren(id);
  }

  setFields(id: string, patch: TaskPatch): Promise<void> {
    return this.repo.setFields(id, patch);
  }

  /** Tasks in these statuses not touched since `olderThan` (for the sweep). */
  stale(statuses: TaskStatus[], olderThan: Date): Promise<Task[]> {
    return this.repo.byStatus(statuses, olderThan);
  }

  partial(taskId: string, seq: number, text: string): void {
    this.events.publish({ event: 'task:partial', payload: { taskId, seq, text } });
  }
}
