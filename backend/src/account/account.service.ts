import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth-user.js';
import { MfaGate } from '../auth/mfa/mfa-gate.service.js';
import { WebauthnCredential } from '../auth/mfa/entities.js';
import { NotFoundError } from '../common/errors/domain-errors.js';
import { MailService } from '../mail/mail.service.js';
import { User } from '../users/user.entity.js';

/** The signed-in user's own security settings and notification choices. */
@Injectable()
export class AccountService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(WebauthnCredential) private readonly passkeys: Repository<WebauthnCredential>,
    private readonly mfa: MfaGate,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  private async me(user: AuthUser): Promise<User> {
    const me = await this.users.findOneBy({ id: user.id });
    if (!me) throw new NotFoundError('user not found');
    return me;
  }

  async security(user: AuthUser) {
    const me = await this.me(user);
    const methods = await this.mfa.methods(me.id);
    const passkeys = await this.passkeys.find({ where: { userId: me.id }, order: { createdAt: 'ASC' } });
    return {
      email: me.email,
      emailVerified: me.emailVerifiedAt !== null,
      mailAvailable: this.mail.available,
      notifications: { taskWaiting: me.notifyTaskWaiting },
      totp: methods.totp,
      recoveryCodesLeft: methods.recoveryCodesLeft,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.createdAt,
        lastUsedAt: p.lastUsedAt,
      })),
      // An admin signed in without admin powers until they add a second factor.
      adminMfaRequired:
        me.isAdmin && this.config.REQUIRE_ADMIN_MFA && !methods.totp && methods.passkeys === 0,
    };
  }

  async setNotifications(user: AuthUser, taskWaiting: boolean, ip: string) {
    if (taskWaiting) this.mail.require('task notifications');
    await this.users.update({ id: user.id }, { notifyTaskWaiting: taskWaiting });
    await this.audit.record({
      actorId: user.id,
      action: 'account.notifications_changed',
      target: user.id,
      ip,
      meta: { taskWaiting },
    });
    return { taskWaiting };
  }
}
