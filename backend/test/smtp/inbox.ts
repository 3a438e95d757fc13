import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Links in the plain-text body, in order. */
  links: string[];
}

export interface Inbox {
  /** SMTP_* settings that point the API at this server. */
  env: Record<string, string>;
  mails: ReceivedMail[];
  /** The first mail to `to` (received after `since` mails) matching `subject`. */
  waitFor(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  /** Mails to `to` so far. */
  to(to: string): ReceivedMail[];
  close(): Promise<void>;
}

/** The credentials the server asks for (scripts/test-e2e.sh gives the e2e stack the same). */
export const SMTP_TEST_USER = 'roo-test';
export const SMTP_TEST_PASSWORD = 'smtp-pass-123';
const USER = SMTP_TEST_USER;
const PASS = SMTP_TEST_PASSWORD;

const addresses = (m: ParsedMail): string[] =>
  [m.to ?? []].flat().flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));

/**
 * A real SMTP server (smtp-server) that asks for AUTH and parses each message with
 * mailparser, for tests that read the mail a user would get and follow its link.
 */
export async function startInbox(port = 0): Promise<Inbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASS) cb(null, { user: USER });
      else cb(new Error('bad credentials'));
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          const text = m.text ?? '';
          mails.push({
            to: addresses(m),
            subject: m.subject ?? '',
            text,
            html: typeof m.html === 'string' ? m.html : '',
            links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((x) => x[0]),
          });
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as AddressInfo).port;
  const to = (addr: string) => mails.filter((m) => m.to.includes(addr.toLowerCase()));
  return {
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(bound),
      SMTP_USER: USER,
      SMTP_PASSWORD: PASS,
      SMTP_TLS: 'none',
      SMTP_FROM: 'Roo Test <roo@example.test>',
    },
    mails,
    to,
    async waitFor(addr, subject, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = to(addr).find((x) => !subject || subject.test(x.subject));
        if (m) return m;
        if (Date.now() > end)
          throw new Error(`no mail to ${addr} matching ${String(subject)} in ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `token` query parameter of a mailed link. */
export const linkToken = (link: string): string => new URL(link).searchParams.get('token') ?? '';
