import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { RedisService } from '../redis/redis.service.js';
import { PushSender } from './push-sender.js';
import { PUSH_JOB, PUSH_QUEUE, PushQueue, type PushJobData } from './push.queue.js';

/** The consumer of the push queue (worker role); a small concurrency: each job is a few HTTP requests. */
@Injectable()
export class PushWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PushWorker');
  private worker?: Worker<PushJobData>;

  constructor(
    private readonly redis: RedisService,
    private readonly sender: PushSender,
    private readonly queue: PushQueue,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.queue.enabled) return;
    this.worker = new Worker<PushJobData>(
      PUSH_QUEUE,
      async (job: Job<PushJobData>) => {
        if (job.name !== PUSH_JOB) throw new Error(`no handler for job ${job.name}`);
        return this.sender.notifyTask(job.data);
      },
      {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix: `${this.redis.prefix}bull`,
        concurrency: 4,
      },
    );
    this.worker.on('error', (e) => this.logger.warn(`queue error: ${e.message}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }
}
