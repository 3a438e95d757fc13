import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { bullPrefix } from '../redis/bull.js';
import { RedisService } from '../redis/redis.service.js';

export const AGENT_QUEUE = 'agent';
export const AGENT_JOB = 'agent.run';
export interface AgentJobData {
  taskId: string;
}

export { bullPrefix };

/** The producer side of the agent queue: one job per task at a time, `jobId` = task id. */
@Injectable()
export class TasksQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('TasksQueue');
  readonly queue: Queue<AgentJobData>;

  constructor(redis: RedisService) {
    this.queue = new Queue<AgentJobData>(AGENT_QUEUE, {
      connection: redis.create({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(redis),
      defaultJobOptions: {
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600, count: 1000 },
      },
    });
    this.queue.on('error', () => undefined);
  }

  /**
   * Adds the task's job unless one is waiting or running. A finished job of the task (kept
   * after a failure) is removed first so the id can be used again. Returns whether a job was added.
   */
  async enqueue(taskId: string): Promise<boolean> {
    const existing = await this.queue.getJob(taskId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
      await existing.remove().catch(() => undefined);
    }
    await this.queue.add(AGENT_JOB, { taskId }, { jobId: taskId });
    return true;
  }

  /** Enqueues after a commit; a failure is logged, and the sweep enqueues it later. */
  async enqueueQuietly(taskId: string): Promise<void> {
    try {
      await this.enqueue(taskId);
    } catch (e) {
      this.logger.warn(`could not enqueue task ${taskId} (the sweep will): ${(e as Error).message}`);
    }
  }

  /** The job's state, `missing` when there is none, and its failure reason. */
  async jobState(taskId: string): Promise<{ state: string; reason?: string }> {
    const job = await this.queue.getJob(taskId);
    if (!job) return { state: 'missing' };
    return { state: await job.getState(), reason: job.failedReason };
  }

  counts() {
    return this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
