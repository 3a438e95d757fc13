import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MailService } from './mail.service.js';
import { invitationMail } from './templates.js';

export interface InvitationNotice {
  workspaceId: string;
  email: string;
  role: string;
  inviterId: string;
  expiresAt: Date;
}

/** Mails a workspace invitation to the invited address (when mail is configured). */
@Injectable()
export class InvitationMailer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
  ) {}

  /** In the background: the inviter's answer is the same with or without mail. */
  async invited(n: InvitationNotice): Promise<void> {
    if (!this.mail.available) return;
    const [row]: { workspace: string; inviter: string | null }[] = await this.db.query(
      `SELECT w.name AS workspace, u.display_name AS inviter
         FROM workspaces w LEFT JOIN users u ON u.id = $2 WHERE w.id = $1`,
      [n.workspaceId, n.inviterId],
    );
    if (!row) return;
    const base = this.config.PUBLIC_URL;
    // The invitations are listed on the workspaces page once signed in with the invited address.
    const url = `${base}/workspaces`;
    const signUpUrl =
      this.config.REGISTRATION_MODE === 'open'
        ? `${base}/sign-up?redirect=${encodeURIComponent('/workspaces')}`
        : null;
    this.mail.sendInBackground(
      {
        to: n.email,
        ...invitationMail({
          inviter: row.inviter ?? 'A teammate',
          workspace: row.workspace,
          role: n.role,
          url,
          signUpUrl,
          days: Math.max(1, Math.round((n.expiresAt.getTime() - Date.now()) / 86_400_000)),
        }),
      },
      'a workspace invitation',
    );
  }
}
