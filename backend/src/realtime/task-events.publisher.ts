import { Injectable, Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { PushQueue } from '../push/push.queue.js';
import { RedisService } from '../redis/redis.service.js';
import type { Task } from '../tasks/entities.js';
import {
  RELAY_EVENT,
  socketIoKey,
  TASKS_NAMESPACE,
  type TaskRelay,
  type WorkspaceTaskSummary,
} from './events.js';

/** What the workspace's task list shows of a task (no prompt, history or result). */
export const toWorkspaceSummary = (t: Task): WorkspaceTaskSummary => ({
  id: t.id,
  workspaceId: t.workspaceId,
  parentId: t.parentId,
  title: t.title,
  status: t.status,
  mode: t.mode,
  createdBy: t.createdBy,
  createdAt: new Date(t.createdAt).toISOString(),
  updatedAt: new Date(t.updatedAt).toISOString(),
  cost: Number(t.cost) || 0,
  waiting: t.status === 'waiting_for_input',
});

/**
 * Publishes task events to every api replica through Redis (the Socket.IO emitter's
 * server-side emit); works in any role and never calls the API over HTTP.
 */
@Injectable()
export class TaskEventsPublisher {
  private readonly logger = new Logger('TaskEvents');
  private readonly emitter: Emitter;

  constructor(
    redis: RedisService,
    private readonly push: PushQueue,
  ) {
    this.emitter = new Emitter(redis.create(), { key: socketIoKey(redis.prefix) });
  }

  publish(relay: TaskRelay): void {
    this.emitter.of(TASKS_NAMESPACE).serverSideEmit(RELAY_EVENT, relay);
  }

  /**
   * A task was created or changed status (committed): its subscribers get `task:status`,
   * its workspace's subscribers the list row (`workspace:task`), and a status people wait
   * for (a question, an approval, the end) goes to the push queue. The one place that
   * announces a task's status, so no path can forget the list or the notification.
   */
  taskChanged(task: Task): void {
    this.publish({
      event: 'task:status',
      payload: { taskId: task.id, status: task.status, ...(task.error ? { error: task.error } : {}) },
    });
    this.publish({
      event: 'workspace:task',
      payload: { workspaceId: task.workspaceId, task: toWorkspaceSummary(task) },
    });
    // Best effort: a lost notification must not fail the status change that caused it.
    this.push
      .taskChanged(task)
      .catch((e: unknown) =>
        this.logger.warn(
          `could not queue a push for task ${task.id}: ${e instanceof Error ? e.message : 'failed'}`,
        ),
      );
  }
}
