import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service.js';
import type { TaskMessageView } from '../realtime/events.js';
import { TaskEventsPublisher } from '../realtime/task-events.publisher.js';
import type { NewMessage, Task, TaskMessage } from './entities.js';
import { TasksRepository, type TaskPatch } from './tasks.repository.js';
import { FINAL_STATUSES, type TaskStatus } from './transitions.js';

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
  ) {}

  /** Appends messages and optionally moves the status, in one transaction. */
  async record(
    taskId: string,
    messages: NewMessage[],
    change?: { to: TaskStatus; patch?: TaskPatch },
    manager?: EntityManager,
  ): Promise<{ messages: TaskMessage[]; task?: Task }> {
    const run = async (m: EntityManager) => {
      const saved = await this.repo.append(taskId, messages, m);
      const task = change ? await this.repo.transition(taskId, change.to, change.patch, m) : undefined;
      return { messages: saved, task };
    };
    const result = manager ? await run(manager) : await this.repo.tx(run);
    if (!manager) this.announce(taskId, result.messages, result.task);
    return result;
  }

  async setStatus(taskId: string, to: TaskStatus, patch: TaskPatch = {}): Promise<Task> {
    const task = await this.repo.transition(taskId, to, patch);
    this.announce(taskId, [], task);
    return task;
  }

  /** Publishes what a caller-managed transaction committed. */
  announce(taskId: string, messages: TaskMessage[], task?: Task): void {
    for (const m of messages)
      this.events.publish({ event: 'task:message', payload: { taskId, message: toMessageView(m) } });
    if (task) {
      this.events.publish({
        event: 'task:status',
        payload: { taskId, status: task.status, ...(task.error ? { error: task.error } : {}) },
      });
      if (FINAL_STATUSES.includes(task.status)) this.metrics.tasksCompleted.inc({ status: task.status });
    }
  }

  async addUsage(
    taskId: string,
    usage: { tokensIn: number; tokensOut: number; cacheReads: number; cacheWrites: number; cost: number },
  ) {
    const t = await this.repo.addUsage(taskId, usage);
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
