import type { Logger } from '@nestjs/common';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { RedisService } from './redis.service.js';

/** BullMQ key prefix under the deployment's Redis prefix (`roo:bull:agent:…`). */
export const bullPrefix = (redis: RedisService) => `${redis.prefix}bull`;

/**
 * API side of a request a worker answers (provider tests, MCP discovery): the API never
 * opens user-chosen URLs itself — in Compose/Swarm only the worker sits on the egress network.
 */
export class WorkerRequests<Req, Res> {
  private queue?: Queue<Req, Res>;
  private events?: QueueEvents;

  constructor(
    private readonly redis: RedisService,
    private readonly name: string,
  ) {}

  /** Created on first use: only the endpoints that ask a worker need them. */
  private open() {
    if (!this.queue || !this.events) {
      const prefix = bullPrefix(this.redis);
      this.queue = new Queue<Req, Res>(this.name, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
        defaultJobOptions: { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
      });
      this.queue.on('error', () => undefined);
      this.events = new QueueEvents(this.name, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
      });
      this.events.on('error', () => undefined);
    }
    return { queue: this.queue, events: this.events };
  }

  /**
   * The worker's answer, or undefined when none came within `waitMs`. The job is withdrawn
   * then: a worker that picks it up late would answer nobody.
   */
  async request(jobName: string, data: Req, waitMs: number): Promise<Res | undefined> {
    const { queue, events } = this.open();
    await events.waitUntilReady();
    // BullMQ derives the name type from Req, which stays unresolved in a generic class.
    const job = await queue.add(
      jobName as Parameters<typeof queue.add>[0],
      data as Parameters<typeof queue.add>[1],
    );
    try {
      return (await job.waitUntilFinished(events, waitMs)) as Res;
    } catch (e) {
      await job.remove().catch(() => undefined);
      if (/timed out|ttl/i.test((e as Error).message)) return undefined;
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.events?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
  }
}

/** Worker side: answers the requests of one queue, four at a time. */
export function serveWorkerRequests<Req, Res>(
  redis: RedisService,
  name: string,
  handle: (job: Job<Req, Res>) => Promise<Res>,
  logger: Logger,
): Worker<Req, Res> {
  const worker = new Worker<Req, Res>(name, handle, {
    connection: redis.create({ maxRetriesPerRequest: null }),
    prefix: bullPrefix(redis),
    concurrency: 4,
  });
  worker.on('error', (e) => logger.warn(`queue error: ${e.message}`));
  return worker;
}
