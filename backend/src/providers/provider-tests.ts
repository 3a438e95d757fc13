import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job, Worker } from 'bullmq';
import { Repository } from 'typeorm';
import { ServiceUnavailableError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { serveWorkerRequests, WorkerRequests } from '../redis/bull.js';
import { RedisService } from '../redis/redis.service.js';
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
  private readonly requests: WorkerRequests<TestJob, TestOutcome>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    redis: RedisService,
  ) {
    this.requests = new WorkerRequests(redis, PROVIDER_TEST_QUEUE);
  }

  async run(workspaceId: string, profileId: string): Promise<TestOutcome> {
    const waitMs = this.config.PROVIDER_TEST_TIMEOUT_MS + 5_000;
    const outcome = await this.requests.request('provider.test', { workspaceId, profileId }, waitMs);
    if (outcome) return outcome;
    throw new ServiceUnavailableError(
      `no worker answered the connection test within ${Math.round(waitMs / 1000)} s; is a worker running?`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.requests.close();
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
    this.worker = serveWorkerRequests(
      this.redis,
      PROVIDER_TEST_QUEUE,
      (job) => this.process(job),
      this.logger,
    );
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
