import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import type { Task } from '../tasks/entities.js';
import type { TaskStatus } from '../tasks/transitions.js';

export const PUSH_QUEUE = 'push';
export const PUSH_JOB = 'push.task';
/** Statuses people want to hear about: a question or approval waits, or the task ended on its own. */
export const NOTIFY_STATUSES: readonly TaskStatus[] = ['waiting_for_input', 'completed', 'failed'];

export interface PushJobData {
  taskId: string;
  status: TaskStatus;
  /** The task's updatedAt (ms) when it entered the status: one job per entry, however often it is announced. */
  at: number;
}

/**
 * The producer side of notifications, usable in every role with Redis only: a task entering
 * a notifying status becomes one job (deduplicated by task, status and time), sent by a
 * worker. Nothing is queued while push is off (no VAPID key).
 */
@Injectable()
export class PushQueue implements OnApplicationShutdown {
  private queue?: Queue<PushJobData>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.VAPID_PRIVATE_KEY);
  }

  /** The queue, created on first use (a process that never announces a task opens no connection). */
  get jobs(): Queue<PushJobData> {
    this.queue ??= new Queue<PushJobData>(PUSH_QUEUE, {
      connection: this.redis.create({ maxRetriesPerRequest: null }),
      prefix: `${this.redis.prefix}bull`,
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 3600, count: 1000 },
        removeOnFail: { age: 24 * 3600, count: 1000 },
      },
    });
    this.queue.on('error', () => undefined);
    return this.queue;
  }

  async taskChanged(task: Pick<Task, 'id' | 'status' | 'updatedAt'>): Promise<void> {
    if (!this.enabled || !NOTIFY_STATUSES.includes(task.status)) return;
    const at = new Date(task.updatedAt).getTime();
    await this.jobs.add(
      PUSH_JOB,
      { taskId: task.id, status: task.status, at },
      { jobId: `${task.id}_${task.status}_${at}` },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
  }
}
