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
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { SecretBox } from '../providers/secret-box.js';
import { bullPrefix } from '../tasks/tasks.queue.js';
import { McpCallError, McpClientPool } from './mcp-client-pool.js';
import { cleanText, redactor } from './mcp-content.js';
import { McpServer } from './mcp-server.entity.js';

export const MCP_DISCOVERY_QUEUE = 'mcp-discovery';

interface DiscoveryJob {
  workspaceId: string;
  serverId: string;
}
export interface DiscoveryOutcome {
  ok: boolean;
  error?: string;
}

/** The sealed headers of a server as a plain object (empty when none). */
export function openHeaders(box: SecretBox, server: McpServer): Record<string, string> {
  if (!server.headersEnc) return {};
  return JSON.parse(box.open(server.headersEnc)) as Record<string, string>;
}

/**
 * API side: asks a worker to list a server's tools and resources and waits for it. The API
 * never connects to user-chosen URLs itself (in Compose/Swarm only the worker has egress).
 */
@Injectable()
export class McpDiscoveryQueue implements OnApplicationShutdown {
  private queue?: Queue<DiscoveryJob, DiscoveryOutcome>;
  private events?: QueueEvents;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {}

  private open() {
    if (!this.queue || !this.events) {
      const prefix = bullPrefix(this.redis);
      this.queue = new Queue<DiscoveryJob, DiscoveryOutcome>(MCP_DISCOVERY_QUEUE, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
        defaultJobOptions: { attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
      });
      this.queue.on('error', () => undefined);
      this.events = new QueueEvents(MCP_DISCOVERY_QUEUE, {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix,
      });
      this.events.on('error', () => undefined);
    }
    return { queue: this.queue, events: this.events };
  }

  /** Never throws for a slow or missing worker: the outcome says so and the server keeps its last state. */
  async run(workspaceId: string, serverId: string): Promise<DiscoveryOutcome> {
    const { queue, events } = this.open();
    await events.waitUntilReady();
    // Connect + initialize + two lists, each bounded by MCP_TIMEOUT_MS, plus the pick-up.
    const waitMs = this.config.MCP_TIMEOUT_MS * 3 + 5_000;
    const job = await queue.add('mcp.discover', { workspaceId, serverId });
    try {
      return await job.waitUntilFinished(events, waitMs);
    } catch (e) {
      await job.remove().catch(() => undefined);
      if (/timed out|ttl/i.test((e as Error).message))
        return {
          ok: false,
          error: `no worker answered within ${Math.round(waitMs / 1000)} s; is a worker running?`,
        };
      return { ok: false, error: cleanText((e as Error).message, 500) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events?.close().catch(() => undefined);
    await this.queue?.close().catch(() => undefined);
  }
}

/** Worker side (ROLE=worker only): connects, lists, and stores what it found (or why it could not). */
@Injectable()
export class McpDiscoveryConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('McpDiscovery');
  private worker?: Worker<DiscoveryJob, DiscoveryOutcome>;
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly pool: McpClientPool,
    @InjectRepository(McpServer) private readonly servers: Repository<McpServer>,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  onApplicationBootstrap(): void {
    if (this.config.ROLE !== 'worker') return;
    this.worker = new Worker<DiscoveryJob, DiscoveryOutcome>(
      MCP_DISCOVERY_QUEUE,
      (job) => this.process(job),
      {
        connection: this.redis.create({ maxRetriesPerRequest: null }),
        prefix: bullPrefix(this.redis),
        concurrency: 4,
      },
    );
    this.worker.on('error', (e) => this.logger.warn(`queue error: ${e.message}`));
  }

  private async process(job: Job<DiscoveryJob, DiscoveryOutcome>): Promise<DiscoveryOutcome> {
    const server = await this.servers.findOneBy({ id: job.data.serverId, workspaceId: job.data.workspaceId });
    if (!server) return { ok: false, error: 'MCP server not found' };
    const headers = openHeaders(this.box, server);
    try {
      const found = await this.pool.discover(server, headers);
      await this.servers.update(
        { id: server.id },
        {
          // jsonb columns: TypeORM's deep-partial type cannot follow an open schema object.
          tools: found.tools as never,
          resources: found.resources as never,
          status: 'connected',
          lastError: null,
          discoveredAt: new Date(),
        },
      );
      return { ok: true };
    } catch (e) {
      const error = redactor(headers)(e instanceof McpCallError ? e.message : 'discovery failed');
      await this.servers.update({ id: server.id }, { status: 'error', lastError: error });
      return { ok: false, error };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }
}
