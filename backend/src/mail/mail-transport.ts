import type { SMTPTransportOptions } from 'nodemailer';
import type { AppConfig } from '../config/app-config.js';

type SmtpConfig = Pick<
  AppConfig,
  'SMTP_URL' | 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_USER' | 'SMTP_PASSWORD' | 'SMTP_TLS'
>;

/** Whether outgoing mail is configured at all. */
export const mailConfigured = (c: SmtpConfig): boolean => Boolean(c.SMTP_URL ?? c.SMTP_HOST);

/**
 * Nodemailer SMTP options from the config, or null without SMTP. `starttls` refuses a server
 * that does not offer STARTTLS (no silent fallback to plain text); `none` never upgrades.
 */
export function smtpOptions(c: SmtpConfig): SMTPTransportOptions | null {
  if (!mailConfigured(c)) return null;
  const tls: Partial<SMTPTransportOptions> = {
    requireTLS: c.SMTP_TLS === 'starttls',
    ignoreTLS: c.SMTP_TLS === 'none',
    // Bounded waits: a dead relay must not hold requests or jobs for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
  if (c.SMTP_URL) return { url: c.SMTP_URL, ...tls };
  const secure = c.SMTP_TLS === 'tls';
  return {
    host: c.SMTP_HOST,
    port: c.SMTP_PORT ?? (secure ? 465 : 587),
    secure,
    ...(c.SMTP_USER ? { auth: { user: c.SMTP_USER, pass: c.SMTP_PASSWORD ?? '' } } : {}),
    ...tls,
  };
}
