import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { hashToken, newToken } from '../auth/secrets.js';
import { MailService } from '../mail/mail.service.js';
import { changeEmailMail, passwordResetMail, verifyEmailMail } from '../mail/templates.js';
import type { User } from '../users/user.entity.js';
import { EmailToken, type EmailTokenPurpose } from './email-token.entity.js';

export const EMAIL_TOKEN_PREFIX = 'roo_mail_';

/**
 * Single-use links sent by mail. Only the token's SHA-256 is stored; a new link of a purpose
 * retires the user's earlier ones; using a link is one conditional UPDATE, so two requests
 * with the same token cannot both win.
 */
@Injectable()
export class EmailTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(EmailToken) private readonly tokens: Repository<EmailToken>,
    private readonly mail: MailService,
  ) {}

  async issue(userId: string, purpose: EmailTokenPurpose, email: string, ttlMs: number): Promise<string> {
    const token = newToken(EMAIL_TOKEN_PREFIX);
    await this.tokens.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await this.tokens.insert({
      userId,
      purpose,
      email,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ttlMs),
    });
    return token;
  }

  /** Uses a link up: the row if it was valid, unused and unexpired, else null. */
  async consume(purpose: EmailTokenPurpose, token: string): Promise<EmailToken | null> {
    if (!token.startsWith(EMAIL_TOKEN_PREFIX)) return null;
    const rows: { id: string }[][] = await this.tokens.query(
      `UPDATE email_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING id`,
      [hashToken(token), purpose],
    );
    const id = rows[0]?.[0]?.id;
    return id ? this.tokens.findOneBy({ id }) : null;
  }

  /** Retires every open link of a purpose (e.g. all reset links once the password changed). */
  async retire(userId: string, purpose: EmailTokenPurpose): Promise<void> {
    await this.tokens.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  async sendVerification(user: User): Promise<void> {
    if (!this.mail.available) return;
    const hours = this.config.EMAIL_VERIFY_TTL_HOURS;
    const token = await this.issue(user.id, 'verify_email', user.email, hours * 3_600_000);
    this.mail.sendInBackground(
      {
        to: user.email,
        ...verifyEmailMail({ name: user.displayName, url: this.link('verify-email', token), hours }),
      },
      'an address verification',
    );
  }

  async sendPasswordReset(user: User): Promise<void> {
    const minutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    const token = await this.issue(user.id, 'reset_password', user.email, minutes * 60_000);
    this.mail.sendInBackground(
      {
        to: user.email,
        ...passwordResetMail({ name: user.displayName, url: this.link('reset-password', token), minutes }),
      },
      'a password reset',
    );
  }

  async sendEmailChange(user: User, newEmail: string): Promise<void> {
    const hours = this.config.EMAIL_VERIFY_TTL_HOURS;
    const token = await this.issue(user.id, 'change_email', newEmail, hours * 3_600_000);
    this.mail.sendInBackground(
      {
        to: newEmail,
        ...changeEmailMail({ name: user.displayName, url: this.link('confirm-email', token), hours }),
      },
      'an address change confirmation',
    );
  }

  private link(page: string, token: string): string {
    return `${this.config.PUBLIC_URL}/${page}?token=${encodeURIComponent(token)}`;
  }
}
