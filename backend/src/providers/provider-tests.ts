import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Repository } from 'typeorm';
import { ServiceUnavailableError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { bullPrefix } from '../tasks/tasks.queue.js';
import { describeLlmError, EgressLlmError, egressError, LlmClientsService } from './llm-clients.service.js';
import { ProviderProfile } from './provider-profile.entity.js';
import { SecretBox } from './secret-box.js';

export const PROVIDER_TEST_QUEUE = 'provider-test';

interface TestJob {
  workspaceId: string;
  profileId: string;
}

/** What a worker reports; `refused` = the egress policy refused the URL (the API answers 400). */
export interface TestOutcome {
  ok: boolean;
  latencyMs: number;
  error?: string;
  refused?: boolean;
}

/**
 * One tiny streamed request through the same client (egress policy, circuit) tasks use.
 * Runs in the worker: in Compose/Swarm only the worker sits on the egress network, and the
 * API, which sits on the data and monitoring networks, must not make requests to
 * user-chosen URLs.
 */
export async function runProviderTest(
  clients: LlmClientsService,
  profile: ProviderProfile,
  apiKey: string | null,
  timeoutMs: number,
): Promise<TestOutcome> {
  // No retries: a test reports the first answer, and a refusal cannot improve by retrying.
  const client = clients.client(profile, apiKey, { timeoutMs, maxRetries: 0 });
  const started = performance.now();
  const abort = new AbortController();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    for await (const ev of client.stream([{ role: 'user', content: 'Reply with OK.' }], [], abort.signal)) {
      if (ev.type === 'text' || ev.type === 'tool_call') break;
    }
    return { ok: true, latencyMs: elapsed() };
  } catch (e) {
    const refused = e instanceof EgressLlmError ? e : egressError(e, profile.name);
    if (refused) return { ok: false, latencyMs: elapsed(), error: refused.message, refused: true };
    return { ok: false, latencyMs: elapsed(), error: describeLlmError(e, profile.name, apiKey).message };
  } finally {
    abort.abort();
  }
}

/** API side: hands the test to a worker and waits for its answer. */
@Injectable()
export class ProviderTestQueue implements OnApplicationShutdown {
  private queue?: Queue<TestJob, TestOutcome>;
  private events?: QueueEvents;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  /** Created on first use: only the API's test endpoint needs them. */
  private open() {
    if (!this.queue || !this.events) {
      const prefix = bullPrefix(this.redis);
      this.queue = new Queue<TestJob, TestOutcome>(PROVIDER_TEST_QUEUE, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
        defaultJobOptions: { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
      });
      this.queue.on('error', () => undefined);
      this.events = new QueueEvents(PROVIDER_TEST_QUEUE, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
      });
      this.events.on('error', () => undefined);
    }
    return { queue: this.queue, events: this.events };
  }

  async run(workspaceId: string, profileId: string): Promise<TestOutcome> {
    const { queue, events } = this.open();
    await events.waitUntilReady();
    // A worker that picks the job up late would test for nobody: it expires with the wait.
    const waitMs = this.config.PROVIDER_TEST_TIMEOUT_MS + 5_000;
    const job = await queue.add('provider.test', { workspaceId, profileId });
    try {
      return await job.waitUntilFinished(events, waitMs);
    } catch (e) {
      await job.remove().catch(() => undefined);
      if (/timed out|ttl/i.test((e as Error).message))
        throw new ServiceUnavailableError(
          `no worker answered the connection test within ${Math.round(waitMs / 1000)} s; is a worker running?`,
        );
      throw e;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
  }
}

/** Worker side (ROLE=worker only): runs the tests the API hands over. */
@Injectable()
export class ProviderTestConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ProviderTests');
  private worker?: Worker<TestJob, TestOutcome>;
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly clients: LlmClientsService,
    @InjectRepository(ProviderProfile) private readonly profiles: Repository<ProviderProfile>,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  onApplicationBootstrap(): void {
    if (this.config.ROLE !== 'worker') return;
    this.worker = new Worker<TestJob, TestOutcome>(PROVIDER_TEST_QUEUE, (job) => this.process(job), {
      connection: this.redis.create({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(this.redis),
      concurrency: 4,
    });
    this.worker.on('error', (e) => this.logger.warn(`queue error: ${e.message}`));
  }

  private async process(job: Job<TestJob, TestOutcome>): Promise<TestOutcome> {
    const profile = await this.profiles.findOneBy({
      id: job.data.profileId,
      workspaceId: job.data.workspaceId,
    });
    if (!profile) return { ok: false, latencyMs: 0, error: 'provider not found' };
    const key = profile.apiKeyEnc ? this.box.open(profile.apiKeyEnc) : null;
    return runProviderTest(this.clients, profile, key, this.config.PROVIDER_TEST_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }
}
