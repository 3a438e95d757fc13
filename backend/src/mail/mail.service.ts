import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ServiceUnavailableError } from '../common/errors/domain-errors.js';
import { mailConfigured, smtpOptions } from './mail-transport.js';
import type { MailContent } from './templates.js';

export interface OutgoingMail extends MailContent {
  to: string;
}

/** Thrown when a feature needs mail and the server has none configured. */
export class MailUnavailableError extends ServiceUnavailableError {
  constructor(feature: string) {
    super(`${feature} needs email, and this server has no mail (SMTP) configured; ask your administrator`);
  }
}

/** Sends mail over SMTP (nodemailer). Without SMTP it says so instead of pretending. */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const options = smtpOptions(config);
    this.transport = options ? nodemailer.createTransport(options) : null;
  }

  get available(): boolean {
    return this.transport !== null;
  }

  /** Throws a clear 503 when mail is not configured. */
  require(feature: string): void {
    if (!this.available) throw new MailUnavailableError(feature);
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.transport) throw new MailUnavailableError('sending mail');
    await this.transport.sendMail({
      from: this.config.SMTP_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  }

  /**
   * Sends in the background: the caller's answer neither waits for the relay nor depends on
   * it (so timing cannot tell whether an account exists). Failures are logged, without the
   * message's link.
   */
  sendInBackground(mail: OutgoingMail, what: string): void {
    if (!this.transport) return;
    const p = this.send(mail)
      .then(() => this.logger.log(`sent ${what}`))
      .catch((e: unknown) =>
        this.logger.warn(`could not send ${what}: ${e instanceof Error ? e.message : 'failed'}`),
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async onModuleDestroy(): Promise<void> {
    // Let mails already handed over finish (bounded by the transport's timeouts).
    await Promise.allSettled([...this.pending]);
    this.transport?.close();
  }
}

export { mailConfigured };
