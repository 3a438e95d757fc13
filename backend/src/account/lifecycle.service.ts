import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { MfaGate } from '../auth/mfa/mfa-gate.service.js';
import { RecoveryCode, UserTotp, WebauthnCredential } from '../auth/mfa/entities.js';
import { PasswordService } from '../auth/password.service.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../common/errors/domain-errors.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { User } from '../users/user.entity.js';

const requireAdmin = (user: AuthUser) => {
  if (!user.isAdmin) throw new ForbiddenError('administrators only');
};

/** Changing one's password, and the administrators' user management. Every action is audited. */
@Injectable()
export class LifecycleService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(UserTotp) private readonly totp: Repository<UserTotp>,
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    @InjectRepository(WebauthnCredential) private readonly passkeys: Repository<WebauthnCredential>,
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly mfa: MfaGate,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  private async get(id: string): Promise<User> {
    const u = await this.users.findOneBy({ id });
    if (!u) throw new NotFoundError('user not found');
    return u;
  }

  /** New password after the current one; every other sign-in of the account is revoked. */
  async changePassword(user: AuthUser, current: string, next: string, ip: string): Promise<void> {
    const me = await this.get(user.id);
    await this.limits.consume('mfa', me.id);
    if (!(await this.passwords.verify(me.passwordHash, current)))
      throw new BadInputError('the current password is wrong');
    await this.users.update({ id: me.id }, { passwordHash: await this.passwords.hash(next) });
    await this.auth.revokeAllSessions(me.id, ip, 'account.password_changed', user.sessionId);
  }

  async list(admin: AuthUser, limit = 50, cursor?: string) {
    requireAdmin(admin);
    if (cursor && Number.isNaN(Date.parse(cursor))) throw new BadInputError('cursor is not valid');
    const rows = await this.users.find({
      where: cursor ? { createdAt: LessThan(new Date(cursor)) } : {},
      order: { createdAt: 'DESC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    const items = await Promise.all(
      page.map(async (u) => {
        const m = await this.mfa.methods(u.id);
        return {
          id: u.id,
          email: u.email,
          displayName: u.displayName,
          isAdmin: u.isAdmin,
          disabled: u.disabledAt !== null,
          disabledAt: u.disabledAt,
          emailVerified: u.emailVerifiedAt !== null,
          totp: m.totp,
          passkeys: m.passkeys,
          createdAt: u.createdAt,
        };
      }),
    );
    return { items, nextCursor: rows.length > limit ? page.at(-1)!.createdAt.toISOString() : null };
  }

  async setDisabled(admin: AuthUser, id: string, disabled: boolean, ip: string) {
    requireAdmin(admin);
    if (id === admin.id) throw new BadInputError('you cannot disable your own account');
    const target = await this.get(id);
    await this.users.update({ id }, { disabledAt: disabled ? (target.disabledAt ?? new Date()) : null });
    if (disabled) await this.auth.revokeAllSessions(id, ip, 'admin.user_signed_out');
    await this.audit.record({
      actorId: admin.id,
      action: disabled ? 'admin.user_disabled' : 'admin.user_enabled',
      target: id,
      ip,
    });
    return { id, disabled };
  }

  async signOut(admin: AuthUser, id: string, ip: string): Promise<void> {
    requireAdmin(admin);
    await this.get(id);
    await this.auth.revokeAllSessions(id, ip, 'admin.user_signed_out');
    await this.audit.record({ actorId: admin.id, action: 'admin.user_force_signed_out', target: id, ip });
  }

  /** Removes the user's authenticator app, recovery codes and passkeys (lost phone). */
  async resetMfa(admin: AuthUser, id: string, ip: string): Promise<void> {
    requireAdmin(admin);
    await this.get(id);
    await this.totp.delete({ userId: id });
    await this.codes.delete({ userId: id });
    await this.passkeys.delete({ userId: id });
    await this.auth.revokeAllSessions(id, ip, 'admin.user_signed_out');
    await this.audit.record({ actorId: admin.id, action: 'admin.user_mfa_reset', target: id, ip });
  }
}
