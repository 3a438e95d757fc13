import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  PASSWORD,
  refreshCookie,
  signUp,
} from '../../test/clients.js';
import { connect, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, testConfig, uniqueName, type TestApi } from '../../test/harness.js';
import { linkToken, startInbox, type Inbox } from '../../test/smtp/inbox.js';
import { TaskJournal } from '../tasks/task-journal.service.js';

const NEW_PASSWORD = 'a brand new passphrase 42';

describe('email flows over a real SMTP server', () => {
  let inbox: Inbox;
  let api: TestApi;
  beforeAll(async () => {
    inbox = await startInbox();
    api = await startApi({
      ...inbox.env,
      MAIL_PER_ADDRESS_PER_HOUR: '3',
      PUBLIC_URL: 'https://roo.example.test',
    });
    await signUp(api); // the first account is the admin; the tests use later ones
  });
  afterAll(async () => {
    await api.close();
    await inbox.close();
  });

  const sql = async (text: string, params: unknown[]) => {
    const c = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  it('mails a verification link on sign-up; following it verifies the address once', async () => {
    const s = await signUp(api);
    const mail = await inbox.waitFor(s.email, /Confirm your email/);
    const link = mail.links.find((l) => l.includes('/verify-email?token='))!;
    expect(link.startsWith('https://roo.example.test/verify-email?token=roo_mail_')).toBe(true);
    const before = await http(api).get('/api/v1/account/security').set(bearer(s)).expect(200);
    expect(before.body.emailVerified).toBe(false);
    await http(api)
      .post('/api/v1/auth/email/verify')
      .send({ token: linkToken(link) })
      .expect(200);
    const after = await http(api).get('/api/v1/account/security').set(bearer(s)).expect(200);
    expect(after.body.emailVerified).toBe(true);
    // Reuse of the same link.
    const again = await http(api)
      .post('/api/v1/auth/email/verify')
      .send({ token: linkToken(link) })
      .expect(400);
    expect(again.body.message).toMatch(/invalid, expired or already used/);
    // Only the hash is at rest.
    const rows = await sql('SELECT token_hash FROM email_tokens WHERE user_id = $1', [s.id]);
    expect(JSON.stringify(rows)).not.toContain(linkToken(link));
  });

  it('resets a password through the mailed link: single use, sessions and sockets revoked, signed in', async () => {
    const s = await signUp(api);
    const socket = await connect(api.url, s.token);
    const closed = new Promise<{ reason: string }>((r) => socket.once('socket:closed', r));
    const res = await http(api)
      .post('/api/v1/auth/password/forgot')
      .send({ email: s.email.toUpperCase() })
      .expect(202);
    expect(res.body).toEqual({ status: 'sent' });
    const mail = await inbox.waitFor(s.email, /Reset your Roo Server password/);
    const link = mail.links.find((l) => l.includes('/reset-password?token='))!;
    const reset = await http(api)
      .post('/api/v1/auth/password/reset')
      .send({ token: linkToken(link), password: NEW_PASSWORD })
      .expect(200);
    // Signed in again on this device (new refresh cookie, access token), everything else signed out.
    expect(reset.body.user.email).toBe(s.email);
    expect(refreshCookie(reset)).toMatch(/^roo_refresh=roo_rt_/);
    expect((await closed).reason).toBe('session_revoked');
    await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(401);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(401);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: NEW_PASSWORD }).expect(200);
    // The link is single use.
    const reuse = await http(api)
      .post('/api/v1/auth/password/reset')
      .send({ token: linkToken(link), password: 'yet another passphrase' })
      .expect(400);
    expect(reuse.body.message).toMatch(/already used/);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: NEW_PASSWORD }).expect(200);
    socket.disconnect();
  });

  it('refuses an expired reset link and a made-up one', async () => {
    const s = await signUp(api);
    await http(api).post('/api/v1/auth/password/forgot').send({ email: s.email }).expect(202);
    const mail = await inbox.waitFor(s.email, /Reset your/);
    const token = linkToken(mail.links.find((l) => l.includes('/reset-password'))!);
    await sql(`UPDATE email_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [s.id]);
    await http(api).post('/api/v1/auth/password/reset').send({ token, password: NEW_PASSWORD }).expect(400);
    await http(api)
      .post('/api/v1/auth/password/reset')
      .send({ token: `roo_mail_${'A'.repeat(43)}`, password: NEW_PASSWORD })
      .expect(400);
    // The old password still works: nothing changed.
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
  });

  it('answers a reset request the same for an unknown address, mails nobody, and limits per address', async () => {
    const s = await signUp(api);
    const ghost = `${uniqueName('ghost')}@example.test`;
    const known = await http(api).post('/api/v1/auth/password/forgot').send({ email: s.email }).expect(202);
    const unknown = await http(api).post('/api/v1/auth/password/forgot').send({ email: ghost }).expect(202);
    expect(unknown.body).toEqual(known.body);
    await inbox.waitFor(s.email, /Reset your/);
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.to(ghost)).toEqual([]);
    // MAIL_PER_ADDRESS_PER_HOUR=3: the 4th request for an address is refused, known or not.
    for (const email of [s.email, ghost]) {
      await http(api).post('/api/v1/auth/password/forgot').send({ email }).expect(202);
      await http(api).post('/api/v1/auth/password/forgot').send({ email }).expect(202);
      const limited = await http(api).post('/api/v1/auth/password/forgot').send({ email }).expect(429);
      expect(limited.headers['retry-after']).toBeDefined();
    }
    // A new link retires the earlier ones: only the newest works.
    await waitFor(() => inbox.to(s.email).filter((m) => /Reset your/.test(m.subject)).length === 3);
    const links = inbox
      .to(s.email)
      .filter((m) => /Reset your/.test(m.subject))
      .map((m) => linkToken(m.links.find((l) => l.includes('/reset-password'))!));
    const open = await sql(
      `SELECT id FROM email_tokens WHERE user_id = $1 AND purpose = 'reset_password' AND used_at IS NULL`,
      [s.id],
    );
    expect(open).toHaveLength(1);
    await http(api)
      .post('/api/v1/auth/password/reset')
      .send({ token: links[0], password: NEW_PASSWORD })
      .expect(400);
  });

  it('mails a workspace invitation; the invitee signs up with the address and accepts', async () => {
    const owner = await signUp(api);
    const ws = await createWorkspace(api, owner, 'Mail team');
    const invitee = `${uniqueName('inv')}@example.test`;
    await http(api)
      .post(`/api/v1/workspaces/${ws}/members`)
      .set(bearer(owner))
      .send({ email: invitee, role: 'member' })
      .expect(202);
    const mail = await inbox.waitFor(invitee, /invited you to "Mail team"/);
    expect(mail.text).toContain('as member');
    const signUpLink = mail.links.find((l) => l.includes('/sign-up'))!;
    expect(new URL(signUpLink).searchParams.get('redirect')).toBe('/workspaces');
    const s = await signUp(api, invitee.split('@')[0]);
    const mine = await http(api).get('/api/v1/invitations').set(bearer(s)).expect(200);
    expect(mine.body).toHaveLength(1);
    await http(api).post(`/api/v1/invitations/${mine.body[0].id}/accept`).set(bearer(s)).expect(200);
    const members = await http(api).get(`/api/v1/workspaces/${ws}/members`).set(bearer(owner)).expect(200);
    expect(members.body.map((m: { email: string }) => m.email)).toContain(invitee);
  });

  it('mails an opted-in user once when their task waits for input (throttled), nobody else', async () => {
    const s = await signUp(api);
    const verify = await inbox.waitFor(s.email, /Confirm your email/);
    await http(api)
      .post('/api/v1/auth/email/verify')
      .send({ token: linkToken(verify.links.find((l) => l.includes('verify-email'))!) })
      .expect(200);
    const ws = await createWorkspace(api, s, 'Notify');
    // No worker runs here: the test moves the task's status itself, as the agent loop would.
    const providerId = await createFakeProvider(api, s, ws, 'http://127.0.0.1:9');
    const newTask = async () =>
      (
        await http(api)
          .post(`/api/v1/workspaces/${ws}/tasks`)
          .set(bearer(s))
          .send({ prompt: 'hi', mode: 'ask', providerId })
          .expect(201)
      ).body.id as string;
    const journal = api.app.get(TaskJournal);
    const wait = async (id: string) => {
      await journal.setStatus(id, 'running');
      await journal.setStatus(id, 'waiting_for_input');
    };
    // Not opted in: no mail.
    const quiet = await newTask();
    await wait(quiet);
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.to(s.email).filter((m) => /Task waiting/.test(m.subject))).toEqual([]);

    const on = await http(api)
      .patch('/api/v1/account/notifications')
      .set(bearer(s))
      .send({ taskWaiting: true });
    expect(on.status).toBe(200);
    const task = await newTask();
    await wait(task);
    const mail = await inbox.waitFor(s.email, /Task waiting for you/);
    expect(mail.links).toContain(`https://roo.example.test/workspaces/${ws}/tasks/${task}`);
    // Waiting again within TASK_WAIT_MAIL_INTERVAL_S: no second mail for that task.
    await journal.setStatus(task, 'running');
    await journal.setStatus(task, 'waiting_for_input');
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.to(s.email).filter((m) => /Task waiting/.test(m.subject))).toHaveLength(1);
  });
});

describe('without SMTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('says mail is unavailable where it is needed and everything else works', async () => {
    const caps = await http(api).get('/api/v1/auth/capabilities').expect(200);
    expect(caps.body).toMatchObject({ mail: false, emailVerification: 'off' });
    const s = await signUp(api);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
    const forgot = await http(api).post('/api/v1/auth/password/forgot').send({ email: s.email }).expect(503);
    expect(forgot.body.message).toMatch(/password reset needs email.*no mail \(SMTP\) configured/);
    const notify = await http(api)
      .patch('/api/v1/account/notifications')
      .set(bearer(s))
      .send({ taskWaiting: true })
      .expect(503);
    expect(notify.body.message).toMatch(/task notifications needs email/);
  });

  it('refuses EMAIL_VERIFICATION=required without SMTP at start, naming what is missing', () => {
    expect(() => testConfig({ EMAIL_VERIFICATION: 'required' })).toThrow(
      /EMAIL_VERIFICATION: required needs mail: set SMTP_URL or SMTP_HOST/,
    );
    expect(
      testConfig({ EMAIL_VERIFICATION: 'required', SMTP_URL: 'smtp://relay:25' }).EMAIL_VERIFICATION,
    ).toBe('required');
  });
});

describe('EMAIL_VERIFICATION=required', () => {
  let inbox: Inbox;
  let api: TestApi;
  beforeAll(async () => {
    inbox = await startInbox();
    api = await startApi({ ...inbox.env, EMAIL_VERIFICATION: 'required' });
    await signUp(api); // the first account (admin) never waits for a mail
  });
  afterAll(async () => {
    await api.close();
    await inbox.close();
  });

  it('signs a new account in only after its address is verified', async () => {
    const email = `${uniqueName('req')}@example.test`;
    const reg = await http(api)
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD, displayName: 'R' })
      .expect(201);
    expect(reg.body).toEqual({ verificationRequired: true, email });
    expect(reg.headers['set-cookie']).toBeUndefined();
    const denied = await http(api).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(403);
    expect(denied.body.message).toMatch(/confirm your email address first/);
    // A wrong password never learns whether the address is verified.
    await http(api).post('/api/v1/auth/login').send({ email, password: 'wrong password!!' }).expect(401);
    // One mail on sign-up, a fresh one on the refused sign-in; the fresh one retired the first.
    const mails = await waitFor(() => {
      const m = inbox.to(email).filter((x) => /Confirm your email/.test(x.subject));
      return m.length === 2 && m;
    });
    const [first, fresh] = mails.map((m) => linkToken(m.links.find((l) => l.includes('verify-email'))!));
    await http(api).post('/api/v1/auth/email/verify').send({ token: first }).expect(400);
    await http(api).post('/api/v1/auth/email/verify').send({ token: fresh }).expect(200);
    await http(api).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  });
});
