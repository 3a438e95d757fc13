import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, PASSWORD, refreshCookie, signUp, type Session } from '../../test/clients.js';
import { startApi, uniqueName, type TestApi } from '../../test/harness.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('auth', () => {
  let api: TestApi;
  let first: Session;
  beforeAll(async () => {
    api = await startApi();
    first = await signUp(api);
  });
  afterAll(() => api.close());

  it('makes the first user admin and later users not', async () => {
    const second = await signUp(api);
    const me1 = await http(api).get('/api/v1/auth/me').set(bearer(first)).expect(200);
    const me2 = await http(api).get('/api/v1/auth/me').set(bearer(second)).expect(200);
    expect(me1.body.isAdmin).toBe(true);
    expect(me2.body.isAdmin).toBe(false);
    expect(me1.body).not.toHaveProperty('passwordHash');
  });

  it('sets an httpOnly SameSite=Strict refresh cookie scoped to the auth path', async () => {
    const res = await http(api)
      .post('/api/v1/auth/register')
      .send({ email: `${uniqueName('c')}@example.test`, password: PASSWORD, displayName: 'C' })
      .expect(201);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'])
      .find((c) => c.startsWith('roo_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(res.body).not.toHaveProperty('refreshToken');
  });

  it('rejects a duplicate email with 409 and bad input with 400', async () => {
    const s = await signUp(api);
    await http(api)
      .post('/api/v1/auth/register')
      .send({ email: s.email.toUpperCase(), password: PASSWORD, displayName: 'x' })
      .expect(409);
    const bad = await http(api)
      .post('/api/v1/auth/register')
      .send({ email: 'nope', password: 'short', displayName: '' })
      .expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.body.message.join(' ')).toMatch(/email/);
    expect(bad.body.requestId).toBe(bad.headers['x-request-id']);
  });

  it('logs in with the right password only, with one message for every failure', async () => {
    const s = await signUp(api);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
    const wrong = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: s.email, password: 'wrong password!' })
      .expect(401);
    const unknown = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@example.test', password: 'wrong password!' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('rotates the refresh token on every use and revokes the family when a used one comes back', async () => {
    const s = await signUp(api);
    const r1 = await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(200);
    const c1 = refreshCookie(r1);
    expect(c1).not.toBe(s.cookie);
    const r2 = await http(api).post('/api/v1/auth/refresh').set('Cookie', c1).expect(200);
    const c2 = refreshCookie(r2);
    // Replaying the first (rotated) token is reuse: 401, and the newest token dies with its family.
    await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(401);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', c2).expect(401);
    const audit = await http(api).get('/api/v1/admin/audit?limit=200').set(bearer(first)).expect(200);
    expect(
      audit.body.items.some(
        (e: { action: string; actorId: string }) => e.action === 'auth.refresh_reuse' && e.actorId === s.id,
      ),
    ).toBe(true);
  });

  it('refresh accepts the token in the body for clients without cookies, and refuses garbage', async () => {
    const s = await signUp(api);
    const token = decodeURIComponent(s.cookie.split('=')[1]);
    await http(api).post('/api/v1/auth/refresh').send({ refreshToken: token }).expect(200);
    await http(api).post('/api/v1/auth/refresh').send({ refreshToken: 'roo_rt_nonsense' }).expect(401);
    await http(api).post('/api/v1/auth/refresh').send({}).expect(401);
  });

  it('logout revokes the session; logout-all revokes every session', async () => {
    const s = await signUp(api);
    await http(api).post('/api/v1/auth/logout').set('Cookie', s.cookie).expect(204);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(401);

    const login = async () =>
      refreshCookie(
        await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200),
      );
    const a = await login();
    const b = await login();
    const sessions = await http(api).get('/api/v1/auth/sessions').set(bearer(s)).expect(200);
    expect(sessions.body.length).toBeGreaterThanOrEqual(2);
    await http(api).post('/api/v1/auth/logout-all').set(bearer(s)).expect(204);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', a).expect(401);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', b).expect(401);
  });

  it('lists sessions per device and revokes one of them', async () => {
    const s = await signUp(api);
    const other = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: s.email, password: PASSWORD, deviceLabel: 'Phone' })
      .expect(200);
    const list = await http(api).get('/api/v1/auth/sessions').set(bearer(s)).expect(200);
    const phone = list.body.find((x: { deviceLabel: string }) => x.deviceLabel === 'Phone');
    expect(phone).toBeTruthy();
    expect(list.body.filter((x: { current: boolean }) => x.current)).toHaveLength(1);
    await http(api).delete(`/api/v1/auth/sessions/${phone.id}`).set(bearer(s)).expect(204);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', refreshCookie(other)).expect(401);
    await http(api).delete('/api/v1/auth/sessions/not-a-uuid').set(bearer(s)).expect(400);
  });

  it('rejects tampered, alg:none, wrong-key and expired access tokens', async () => {
    const s = await signUp(api);
    const [h, p, sig] = s.token.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = `${h}.${b64({ ...payload, adm: true })}.${sig}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, adm: true })}.`;
    const sign = (key: string, body: object) => {
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const data = `${head}.${b64(body)}`;
      return `${data}.${createHmac('sha256', key).update(data).digest('base64url')}`;
    };
    const wrongKey = sign('x'.repeat(64), payload);
    const expired = sign(api.config.JWT_SECRET, { ...payload, iat: 1000, exp: 2000 });
    for (const token of [tampered, none, wrongKey, expired, 'garbage']) {
      await http(api).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    }
    // The same signing path with the right key works, so the checks above are meaningful.
    await http(api)
      .get('/api/v1/auth/me')
      .set(
        'Authorization',
        `Bearer ${sign(api.config.JWT_SECRET, { ...payload, exp: Math.floor(Date.now() / 1000) + 60 })}`,
      )
      .expect(200);
    await http(api).get('/api/v1/auth/me').expect(401);
  });

  it('personal API tokens: shown once, scoped, revocable, last use recorded', async () => {
    const s = await signUp(api);
    const created = await http(api)
      .post('/api/v1/auth/tokens')
      .set(bearer(s))
      .send({ name: 'ci', scopes: ['read'] })
      .expect(201);
    const pat = { Authorization: `Bearer ${created.body.token}` };
    expect(created.body.token).toMatch(/^roo_pat_/);
    await http(api).get('/api/v1/workspaces').set(pat).expect(200);
    await http(api).post('/api/v1/workspaces').set(pat).send({ name: 'x' }).expect(403);
    const listed = await http(api).get('/api/v1/auth/tokens').set(bearer(s)).expect(200);
    expect(listed.body[0]).not.toHaveProperty('token');
    expect(listed.body[0].lastUsedAt).not.toBeNull();
    await http(api).delete(`/api/v1/auth/tokens/${created.body.id}`).set(bearer(s)).expect(204);
    await http(api).get('/api/v1/workspaces').set(pat).expect(401);
  });

  it('never writes passwords, tokens or cookies into the logs', async () => {
    const s = await signUp(api);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
    await http(api).post('/api/v1/auth/refresh').set('Cookie', s.cookie).expect(200);
    await http(api).get('/api/v1/auth/me').set(bearer(s)).expect(200);
    const all = api.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('/api/v1/auth/me');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(s.token);
    expect(all).not.toContain(s.cookie.split('=')[1]);
  });
});

describe('auth rate limits and registration modes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '3', REGISTRATION_MODE: 'invite' });
  });
  afterAll(() => api.close());

  let admin: Session;
  beforeAll(async () => {
    admin = await signUp(api); // the first user may register even in invite mode
  });

  it('limits login attempts per account with 429 and Retry-After, and recovers', async () => {
    const s = admin;
    for (let i = 0; i < 3; i++)
      await http(api)
        .post('/api/v1/auth/login')
        .send({ email: s.email, password: 'wrong password!' })
        .expect(401);
    const limited = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: s.email, password: PASSWORD })
      .expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.statusCode).toBe(429);
    // Recovery: the window is one minute; clearing the counter stands in for waiting it out.
    const redis = api.app.get((await import('../redis/redis.service.js')).RedisService);
    const keys = await redis.client.keys(`${redis.prefix}rl:login-account*`);
    await redis.client.del(...keys);
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
  });

  it('invite mode: registration needs a valid, unused invite', async () => {
    const body = { email: `${uniqueName('i')}@example.test`, password: PASSWORD, displayName: 'Invited' };
    await http(api).post('/api/v1/auth/register').send(body).expect(403);
    const invite = await http(api).post('/api/v1/auth/invites').set(bearer(admin)).send({}).expect(201);
    await http(api)
      .post('/api/v1/auth/register')
      .send({ ...body, inviteToken: invite.body.token })
      .expect(201);
    await http(api)
      .post('/api/v1/auth/register')
      .send({ ...body, email: `${uniqueName('j')}@example.test`, inviteToken: invite.body.token })
      .expect(403);
  });
});

describe('auth rate limit per IP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => api.close());

  it('answers 429 on the auth endpoints past the per-IP limit', async () => {
    const body = { email: 'someone@example.test', password: 'wrong password!' };
    for (let i = 0; i < 3; i++) await http(api).post('/api/v1/auth/login').send(body).expect(401);
    await http(api).post('/api/v1/auth/login').send(body).expect(429);
    await http(api)
      .post('/api/v1/auth/register')
      .send({ ...body, displayName: 'x' })
      .expect(429);
  });
});

describe('general rate limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => api.close());

  it('answers 429 past the per-IP limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await http(api).get('/api/v1/auth/me')).status);
    expect(codes.slice(0, 5).every((c) => c === 401)).toBe(true);
    expect(codes.slice(5)).toEqual([429, 429]);
  });
});
