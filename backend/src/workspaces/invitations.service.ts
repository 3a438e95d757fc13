import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, MoreThan, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors/domain-errors.js';
import { InvitationMailer } from '../mail/invitation-mailer.js';
import { normalizeEmail, UsersService } from '../users/users.service.js';
import type { AddMemberDto } from './dto.js';
import { Membership, Workspace, WorkspaceInvitation, type Role } from './entities.js';
import { WorkspacesService } from './workspaces.service.js';

/** How long an invitation waits for its answer. */
export const INVITATION_TTL_MS = 14 * 86_400_000;

export interface InvitationView {
  id: string;
  workspaceId: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

export interface MyInvitationView {
  id: string;
  workspaceId: string;
  workspaceName: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

const toView = (i: WorkspaceInvitation): InvitationView => ({
  id: i.id,
  workspaceId: i.workspaceId,
  email: i.email,
  role: i.role,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
});

/**
 * Adding someone by email creates an invitation, whatever the address: the inviter learns
 * neither whether an account exists nor its name, and nobody is put into a workspace (named
 * by someone else) without saying yes. The invitee sees pending invitations for their
 * account's email and accepts or declines them.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(WorkspaceInvitation) private readonly invitations: Repository<WorkspaceInvitation>,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly mailer: InvitationMailer,
  ) {}

  async invite(user: AuthUser, workspaceId: string, dto: AddMemberDto, ip: string) {
    const myRole = await this.workspaces.requireRole(user, workspaceId, 'admin');
    if (dto.role === 'owner' && myRole !== 'owner')
      throw new ForbiddenError('only an owner can add an owner');
    const email = normalizeEmail(dto.email);
    // The inviter already sees the member list, so "already a member" reveals nothing new.
    const [member] = (await this.db.query(
      `SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND u.email = $2`,
      [workspaceId, email],
    )) as unknown[];
    if (member) throw new ConflictError('already a member');
    const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
    // Inviting again renews the invitation (new role, new expiry) instead of piling up rows.
    await this.invitations.upsert(
      { workspaceId, email, role: dto.role, invitedBy: user.id, createdAt: new Date(), expiresAt },
      { conflictPaths: ['workspaceId', 'email'] },
    );
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.member_invited',
      target: workspaceId,
      ip,
      meta: { email, role: dto.role },
    });
    await this.mailer.invited({ workspaceId, email, role: dto.role, inviterId: user.id, expiresAt });
    return { status: 'invited' as const, email, role: dto.role, expiresAt };
  }

  async listForWorkspace(user: AuthUser, workspaceId: string): Promise<InvitationView[]> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const rows = await this.invitations.find({
      where: { workspaceId, expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toView);
  }

  async revoke(user: AuthUser, workspaceId: string, id: string, ip: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const row = await this.invitations.findOneBy({ id, workspaceId });
    if (!row) throw new NotFoundError('invitation not found');
    await this.invitations.delete({ id, workspaceId });
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.invitation_revoked',
      target: workspaceId,
      ip,
      meta: { email: row.email, role: row.role },
    });
  }

  /** The caller's pending invitations (by their account's email). */
  async listMine(user: AuthUser): Promise<MyInvitationView[]> {
    const me = await this.users.get(user.id);
    const rows: {
      id: string;
      workspace_id: string;
      workspace_name: string;
      role: Role;
      invited_by: string | null;
      created_at: Date;
      expires_at: Date;
    }[] = await this.db.query(
      `SELECT i.id, i.workspace_id, w.name AS workspace_name, i.role, u.display_name AS invited_by,
              i.created_at, i.expires_at
         FROM workspace_invitations i
         JOIN workspaces w ON w.id = i.workspace_id
         LEFT JOIN users u ON u.id = i.invited_by
        WHERE i.email = $1 AND i.expires_at > now()
        ORDER BY i.created_at DESC`,
      [me.email],
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      workspaceName: r.workspace_name,
      role: r.role,
      invitedBy: r.invited_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
    }));
  }

  /** Joins the workspace with the invited role; the invitation is used up. */
  async accept(user: AuthUser, id: string, ip: string) {
    const me = await this.users.get(user.id);
    const joined = await this.db.transaction(async (tx) => {
      const inv = await tx.findOne(WorkspaceInvitation, {
        where: { id, email: me.email, expiresAt: MoreThan(new Date()) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!inv) throw new NotFoundError('invitation not found');
      await tx.delete(WorkspaceInvitation, { id });
      await tx
        .createQueryBuilder()
        .insert()
        .into(Membership)
        .values({ workspaceId: inv.workspaceId, userId: user.id, role: inv.role })
        .orIgnore()
        .execute();
      const m = await tx.findOneByOrFail(Membership, { workspaceId: inv.workspaceId, userId: user.id });
      return { workspaceId: inv.workspaceId, role: m.role };
    });
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.invitation_accepted',
      target: `${joined.workspaceId}/${user.id}`,
      ip,
      meta: { role: joined.role },
    });
    const ws = await this.db.getRepository(Workspace).findOneByOrFail({ id: joined.workspaceId });
    return { ...ws, role: joined.role };
  }

  async decline(user: AuthUser, id: string, ip: string): Promise<void> {
    const me = await this.users.get(user.id);
    const row = await this.invitations.findOneBy({ id, email: me.email });
    if (!row) throw new NotFoundError('invitation not found');
    await this.invitations.delete({ id });
    await this.audit.record({
      actorId: user.id,
      action: 'workspace.invitation_declined',
      target: row.workspaceId,
      ip,
      meta: { role: row.role },
    });
  }
}
