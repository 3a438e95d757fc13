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
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { serveWorkerRequests, WorkerRequests } from '../redis/bull.js';
import { RedisService } from '../redis/redis.service.js';
import { SecretBox } from '../providers/secret-box.js';
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
  private readonly requests: WorkerRequests<DiscoveryJob, DiscoveryOutcome>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    redis: RedisService,
  ) {
    this.requests = new WorkerRequests(redis, MCP_DISCOVERY_QUEUE);
  }

  /** Never throws for a slow or missing worker: the outcome says so and the server keeps its last state. */
  async run(workspaceId: string, serverId: string): Promise<DiscoveryOutcome> {
    // Connect + initialize + two lists, each bounded by MCP_TIMEOUT_MS, plus the pick-up.
    const waitMs = this.config.MCP_TIMEOUT_MS * 3 + 5_000;
    try {
      const outcome = await this.requests.request('mcp.discover', { workspaceId, serverId }, waitMs);
      return (
        outcome ?? {
          ok: false,
          error: `no worker answered within ${Math.round(waitMs / 1000)} s; is a worker running?`,
        }
      );
    } catch (e) {
      return { ok: false, error: cleanText((e as Error).message, 500) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.requests.close();
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
    this.worker = serveWorkerRequests(
      this.redis,
      MCP_DISCOVERY_QUEUE,
      (job) => this.process(job),
      this.logger,
    );
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
