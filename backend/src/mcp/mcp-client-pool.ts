import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Agent } from 'undici';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { findEgressRefusal, type EgressPolicy } from '../providers/egress/egress-policy.js';
import { cleanText, MAX_RESOURCES, MAX_TOOLS, sanitizeResources, sanitizeTools } from './mcp-content.js';
import { mcpAgent, mcpEgressPolicy, mcpFetch } from './mcp-egress.js';
import type { McpResourceInfo, McpServer, McpToolInfo } from './mcp-server.entity.js';

/** Clients unused this long are closed. */
const IDLE_MS = 5 * 60_000;
/** The stack's service addresses move when containers are replaced. */
const REFRESH_MS = 30_000;
const MAX_PAGES = 10;

interface Entry {
  key: string;
  client: Promise<Client>;
  lastUsed: number;
}

/** A call that failed: the reason is safe to show (no header values; the caller redacts the server's text too). */
export class McpCallError extends Error {}

/**
 * The worker's MCP clients (Streamable HTTP), one per registered server and version of its
 * settings, reused across calls and tasks. Every request goes through the MCP egress policy,
 * is bounded by MCP_TIMEOUT_MS and its response by MCP_MAX_RESPONSE_BYTES; a client that
 * failed is thrown away, so the next call connects afresh. Calls are never retried: a tool
 * may have side effects.
 */
@Injectable()
export class McpClientPool implements OnModuleDestroy {
  private readonly logger = new Logger('McpClients');
  private readonly entries = new Map<string, Entry>();
  private net?: { policy: EgressPolicy; agent: Agent; timer: NodeJS.Timeout; ready: Promise<void> };
  private sweeper?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Created on first use: the API role, which never connects, builds none of it. */
  private network() {
    if (!this.net) {
      const policy = mcpEgressPolicy(this.config.MCP_TRUSTED_HOSTS, this.config.PROVIDER_EGRESS_DENY);
      const timer = setInterval(() => void policy.refreshDeniedAddresses(), REFRESH_MS);
      timer.unref();
      this.net = { policy, agent: mcpAgent(policy), timer, ready: policy.refreshDeniedAddresses() };
      this.sweeper = setInterval(() => this.sweep(), 60_000);
      this.sweeper.unref();
    }
    return this.net;
  }

  private options(): RequestOptions {
    return { timeout: this.config.MCP_TIMEOUT_MS, maxTotalTimeout: this.config.MCP_TIMEOUT_MS };
  }

  private async connect(server: McpServer, headers: Record<string, string>): Promise<Client> {
    const net = this.network();
    await net.ready;
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      fetch: mcpFetch(net.policy, net.agent, this.config.MCP_MAX_RESPONSE_BYTES),
      requestInit: { headers },
      // One attempt: a server that drops its event stream is not hammered.
      reconnectionOptions: {
        maxRetries: 0,
        initialReconnectionDelay: 1000,
        maxReconnectionDelay: 1000,
        reconnectionDelayGrowFactor: 1,
      },
    });
    const client = new Client({ name: 'roo-server', version: '1.0.0' }, { capabilities: {} });
    // Transport errors (a dropped event stream) surface on the next call; keep them out of the log noise.
    client.onerror = () => undefined;
    try {
      await client.connect(transport, this.options());
    } catch (e) {
      await client.close().catch(() => undefined);
      throw e;
    }
    return client;
  }

  private async drop(id: string, entry?: Entry) {
    const current = this.entries.get(id);
    if (!current || (entry && current !== entry)) return;
    this.entries.delete(id);
    await current.client.then((c) => c.close()).catch(() => undefined);
  }

  private sweep() {
    const now = Date.now();
    for (const [id, e] of this.entries) if (now - e.lastUsed > IDLE_MS) void this.drop(id, e);
  }

  /** Runs `fn` with the server's client; any failure drops the client and becomes an McpCallError. */
  async use<T>(
    server: McpServer,
    headers: Record<string, string>,
    fn: (client: Client, options: RequestOptions) => Promise<T>,
  ): Promise<T> {
    // New URL or headers (sealed afresh on every change) give a new key: a stale client is never used.
    const key = `${server.url}\n${server.headersEnc ?? ''}`;
    let entry = this.entries.get(server.id);
    if (entry && entry.key !== key) {
      await this.drop(server.id, entry);
      entry = undefined;
    }
    if (!entry) {
      entry = { key, client: this.connect(server, headers), lastUsed: Date.now() };
      entry.client.catch(() => undefined);
      this.entries.set(server.id, entry);
    }
    entry.lastUsed = Date.now();
    try {
      return await fn(await entry.client, this.options());
    } catch (e) {
      await this.drop(server.id, entry);
      throw new McpCallError(this.describe(server, e));
    }
  }

  /** A reason the admin or the model can act on, without the server's raw noise. */
  private describe(server: McpServer, e: unknown): string {
    const refused = findEgressRefusal(e);
    if (refused) return `MCP server ${server.name} refused: ${refused.message}`;
    if (e instanceof McpError && e.code === Number(ErrorCode.RequestTimeout))
      return `MCP server ${server.name} did not answer within ${this.config.MCP_TIMEOUT_MS} ms`;
    const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
    const status = e instanceof StreamableHTTPError && e.code ? `HTTP ${e.code}` : '';
    const message = cleanText(
      [status, (e as Error)?.message ?? String(e), cause?.code ?? cause?.message].filter(Boolean).join(': '),
      500,
    );
    return `MCP server ${server.name} failed: ${message}`;
  }

  /** The server's tools (and resources, when it offers any), as stored. */
  async discover(
    server: McpServer,
    headers: Record<string, string>,
  ): Promise<{ tools: McpToolInfo[]; resources: McpResourceInfo[] }> {
    return this.use(server, headers, async (client, options) => {
      const tools: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES && tools.length < MAX_TOOLS; page++) {
        const r = await client.listTools(cursor ? { cursor } : undefined, options);
        tools.push(...r.tools);
        cursor = r.nextCursor;
        if (!cursor) break;
      }
      const resources: unknown[] = [];
      if (client.getServerCapabilities()?.resources) {
        cursor = undefined;
        for (let page = 0; page < MAX_PAGES && resources.length < MAX_RESOURCES; page++) {
          const r = await client.listResources(cursor ? { cursor } : undefined, options);
          resources.push(...r.resources);
          cursor = r.nextCursor;
          if (!cursor) break;
        }
      }
      return { tools: sanitizeTools(tools), resources: sanitizeResources(resources) };
    });
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.entries.keys()].map((id) => this.drop(id)));
    if (this.net) {
      clearInterval(this.net.timer);
      await this.net.agent.close().catch(() => undefined);
    }
    this.logger.debug('MCP clients closed');
  }
}
