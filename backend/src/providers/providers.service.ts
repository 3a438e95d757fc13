import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateProviderDto, ProviderTestResult, ProviderView, UpdateProviderDto } from './dto.js';
import { EgressRefusedError } from './egress/egress-policy.js';
import { EgressService } from './egress/egress.service.js';
import { LlmClientsService } from './llm-clients.service.js';
import type { LlmClient } from './llm/llm-client.js';
import { ProviderProfile } from './provider-profile.entity.js';
import { ProviderTestQueue } from './provider-tests.js';
import { keyHint, SecretBox } from './secret-box.js';

const toView = (p: ProviderProfile): ProviderView => ({
  id: p.id,
  workspaceId: p.workspaceId,
  name: p.name,
  kind: p.kind,
  baseUrl: p.baseUrl,
  model: p.model,
  apiKeyHint: p.apiKeyHint,
  limits: p.limits ?? {},
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const isUniqueViolation = (e: unknown) =>
  (e as { driverError?: { code?: string } })?.driverError?.code === '23505';

/** The endpoint a profile's key goes to; `null` = the SDK's default host for the kind. */
const endpointOf = (baseUrl: string | null | undefined) => (baseUrl ? new URL(baseUrl).href : null);

/**
 * Provider profiles of a workspace: viewers read, admins write; the key is sealed and never
 * returned. Moving a profile to another endpoint needs the key again (or the owner), so an
 * admin cannot send the owner's key to a host of their choosing. Every change is audited.
 */
@Injectable()
export class ProvidersService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(ProviderProfile) private readonly profiles: Repository<ProviderProfile>,
    private readonly workspaces: WorkspacesService,
    private readonly clients: LlmClientsService,
    private readonly egress: EgressService,
    private readonly tests: ProviderTestQueue,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  async list(user: AuthUser, workspaceId: string): Promise<ProviderView[]> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const rows = await this.profiles.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
    return rows.map(toView);
  }

  async get(user: AuthUser, workspaceId: string, id: string): Promise<ProviderView> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return toView(await this.find(workspaceId, id));
  }

  async create(
    user: AuthUser,
    workspaceId: string,
    dto: CreateProviderDto,
    ip?: string,
  ): Promise<ProviderView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    this.checkUrl(dto.baseUrl);
    const key = dto.apiKey?.trim() || null;
    const row = this.profiles.create({
      workspaceId,
      name: dto.name.trim(),
      kind: dto.kind,
      baseUrl: dto.baseUrl ?? null,
      model: dto.model.trim(),
      apiKeyEnc: key ? this.box.seal(key) : null,
      apiKeyHint: key ? keyHint(key) : null,
      limits: { ...(dto.limits ?? {}) },
      createdBy: user.id,
    });
    const saved = await this.save(row);
    await this.audit.record({
      actorId: user.id,
      action: 'provider.created',
      target: `${workspaceId}/${saved.id}`,
      ip,
      meta: { name: saved.name, kind: saved.kind, baseUrl: saved.baseUrl, key: key !== null },
    });
    return saved;
  }

  async update(
    user: AuthUser,
    workspaceId: string,
    id: string,
    dto: UpdateProviderDto,
    ip?: string,
  ): Promise<ProviderView> {
    const role = await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.find(workspaceId, id);
    const changed: string[] = [];
    const endpointChanged =
      dto.baseUrl !== undefined && endpointOf(dto.baseUrl || null) !== endpointOf(row.baseUrl);
    if (endpointChanged) {
      this.checkUrl(dto.baseUrl || undefined);
      // The stored key would follow the profile to the new host: only its owner may send it there.
      if (row.apiKeyEnc && dto.apiKey === undefined && role !== 'owner')
        throw new BadInputError(
          'changing the provider URL needs the API key again in the same request (apiKey), or a workspace owner',
        );
      row.baseUrl = dto.baseUrl || null;
      changed.push('baseUrl');
    }
    if (dto.name !== undefined && dto.name.trim() !== row.name) {
      row.name = dto.name.trim();
      changed.push('name');
    }
    if (dto.model !== undefined && dto.model.trim() !== row.model) {
      row.model = dto.model.trim();
      changed.push('model');
    }
    if (dto.limits !== undefined) {
      row.limits = { ...dto.limits };
      changed.push('limits');
    }
    if (dto.apiKey !== undefined) {
      const key = dto.apiKey.trim();
      row.apiKeyEnc = key ? this.box.seal(key) : null;
      row.apiKeyHint = key ? keyHint(key) : null;
      changed.push(key ? 'apiKey' : 'apiKey removed');
    }
    const saved = await this.save(row);
    await this.audit.record({
      actorId: user.id,
      action: 'provider.updated',
      target: `${workspaceId}/${id}`,
      ip,
      meta: { changed, ...(endpointChanged ? { baseUrl: saved.baseUrl } : {}) },
    });
    return saved;
  }

  async remove(user: AuthUser, workspaceId: string, id: string, ip?: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.find(workspaceId, id);
    await this.profiles.delete({ id, workspaceId });
    await this.audit.record({
      actorId: user.id,
      action: 'provider.deleted',
      target: `${workspaceId}/${id}`,
      ip,
      meta: { name: row.name, baseUrl: row.baseUrl },
    });
  }

  /**
   * One tiny streamed request, run by a worker (ProviderTestQueue). A URL the egress policy
   * refuses answers 400 with the reason; any other failure is `ok: false` with a status line.
   */
  async test(user: AuthUser, workspaceId: string, id: string, ip?: string): Promise<ProviderTestResult> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const profile = await this.find(workspaceId, id);
    const outcome = await this.tests.run(workspaceId, profile.id);
    await this.audit.record({
      actorId: user.id,
      action: 'provider.tested',
      target: `${workspaceId}/${id}`,
      ip,
      meta: { baseUrl: profile.baseUrl, ok: outcome.ok, refused: outcome.refused ?? false },
    });
    if (outcome.refused) throw new BadInputError(outcome.error ?? 'refused by the egress policy');
    return {
      ok: outcome.ok,
      latencyMs: outcome.latencyMs,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }

  /** For the worker: the profile a task uses (access was checked when the task was created). */
  async profileForTask(workspaceId: string, id: string | null): Promise<ProviderProfile | null> {
    if (!id) return null;
    return this.profiles.findOneBy({ id, workspaceId });
  }

  /** Checks a profile belongs to the workspace (when a task is created). */
  async assertExists(workspaceId: string, id: string): Promise<void> {
    await this.find(workspaceId, id);
  }

  clientFor(profile: ProviderProfile): LlmClient {
    return this.clients.client(profile, profile.apiKeyEnc ? this.box.open(profile.apiKeyEnc) : null);
  }

  /** A clear 400 for URLs the egress policy refuses without DNS (addresses, own services, #). */
  private checkUrl(baseUrl: string | undefined): void {
    if (!baseUrl) return;
    try {
      this.egress.policy.checkUrl(baseUrl);
    } catch (e) {
      if (e instanceof EgressRefusedError) throw new BadInputError(e.message);
      throw e;
    }
  }

  private async save(row: ProviderProfile): Promise<ProviderView> {
    try {
      return toView(await this.profiles.save(row));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`a provider named "${row.name}" already exists`);
      throw e;
    }
  }

  private async find(workspaceId: string, id: string): Promise<ProviderProfile> {
    const row = await this.profiles.findOneBy({ id, workspaceId });
    if (!row) throw new NotFoundError('provider not found');
    return row;
  }
}
