import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hydrate, queryEntities } from '../database/raw-query.js';
import { AccessEventsPublisher } from '../realtime/access-events.publisher.js';
import { RedisService } from '../redis/redis.service.js';
import { StorageService } from '../storage/storage.service.js';
import { UsersService } from '../users/users.service.js';
import type { CreateWorkspaceDto, UpdateWorkspaceDto } from './dto.js';
import { Membership, roleRank, Workspace, type Role } from './entities.js';
import { RoleCache } from './role-cache.js';

export type MemberRemovedHook = (tx: EntityManager, workspaceId: string, userId: string) => Promise<void>;

export const workspacePrefix = (workspaceId: string) => `workspaces/${workspaceId}/`;

/** Workspaces, memberships and the one place that decides who may do what in a workspace. */
@Injectable()
export class WorkspacesService implements OnModuleInit, OnModuleDestroy {
  private readonly roles: RoleCache;
  private readonly memberRemovedHooks: MemberRemovedHook[] = [];
  private subscriber?: ReturnType<RedisService['create']>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisService,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>,
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    private readonly users: UsersService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
    private readonly access: AccessEventsPublisher,
  ) {
    this.roles = new RoleCache(config.MEMBERSHIP_CACHE_TTL_MS);
  }

  private get invalidationChannel(): string {
    return `${this.redis.prefix}membership-changed`;
  }

  /** Other processes' membership writes drop our cached roles of that workspace. */
  async onModuleInit(): Promise<void> {
    const sub = this.redis.create({ maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('message', (_channel: string, workspaceId: string) => this.roles.dropWorkspace(workspaceId));
    // Subscribed again after every reconnect (ioredis autoResubscribe).
    await sub.subscribe(this.invalidationChannel).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /**
   * Called after every membership write (and workspace deletion). `revoked`: access may
   * have shrunk (a member removed or re-roled, the workspace deleted: no `userId`), so
   * open sockets are re-checked on every api replica too.
   */
  private async membershipChanged(workspaceId: string, revoked?: { userId?: string }): Promise<void> {
    this.roles.dropWorkspace(workspaceId);
    await this.redis.client.publish(this.invalidationChannel, workspaceId).catch(() => undefined);
    if (revoked) await this.access.publish({ kind: 'membership-changed', workspaceId, ...revoked });
  }

  /**
   * Work that must leave with a member (their share links), run inside the removal's
   * transaction. Registered by features this module cannot import (they import it).
   */
  onMemberRemoved(hook: MemberRemovedHook): void {
    this.memberRemovedHooks.push(hook);
  }

  /** Forgets this process's cached roles in a workspace (before re-checking open sockets). */
  forgetRoles(workspaceId: string): void {
    this.roles.dropWorkspace(workspaceId);
  }

  /**
   * The caller's role in the workspace, required to be at least `min`. A non-member gets
   * 404 (the workspace's existence is not revealed); a member below `min` gets 403.
   */
  async requireRole(user: AuthUser, workspaceId: string, min: Role): Promise<Role> {
    let role = this.roles.get(workspaceId, user.id);
    if (!role) {
      const m = await this.memberships.findOneBy({ workspaceId, userId: user.id });
      if (!m) throw new NotFoundError('workspace not found');
      role = m.role;
      this.roles.set(workspaceId, user.id, role);
    }
    if (roleRank(role) < roleRank(min)) throw new ForbiddenError(`this needs the ${min} role or higher`);
    return role;
  }

  async create(user: AuthUser, dto: CreateWorkspaceDto) {
    return this.db.transaction(async (tx) => {
      const ws = await tx.save(
        tx.create(Workspace, {
          name: dto.name.trim(),
          description: dto.description ?? '',
          createdBy: user.id,
        }),
      );
      await tx.insert(Membership, { workspaceId: ws.id, userId: user.id, role: 'owner' });
      return { ...ws, role: 'owner' as Role };
    });
  }

  async list(user: AuthUser) {
    const rows: (Record<string, unknown> & { role: Role })[] = await this.db.query(
      `SELECT w.*, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id AND m.user_id = $1
       ORDER BY w.created_at DESC`,
      [user.id],
    );
    return rows.map((row) => ({ ...hydrate(this.db, Workspace, row), role: row.role }));
  }

  async get(user: AuthUser, id: string) {
    const role = await this.requireRole(user, id, 'viewer');
    const [ws] = await queryEntities(this.db, Workspace, 'SELECT * FROM workspaces WHERE id = $1', [id]);
    if (!ws) throw new NotFoundError('workspace not found');
    return { ...ws, role };
  }

  async update(user: AuthUser, id: string, dto: UpdateWorkspaceDto) {
    const role = await this.requireRole(user, id, 'admin');
    await this.workspaces.update(
      { id },
      {
        ...(dto.name ? { name: dto.name.trim() } : {}),
        ...(dto.description !== undefined ? { description: dto.description } : {}),
      },
    );
    return { ...(await this.workspaces.findOneByOrFail({ id })), role };
  }

  async remove(user: AuthUser, id: string, ip: string): Promise<void> {
    await this.requireRole(user, id, 'owner');
    await this.workspaces.delete({ id });
    await this.membershipChanged(id, {});
    await this.storage.deletePrefix(workspacePrefix(id));
    await this.audit.record({ actorId: user.id, action: 'workspace.deleted', target: id, ip });
  }

  async members(user: AuthUser, id: string) {
    await this.requireRole(user, id, 'viewer');
    const rows = await this.memberships.find({ where: { workspaceId: id }, order: { createdAt: 'ASC' } });
    const users = new Map((await this.users.findMany(rows.map((r) => r.userId))).map((u) => [u.id, u]));
    return rows.map((m) => ({
      userId: m.userId,
      email: users.get(m.userId)?.email,
      displayName: users.get(m.userId)?.displayName,
      role: m.role,
      createdAt: m.createdAt,
    }));
  }

  async changeRole(user: AuthUser, id: string, userId: string, role: Role, ip: string) {
    const myRole = await this.requireRole(user, id, 'admin');
    const result = await this.db.transaction(async (tx) => {
      // Lock the workspace's memberships so two demotions cannot remove the last owner together.
      const all = await tx.find(Membership, {
        where: { workspaceId: id },
        lock: { mode: 'pessimistic_write' },
      });
      const target = all.find((m) => m.userId === userId);
      if (!target) throw new NotFoundError('member not found');
      if ((role === 'owner' || target.role === 'owner') && myRole !== 'owner') {
        throw new ForbiddenError('only an owner can grant or take the owner role');
      }
      if (target.role === 'owner' && role !== 'owner' && all.filter((m) => m.role === 'owner').length === 1) {
        throw new ConflictError('the last owner cannot be demoted; make someone else owner first');
      }
      await tx.update(Membership, { workspaceId: id, userId }, { role });
      return { from: target.role };
    });
    await this.membershipChanged(id, { userId });
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.role_changed',
      target: `${id}/${userId}`,
      ip,
      meta: { from: result.from, to: role },
    });
    return { userId, role };
  }

  async removeMember(user: AuthUser, id: string, userId: string, ip: string): Promise<void> {
    const self = userId === user.id;
    const myRole = await this.requireRole(user, id, self ? 'viewer' : 'admin');
    await this.db.transaction(async (tx) => {
      const all = await tx.find(Membership, {
        where: { workspaceId: id },
        lock: { mode: 'pessimistic_write' },
      });
      const target = all.find((m) => m.userId === userId);
      if (!target) throw new NotFoundError('member not found');
      if (target.role === 'owner' && !self && myRole !== 'owner')
        throw new ForbiddenError('only an owner can remove an owner');
      if (target.role === 'owner' && all.filter((m) => m.role === 'owner').length === 1) {
        throw new ConflictError(
          'the last owner cannot leave; make someone else owner or delete the workspace',
        );
      }
      await tx.delete(Membership, { workspaceId: id, userId });
      for (const hook of this.memberRemovedHooks) await hook(tx, id, userId);
    });
    await this.membershipChanged(id, { userId });
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.member_removed',
      target: `${id}/${userId}`,
      ip,
    });
  }
}
