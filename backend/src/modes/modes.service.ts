import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateModeDto, ImportModesResult, ModeView, UpdateModeDto } from './dto.js';
import { Mode } from './mode.entity.js';
import { parseRooModes, serializeRooModes } from './roomodes.js';
import { invalidGroups } from './tool-policy.js';

const toView = (m: Mode): ModeView => ({
  slug: m.slug,
  name: m.name,
  roleDefinition: m.roleDefinition,
  whenToUse: m.whenToUse,
  customInstructions: m.customInstructions,
  groups: m.groups,
  builtIn: m.workspaceId === null,
});

/** Built-in modes (seeded by the migration) plus each workspace's custom modes; changes are audited (they widen or narrow what tasks may do). */
@Injectable()
export class ModesService {
  constructor(
    @InjectRepository(Mode) private readonly modes: Repository<Mode>,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, workspaceId: string): Promise<ModeView[]> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const rows = await this.modes.find({
      where: [{ workspaceId: IsNull() }, { workspaceId }],
      order: { createdAt: 'ASC' },
    });
    return rows.map(toView);
  }

  async create(user: AuthUser, workspaceId: string, dto: CreateModeDto, ip?: string): Promise<ModeView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    this.checkGroups(dto.groups);
    if (await this.modes.existsBy({ slug: dto.slug, workspaceId: IsNull() }))
      throw new ConflictError(`${dto.slug} is a built-in mode`);
    if (await this.modes.existsBy({ slug: dto.slug, workspaceId }))
      throw new ConflictError(`mode ${dto.slug} already exists`);
    const row = await this.modes.save(
      this.modes.create({
        workspaceId,
        slug: dto.slug,
        name: dto.name.trim(),
        roleDefinition: dto.roleDefinition,
        whenToUse: dto.whenToUse ?? '',
        customInstructions: dto.customInstructions ?? '',
        groups: dto.groups,
      }),
    );
    await this.audit.record({
      actorId: user.id,
      action: 'mode.created',
      target: `${workspaceId}/${row.slug}`,
      ip,
      meta: { groups: row.groups },
    });
    return toView(row);
  }

  async update(
    user: AuthUser,
    workspaceId: string,
    slug: string,
    dto: UpdateModeDto,
    ip?: string,
  ): Promise<ModeView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.custom(workspaceId, slug);
    const groupsBefore = row.groups;
    if (dto.groups !== undefined) this.checkGroups(dto.groups);
    Object.assign(row, {
      ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
      ...(dto.roleDefinition !== undefined ? { roleDefinition: dto.roleDefinition } : {}),
      ...(dto.whenToUse !== undefined ? { whenToUse: dto.whenToUse } : {}),
      ...(dto.customInstructions !== undefined ? { customInstructions: dto.customInstructions } : {}),
      ...(dto.groups !== undefined ? { groups: dto.groups } : {}),
    });
    const saved = await this.modes.save(row);
    await this.audit.record({
      actorId: user.id,
      action: 'mode.updated',
      target: `${workspaceId}/${slug}`,
      ip,
      meta: {
        changed: Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined),
        ...(dto.groups !== undefined ? { groupsBefore, groups: saved.groups } : {}),
      },
    });
    return toView(saved);
  }

  async remove(user: AuthUser, workspaceId: string, slug: string, ip?: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.custom(workspaceId, slug);
    await this.modes.delete({ id: row.id });
    await this.audit.record({
      actorId: user.id,
      action: 'mode.deleted',
      target: `${workspaceId}/${slug}`,
      ip,
    });
  }

  /**
   * Imports a Roo-Code `.roomodes` file (YAML or JSON). All or nothing: a file with an invalid
   * mode is refused with every reason. A slug taken by a built-in mode is skipped; an existing
   * custom mode is replaced only with `overwrite`.
   */
  async importModes(
    user: AuthUser,
    workspaceId: string,
    content: string,
    overwrite: boolean,
    ip?: string,
  ): Promise<ImportModesResult> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const parsed = parseRooModes(content);
    if (parsed.errors.length)
      throw new BadInputError(`cannot import: ${parsed.errors.slice(0, 20).join('; ')}`);
    const result: ImportModesResult = { created: [], updated: [], skipped: [], warnings: parsed.warnings };
    await this.modes.manager.transaction(async (em) => {
      const repo = em.getRepository(Mode);
      for (const m of parsed.modes) {
        if (await repo.existsBy({ slug: m.slug, workspaceId: IsNull() })) {
          result.skipped.push({ slug: m.slug, reason: 'a built-in mode has this slug' });
          continue;
        }
        const existing = await repo.findOneBy({ slug: m.slug, workspaceId });
        if (existing && !overwrite) {
          result.skipped.push({
            slug: m.slug,
            reason: 'a custom mode with this slug exists (import with overwrite to replace it)',
          });
          continue;
        }
        const groupsBefore = existing?.groups;
        await repo.save(existing ? Object.assign(existing, m) : repo.create({ ...m, workspaceId }));
        (existing ? result.updated : result.created).push(m.slug);
        await this.audit.record(
          {
            actorId: user.id,
            action: existing ? 'mode.updated' : 'mode.created',
            target: `${workspaceId}/${m.slug}`,
            ip,
            meta: { groups: m.groups, ...(existing ? { groupsBefore } : {}), imported: true },
          },
          em,
        );
      }
    });
    return result;
  }

  /** The workspace's custom modes (and the built-ins when asked) as a `.roomodes` file. */
  async exportModes(
    user: AuthUser,
    workspaceId: string,
    format: 'yaml' | 'json',
    includeBuiltIn: boolean,
  ): Promise<{ filename: string; contentType: string; content: string }> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const rows = await this.modes.find({
      where: includeBuiltIn ? [{ workspaceId: IsNull() }, { workspaceId }] : [{ workspaceId }],
      order: { createdAt: 'ASC' },
    });
    return {
      filename: '.roomodes',
      contentType: format === 'json' ? 'application/json' : 'application/yaml',
      content: serializeRooModes(rows, format),
    };
  }

  /** The mode a task of this workspace uses, custom first; null when there is none. */
  async resolve(workspaceId: string, slug: string): Promise<Mode | null> {
    // One query: the workspace's own mode of that slug wins over the built-in one.
    return this.modes.findOne({
      where: [
        { workspaceId, slug },
        { workspaceId: IsNull(), slug },
      ],
      order: { workspaceId: { direction: 'ASC', nulls: 'LAST' } },
    });
  }

  /** Every mode a workspace can use (for the orchestrator's prompt). */
  async available(workspaceId: string): Promise<Mode[]> {
    return this.modes.find({
      where: [{ workspaceId: IsNull() }, { workspaceId }],
      order: { createdAt: 'ASC' },
    });
  }

  private async custom(workspaceId: string, slug: string): Promise<Mode> {
    const row = await this.modes.findOneBy({ workspaceId, slug });
    if (row) return row;
    if (await this.modes.existsBy({ slug, workspaceId: IsNull() }))
      throw new ConflictError(`${slug} is a built-in mode and cannot change`);
    throw new NotFoundError('mode not found');
  }

  private checkGroups(groups: unknown): void {
    const reason = invalidGroups(groups);
    if (reason) throw new BadInputError(reason);
  }
}
