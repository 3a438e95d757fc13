import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthService, deviceFromUserAgent, type ClientInfo, type LoginResult } from '../auth/auth.service.js';
import { PasswordService } from '../auth/password.service.js';
import { BadInputError } from '../common/errors/domain-errors.js';
import { MailService } from '../mail/mail.service.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { User } from '../users/user.entity.js';
import { normalizeEmail } from '../users/users.service.js';
import { EmailTokensService } from './email-tokens.service.js';

const LINK_INVALID = 'this link is invalid, expired or already used; ask for a new one';

/**
 * Password reset and address verification by mail. Requests answer the same whether or not
 * an account exists (mails go out in the background, so timing does not tell either); they
 * are limited per client IP and per address.
 */
@Injectable()
export class EmailFlowsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tokens: EmailTokensService,
    private readonly mail: MailService,
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
  ) {}

  capabilities() {
    return {
      mail: this.mail.available,
      emailVerification: this.mail.available ? this.config.EMAIL_VERIFICATION : 'off',
      requireAdminMfa: this.config.REQUIRE_ADMIN_MFA,
    };
  }

  async forgotPassword(rawEmail: string, ip: string): Promise<{ status: 'sent' }> {
    this.mail.require('password reset');
    const email = normalizeEmail(rawEmail);
    await this.limits.consume('auth', ip);
    await this.limits.consume('mail-address', email);
    const user = await this.users.findOneBy({ email });
    if (user && !user.disabledAt) await this.tokens.sendPasswordReset(user);
    await this.audit.record({
      actorId: user?.id ?? null,
      action: 'auth.password_reset_requested',
      target: email,
      ip,
      meta: { account: Boolean(user) },
    });
    return { status: 'sent' };
  }

  /** Sets the new password, uses the link up, and signs the account out everywhere. */
  async resetPassword(token: string, password: string, client: ClientInfo): Promise<LoginResult> {
    await this.limits.consume('auth', client.ip);
    // Hash first: an overloaded hasher (503) must not burn the link.
    const passwordHash = await this.passwords.hash(password);
    const row = await this.tokens.consume('reset_password', token);
    if (!row) throw new BadInputError(LINK_INVALID);
    const user = await this.users.findOneBy({ id: row.userId });
    // A link sent to an address the account no longer has, or to a disabled account, is dead.
    if (!user || user.disabledAt || user.email !== row.email) throw new BadInputError(LINK_INVALID);
    // Following the link proved the mailbox, so the address counts as verified too.
    await this.users.update(
      { id: user.id },
      { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
    );
    await this.tokens.retire(user.id, 'reset_password');
    await this.auth.revokeAllSessions(user.id, client.ip, 'auth.password_reset');
    await this.limits.reset('login-failures', user.email);
    return this.auth.passwordVerified(
      { ...user, passwordHash },
      deviceFromUserAgent(client.userAgent),
      client,
    );
  }

  async requestVerification(rawEmail: string, ip: string): Promise<{ status: 'sent' }> {
    this.mail.require('address verification');
    const email = normalizeEmail(rawEmail);
    await this.limits.consume('auth', ip);
    await this.limits.consume('mail-address', email);
    const user = await this.users.findOneBy({ email });
    if (user && !user.disabledAt && !user.emailVerifiedAt) await this.tokens.sendVerification(user);
    return { status: 'sent' };
  }

  async verifyEmail(token: string, ip: string): Promise<{ verified: true; email: string }> {
    await this.limits.consume('auth', ip);
    const row = await this.tokens.consume('verify_email', token);
    if (!row) throw new BadInputError(LINK_INVALID);
    const user = await this.users.findOneBy({ id: row.userId });
    if (!user || user.email !== row.email) throw new BadInputError(LINK_INVALID);
    if (!user.emailVerifiedAt) await this.users.update({ id: user.id }, { emailVerifiedAt: new Date() });
    await this.audit.record({ actorId: user.id, action: 'account.email_verified', target: user.id, ip });
    return { verified: true, email: user.email };
  }
}
