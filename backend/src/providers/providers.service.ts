import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateProviderDto, ProviderTestResult, ProviderView, UpdateProviderDto } from './dto.js';
import { describeLlmError, LlmClientsService } from './llm-clients.service.js';
import type { LlmClient } from './llm/llm-client.js';
import { ProviderProfile } from './provider-profile.entity.js';
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

/** Provider profiles of a workspace: viewers read, admins write; the key is sealed and never returned. */
@Injectable()
export class ProvidersService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(ProviderProfile) private readonly profiles: Repository<ProviderProfile>,
    private readonly workspaces: WorkspacesService,
    private readonly clients: LlmClientsService,
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

  async create(user: AuthUser, workspaceId: string, dto: CreateProviderDto): Promise<ProviderView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
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
    try {
      return toView(await this.profiles.save(row));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`a provider named "${row.name}" already exists`);
      throw e;
    }
  }

  async update(
    user: AuthUser,
    workspaceId: string,
    id: string,
    dto: UpdateProviderDto,
  ): Promise<ProviderView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.find(workspaceId, id);
    if (dto.name !== undefined) row.name = dto.name.trim();
    if (dto.baseUrl !== undefined) row.baseUrl = dto.baseUrl || null;
    if (dto.model !== undefined) row.model = dto.model.trim();
    if (dto.limits !== undefined) row.limits = { ...dto.limits };
    if (dto.apiKey !== undefined) {
      const key = dto.apiKey.trim();
      row.apiKeyEnc = key ? this.box.seal(key) : null;
      row.apiKeyHint = key ? keyHint(key) : null;
    }
    try {
      return toView(await this.profiles.save(row));
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`a provider named "${row.name}" already exists`);
      throw e;
    }
  }

  async remove(user: AuthUser, workspaceId: string, id: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    await this.find(workspaceId, id);
    await this.profiles.delete({ id, workspaceId });
  }

  /** One tiny streamed request through the same client (and circuit) tasks use. */
  async test(user: AuthUser, workspaceId: string, id: string): Promise<ProviderTestResult> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const profile = await this.find(workspaceId, id);
    const client = this.clientFor(profile);
    const started = performance.now();
    const abort = new AbortController();
    try {
      for await (const ev of client.stream([{ role: 'user', content: 'Reply with OK.' }], [], abort.signal)) {
        if (ev.type === 'text' || ev.type === 'tool_call') break;
      }
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (e) {
      return {
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        error: describeLlmError(e, profile.name).message,
      };
    } finally {
      abort.abort();
    }
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

  private async find(workspaceId: string, id: string): Promise<ProviderProfile> {
    const row = await this.profiles.findOneBy({ id, workspaceId });
    if (!row) throw new NotFoundError('provider not found');
    return row;
  }
}
