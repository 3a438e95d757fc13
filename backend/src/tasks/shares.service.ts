import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { roleRank } from '../workspaces/entities.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { ShareDto, ShareItem, ShareView } from './shares.dto.js';
import { SharesRepository, type ShareRow } from './shares.repository.js';
import { toMessageView } from './task-journal.service.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService, toTaskView } from './tasks.service.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const HOUR = 3600_000;
const DEFAULT_HOURS = 72;

/**
 * Public read-only links to a task. Only the token's hash is stored; a link lives until
 * the earlier of its own expiry and SHARE_MAX_TTL_DAYS after its creation (so lowering
 * the setting also cuts links made before), until revoked, or until its creator leaves
 * the workspace.
 */
@Injectable()
export class SharesService implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly shares: SharesRepository,
    private readonly tasks: TasksService,
    private readonly taskRows: TasksRepository,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // In the same transaction as the membership's removal: a member who leaves takes
    // their public links along.
    this.workspaces.onMemberRemoved((m, workspaceId, userId) => this.revokeForMember(m, workspaceId, userId));
  }

  private get maxHours(): number {
    return this.config.SHARE_MAX_TTL_DAYS * 24;
  }

  async create(user: AuthUser, taskId: string, dto: ShareDto, ip: string): Promise<ShareView> {
    const task = await this.tasks.readable(user, taskId);
    await this.workspaces.requireRole(user, task.workspaceId, 'member');
    const hours = dto.expiresInHours ?? Math.min(DEFAULT_HOURS, this.maxHours);
    if (hours > this.maxHours)
      throw new BadInputError(`expiresInHours must be at most ${this.maxHours} (SHARE_MAX_TTL_DAYS)`);
    const token = `rs_${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + hours * HOUR);
    const share = await this.shares.insert({
      taskId,
      tokenHash: hashToken(token),
      createdBy: user.id,
      expiresAt,
    });
    await this.audit.record({
      actorId: user.id,
      action: 'share.created',
      target: `${task.workspaceId}/${taskId}`,
      ip,
      meta: { shareId: share.id, expiresAt: expiresAt.toISOString() },
    });
    const url = `${this.config.PUBLIC_URL.replace(/\/$/, '')}/shared/${token}`;
    return { id: share.id, token, url, expiresAt };
  }

  /** Live links of a task (member+ of its workspace: the people who could make one). */
  async listForTask(user: AuthUser, taskId: string): Promise<ShareItem[]> {
    const task = await this.tasks.readable(user, taskId);
    await this.workspaces.requireRole(user, task.workspaceId, 'member');
    return (await this.shares.live({ taskId }, new Date(), this.oldestLive())).map((r) => this.toItem(r));
  }

  async listForWorkspace(user: AuthUser, workspaceId: string): Promise<ShareItem[]> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    return (await this.shares.live({ workspaceId }, new Date(), this.oldestLive())).map((r) =>
      this.toItem(r),
    );
  }

  /** Its creator or an admin/owner of the workspace; anyone else cannot tell it exists. */
  async revoke(user: AuthUser, shareId: string, ip: string): Promise<void> {
    const share = await this.shares.one(shareId);
    if (!share) throw new NotFoundError('share link not found');
    const role = await this.workspaces.requireRole(user, share.workspaceId, 'viewer').catch((e: unknown) => {
      throw e instanceof ForbiddenError ? e : new NotFoundError('share link not found');
    });
    if (roleRank(role) < roleRank('admin') && !(share.createdBy === user.id && role === 'member'))
      throw new ForbiddenError('only the link creator or a workspace admin can revoke it');
    await this.shares.remove(shareId);
    await this.audit.record({
      actorId: user.id,
      action: 'share.revoked',
      target: `${share.workspaceId}/${share.taskId}`,
      ip,
      meta: { shareId, createdBy: share.createdBy },
    });
  }

  /** Public, read-only: the task and its messages while the link is valid. */
  async shared(token: string) {
    const share = token.length <= 200 ? await this.shares.byToken(hashToken(token)) : null;
    const now = Date.now();
    const expiresAt = share ? this.effectiveExpiry(share) : null;
    if (!share || !expiresAt || expiresAt.getTime() <= now)
      throw new NotFoundError('share link not found or expired');
    const task = await this.taskRows.find(share.taskId);
    if (!task) throw new NotFoundError('share link not found or expired');
    // A public link shows the work, not who did it or where it lives.
    const {
      createdBy: _c,
      autoApprove: _a,
      workspaceId: _w,
      providerId: _p,
      parentId: _t,
      ...view
    } = toTaskView(task);
    return {
      task: view,
      messages: (await this.taskRows.messages(task.id, 0, 5000)).map(toMessageView),
      expiresAt,
    };
  }

  async revokeForMember(m: EntityManager, workspaceId: string, userId: string): Promise<void> {
    const ids = await this.shares.removeByCreator(m, workspaceId, userId);
    if (ids.length)
      await this.audit.record(
        {
          actorId: null,
          action: 'share.revoked',
          target: workspaceId,
          meta: { reason: 'creator left the workspace', createdBy: userId, shareIds: ids },
        },
        m,
      );
  }

  private oldestLive(): Date {
    return new Date(Date.now() - this.maxHours * HOUR);
  }

  private effectiveExpiry(s: { createdAt: Date; expiresAt: Date }): Date {
    return new Date(Math.min(s.expiresAt.getTime(), s.createdAt.getTime() + this.maxHours * HOUR));
  }

  private toItem(r: ShareRow): ShareItem {
    return {
      id: r.id,
      taskId: r.taskId,
      taskTitle: r.taskTitle,
      createdBy: r.createdBy,
      createdByName: r.createdByName,
      createdAt: r.createdAt,
      expiresAt: this.effectiveExpiry(r),
    };
  }
}
