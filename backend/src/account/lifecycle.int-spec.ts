import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, PASSWORD, refreshCookie, signUp, type Session } from '../../test/clients.js';
import { connect } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

const NEW_PASSWORD = 'another long passphrase';

describe('account lifecycle', () => {
  let api: TestApi;
  let admin: Session;
  beforeAll(async () => {
    api = await startApi();
    admin = await signUp(api);
  });
  afterAll(() => api.close());

  const login = async (s: Session, password = PASSWORD) => {
    const res = await http(api).post('/api/v1/auth/login').send({ email: s.email, password }).expect(200);
    return { token: res.body.accessToken as string, cookie: refreshCookie(res) };
  };
  const actions = async () =>
    (
      (await http(api).get('/api/v1/admin/audit?limit=200').set(bearer(admin)).expect(200)).body.items as {
        action: string;
        target: string;
      }[]
    ).map((a) => `${a.action} ${a.target}`);

  it('changes the password with the current one; other sign-ins end, this one stays', async () => {
    const s = await signUp(api);
    const other = await login(s);
    const socket = await connect(api.url, other.token);
    const closed = new Promise<{ reason: string }>((r) => socket.once('socket:closed', r));
    await http(api)
      .post('/api/v1/account/password')
      .set(bearer(s))
      .send({ currentPassword: 'not my password', newPassword: NEW_PASSWORD })
      .expect(400);
    await http(api)
      .post('/api/v1/account/password')
      .set(bearer(s))
      .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
      .expect(204);
    expect((await closed).reason).toBe('session_revoked');
    await http(api).post('/api/v1/auth/refresh').set('Cookie', other.cookie).expect(401);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(200);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(401);
    await login(s, NEW_PASSWORD);
    expect(await actions()).toContain(`account.password_changed ${s.id}`);
    socket.disconnect();
  });

  it('lets only administrators list, disable, re-enable, sign out and reset 2FA, all audited', async () => {
    const s = await signUp(api);
    await http(api).get('/api/v1/admin/users').set(bearer(s)).expect(403);
    await http(api).post(`/api/v1/admin/users/${admin.id}/disable`).set(bearer(s)).expect(403);
    const list = await http(api).get('/api/v1/admin/users?limit=200').set(bearer(admin)).expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain(s.email);
    await http(api).get('/api/v1/admin/users?cursor=yesterday').set(bearer(admin)).expect(400);

    const device = await login(s);
    await http(api).post(`/api/v1/admin/users/${admin.id}/disable`).set(bearer(admin)).expect(400);
    await http(api).post(`/api/v1/admin/users/${s.id}/disable`).set(bearer(admin)).expect(200);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', device.cookie).expect(401);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(401);
    await http(api).post(`/api/v1/admin/users/${s.id}/enable`).set(bearer(admin)).expect(200);
    const again = await login(s);

    await http(api).post(`/api/v1/admin/users/${s.id}/sign-out`).set(bearer(admin)).expect(204);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', again.cookie).expect(401);

    // A lost phone: the admin removes the second factor; sign-in is one step again.
    const mine = await login(s);
    const setup = await http(api)
      .post('/api/v1/account/totp/setup')
      .set(bearer({ ...s, token: mine.token }));
    await http(api)
      .post('/api/v1/account/totp/confirm')
      .set(bearer({ ...s, token: mine.token }))
      .send({ code: await generate({ secret: setup.body.secret }) })
      .expect(200);
    const step = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: s.email, password: PASSWORD })
      .expect(200);
    expect(step.body.mfaRequired).toBe(true);
    await http(api).post(`/api/v1/admin/users/${s.id}/reset-2fa`).set(bearer(admin)).expect(204);
    const plain = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: s.email, password: PASSWORD })
      .expect(200);
    expect(plain.body.accessToken).toBeDefined();

    expect(await actions()).toEqual(
      expect.arrayContaining([
        `admin.user_disabled ${s.id}`,
        `admin.user_enabled ${s.id}`,
        `admin.user_force_signed_out ${s.id}`,
        `admin.user_mfa_reset ${s.id}`,
      ]),
    );
  });
});
