import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EgressRefusedError, type EgressPolicy } from '../providers/egress/egress-policy.js';
import { keyHint, SecretBox } from '../providers/secret-box.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateMcpServerDto, McpServerView, UpdateMcpServerDto } from './dto.js';
import { McpDiscoveryQueue } from './mcp-discovery.js';
import { checkMcpUrl, mcpEgressPolicy } from './mcp-egress.js';
import { McpServer } from './mcp-server.entity.js';

const MAX_HEADERS = 20;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/** Set by the transport itself; a user value would break or hijack the protocol. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'accept',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'keep-alive',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
]);

const toView = (s: McpServer): McpServerView => ({
  id: s.id,
  workspaceId: s.workspaceId,
  name: s.name,
  url: s.url,
  enabled: s.enabled,
  headers: s.headerHints ?? {},
  allowedTools: s.allowedTools ?? [],
  resourcesAllowed: s.resourcesAllowed,
  tools: s.tools ?? [],
  resources: s.resources ?? [],
  status: s.status,
  lastError: s.lastError,
  discoveredAt: s.discoveredAt,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** `Bearer …abcd`: enough to recognise a value, never enough to use it. */
function headerHint(value: string): string {
  const m = /^(\S+)\s+(\S+)$/.exec(value.trim());
  return m ? `${m[1]} ${keyHint(m[2])}` : keyHint(value);
}

const isUniqueViolation = (e: unknown) =>
  (e as { driverError?: { code?: string } })?.driverError?.code === '23505';

/**
 * Remote MCP servers of a workspace: viewers see them, admins register, change and remove
 * them and choose the tools the agent may call. Header values are sealed and never returned
 * or logged; a new URL needs them again (or the owner), so an admin cannot send the stored
 * token to a host of their choosing. Tools are listed by a worker. Every change is audited.
 */
@Injectable()
export class McpService {
  private readonly box: SecretBox;
  private readonly policy: EgressPolicy;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(McpServer) private readonly servers: Repository<McpServer>,
    private readonly workspaces: WorkspacesService,
    private readonly discovery: McpDiscoveryQueue,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
    this.policy = mcpEgressPolicy(config.MCP_TRUSTED_HOSTS, config.PROVIDER_EGRESS_DENY);
  }

  async list(user: AuthUser, workspaceId: string): Promise<McpServerView[]> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const rows = await this.servers.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async get(user: AuthUser, workspaceId: string, id: string): Promise<McpServerView> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return toView(await this.find(workspaceId, id));
  }

  async create(user: AuthUser, workspaceId: string, dto: CreateMcpServerDto, ip?: string) {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const url = this.checkUrl(dto.url);
    const headers = this.checkHeaders(dto.headers ?? {});
    const row = this.servers.create({
      workspaceId,
      name: dto.name,
      url,
      ...this.sealed(headers),
      enabled: dto.enabled ?? true,
      allowedTools: [],
      resourcesAllowed: false,
      tools: [],
      resources: [],
      status: 'unknown',
      lastError: null,
      discoveredAt: null,
      createdBy: user.id,
    });
    const saved = await this.save(row);
    await this.audit.record({
      actorId: user.id,
      action: 'mcp.server.created',
      target: `${workspaceId}/${saved.id}`,
      ip,
      meta: { name: saved.name, url, headers: Object.keys(headers) },
    });
    await this.discovery.run(workspaceId, saved.id);
    return toView(await this.find(workspaceId, saved.id));
  }

  async update(user: AuthUser, workspaceId: string, id: string, dto: UpdateMcpServerDto, ip?: string) {
    const role = await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.find(workspaceId, id);
    const before = {
      allowedTools: row.allowedTools,
      resourcesAllowed: row.resourcesAllowed,
      enabled: row.enabled,
    };
    const changed: string[] = [];
    let rediscover = false;
    if (dto.url !== undefined && dto.url !== row.url) {
      const url = this.checkUrl(dto.url);
      // The stored token would follow the server to the new host: only the owner may send it there.
      if (row.headersEnc && dto.headers === undefined && role !== 'owner')
        throw new BadInputError(
          'changing the MCP server URL needs its headers again in the same request (headers), or a workspace owner',
        );
      row.url = url;
      changed.push('url');
      rediscover = true;
      // Another server may give the same tool names other meanings: its tools are chosen anew.
      Object.assign(row, {
        allowedTools: [],
        resourcesAllowed: false,
        tools: [],
        resources: [],
        status: 'unknown',
      });
    }
    if (dto.headers !== undefined) {
      Object.assign(row, this.sealed(this.checkHeaders(dto.headers)));
      changed.push('headers');
      rediscover = true;
    }
    if (dto.name !== undefined && dto.name !== row.name) {
      row.name = dto.name;
      changed.push('name');
    }
    if (dto.enabled !== undefined && dto.enabled !== row.enabled) {
      row.enabled = dto.enabled;
      changed.push('enabled');
    }
    if (dto.allowedTools !== undefined && !changed.includes('url')) {
      const listed = new Set(row.tools.map((t) => t.name));
      const unknown = dto.allowedTools.filter((t) => !listed.has(t));
      if (unknown.length)
        throw new BadInputError(
          `the server does not list ${unknown.slice(0, 5).join(', ')}; refresh its tools or pick from: ${
            [...listed].slice(0, 20).join(', ') || 'none listed'
          }`,
        );
      row.allowedTools = [...new Set(dto.allowedTools)];
      changed.push('allowedTools');
    }
    if (dto.resourcesAllowed !== undefined && dto.resourcesAllowed !== row.resourcesAllowed) {
      row.resourcesAllowed = dto.resourcesAllowed;
      changed.push('resourcesAllowed');
    }
    const saved = await this.save(row);
    await this.audit.record({
      actorId: user.id,
      action: 'mcp.server.updated',
      target: `${workspaceId}/${id}`,
      ip,
      meta: {
        name: saved.name,
        changed,
        before,
        after: {
          allowedTools: saved.allowedTools,
          resourcesAllowed: saved.resourcesAllowed,
          enabled: saved.enabled,
        },
        ...(changed.includes('url') ? { url: saved.url } : {}),
      },
    });
    if (rediscover) await this.discovery.run(workspaceId, id);
    return toView(await this.find(workspaceId, id));
  }

  async remove(user: AuthUser, workspaceId: string, id: string, ip?: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.find(workspaceId, id);
    await this.servers.delete({ id: row.id });
    await this.audit.record({
      actorId: user.id,
      action: 'mcp.server.deleted',
      target: `${workspaceId}/${id}`,
      ip,
      meta: { name: row.name, url: row.url },
    });
  }

  /** Lists the server's tools and resources again (in a worker) and answers what is stored. */
  async refresh(user: AuthUser, workspaceId: string, id: string): Promise<McpServerView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    await this.find(workspaceId, id);
    await this.discovery.run(workspaceId, id);
    return toView(await this.find(workspaceId, id));
  }

  private async find(workspaceId: string, id: string): Promise<McpServer> {
    const row = await this.servers.findOneBy({ id, workspaceId });
    if (!row) throw new NotFoundError('MCP server not found');
    return row;
  }

  private async save(row: McpServer): Promise<McpServer> {
    try {
      return await this.servers.save(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`an MCP server named ${row.name} already exists`);
      throw e;
    }
  }

  private checkUrl(raw: string): string {
    try {
      return checkMcpUrl(raw, this.config.MCP_TRUSTED_HOSTS, this.policy).href;
    } catch (e) {
      if (e instanceof EgressRefusedError) throw new BadInputError(e.message);
      throw e;
    }
  }

  private checkHeaders(headers: Record<string, unknown>): Record<string, string> {
    const entries = Object.entries(headers);
    if (entries.length > MAX_HEADERS) throw new BadInputError(`at most ${MAX_HEADERS} headers`);
    const seen = new Set<string>();
    const out: Record<string, string> = {};
    for (const [name, value] of entries) {
      if (!HEADER_NAME.test(name)) throw new BadInputError(`header name ${name.slice(0, 40)} is not valid`);
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower))
        throw new BadInputError(`header ${name} is set by the MCP client itself`);
      if (seen.has(lower)) throw new BadInputError(`header ${name} is given twice`);
      seen.add(lower);
      if (typeof value !== 'string' || !value.trim() || value.length > 4000 || /[\r\n\0]/.test(value))
        throw new BadInputError(`header ${name} needs a one-line value of at most 4000 characters`);
      out[name] = value.trim();
    }
    return out;
  }

  private sealed(headers: Record<string, string>): Pick<McpServer, 'headersEnc' | 'headerHints'> {
    const names = Object.keys(headers);
    return {
      headersEnc: names.length ? this.box.seal(JSON.stringify(headers)) : null,
      headerHints: Object.fromEntries(names.map((n) => [n, headerHint(headers[n])])),
    };
  }
}
