import { createHmac } from 'node:crypto';
import { generate } from 'otplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, PASSWORD, refreshCookie, signUp, type Session } from '../../../test/clients.js';
import { startApi, type TestApi } from '../../../test/harness.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A code of the next 30 s step: valid (tolerance ±30 s) and not the step a previous test used. */
const codeAt = (secret: string, offsetS = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetS });

async function enableTotp(api: TestApi, s: Session) {
  const setup = await http(api).post('/api/v1/account/totp/setup').set(bearer(s)).expect(201);
  const secret = setup.body.secret as string;
  expect(setup.body.otpauthUrl).toContain(`secret=${secret}`);
  const confirmed = await http(api)
    .post('/api/v1/account/totp/confirm')
    .set(bearer(s))
    .send({ code: await codeAt(secret, -30) })
    .expect(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

const login = (api: TestApi, s: Session) =>
  http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);

describe('second factor: TOTP and recovery codes', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    await signUp(api);
  });
  afterAll(() => api.close());

  const sql = async (text: string, params: unknown[]) => {
    const c = new pg.Client({ connectionString: api.config.DATABASE_URL });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  it('sets up TOTP with a first code; the secret is sealed and recovery codes hashed at rest', async () => {
    const s = await signUp(api);
    const setup = await http(api).post('/api/v1/account/totp/setup').set(bearer(s)).expect(201);
    const wrong = await http(api)
      .post('/api/v1/account/totp/confirm')
      .set(bearer(s))
      .send({ code: '000000' })
      .expect(400);
    expect(wrong.body.message).toMatch(/code is wrong/);
    const ok = await http(api)
      .post('/api/v1/account/totp/confirm')
      .set(bearer(s))
      .send({ code: await codeAt(setup.body.secret) })
      .expect(200);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    const [row] = await sql('SELECT secret_sealed FROM user_totp WHERE user_id = $1', [s.id]);
    expect(String(row.secret_sealed)).toMatch(/^v1\./);
    expect(String(row.secret_sealed)).not.toContain(setup.body.secret);
    const hashes = JSON.stringify(
      await sql('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [s.id]),
    );
    for (const c of ok.body.recoveryCodes as string[]) {
      expect(hashes).not.toContain(c);
      expect(hashes).not.toContain(c.replaceAll('-', ''));
    }
    const sec = await http(api).get('/api/v1/account/security').set(bearer(s)).expect(200);
    expect(sec.body).toMatchObject({ totp: true, recoveryCodesLeft: 10 });
    // A second setup while one is active is refused.
    await http(api).post('/api/v1/account/totp/setup').set(bearer(s)).expect(409);
  });

  it('makes sign-in two steps: password → challenge token → TOTP; codes and challenges work once', async () => {
    const s = await signUp(api);
    const { secret } = await enableTotp(api, s);
    const step1 = await login(api, s);
    expect(step1.body).toMatchObject({ mfaRequired: true, methods: { totp: true, recoveryCode: true } });
    expect(step1.body.accessToken).toBeUndefined();
    expect(step1.headers['set-cookie']).toBeUndefined();
    // The challenge is no access token.
    await http(api).get('/api/v1/auth/me').set('Authorization', `Bearer ${step1.body.mfaToken}`).expect(401);
    // Wrong code.
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: step1.body.mfaToken, code: '123456' })
      .expect(401);
    const code = await codeAt(secret);
    const done = await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: step1.body.mfaToken, code })
      .expect(200);
    expect(done.body.user.id).toBe(s.id);
    expect(refreshCookie(done)).toMatch(/^roo_refresh=/);
    await http(api)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${done.body.accessToken}`)
      .expect(200);
    // The same challenge again (even with a fresh code): already used.
    const reuse = await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: step1.body.mfaToken, code: await codeAt(secret, 30) })
      .expect(401);
    expect(reuse.body.message).toMatch(/already used/);
    // The same code with a new challenge: a TOTP code is accepted once.
    const step2 = await login(api, s);
    await http(api).post('/api/v1/auth/mfa/verify').send({ mfaToken: step2.body.mfaToken, code }).expect(401);
  });

  it('accepts each recovery code once, however it is typed', async () => {
    const s = await signUp(api);
    const { recoveryCodes } = await enableTotp(api, s);
    const a = await login(api, s);
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: a.body.mfaToken, recoveryCode: recoveryCodes[0].toLowerCase().replaceAll('-', ' ') })
      .expect(200);
    const b = await login(api, s);
    const reuse = await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: b.body.mfaToken, recoveryCode: recoveryCodes[0] })
      .expect(401);
    expect(reuse.body.message).toMatch(/wrong or was already used/);
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: b.body.mfaToken, recoveryCode: recoveryCodes[1] })
      .expect(200);
    const sec = await http(api).get('/api/v1/account/security').set(bearer(s)).expect(200);
    expect(sec.body.recoveryCodesLeft).toBe(8);
  });

  it('refuses an expired or forged challenge, and limits guesses per account', async () => {
    const s = await signUp(api);
    const { secret } = await enableTotp(api, s);
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: object, key: string) => {
      const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
      return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
    };
    const claims = { sub: s.id, typ: 'mfa', jti: 'x', dev: 'd', iat: now - 600, exp: now - 300 };
    const expired = sign(claims, api.config.JWT_SECRET);
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: expired, code: await codeAt(secret) })
      .expect(401);
    const forged = sign({ ...claims, exp: now + 300 }, 'not the server key, but long enough 0123456789');
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: forged, code: await codeAt(secret) })
      .expect(401);
    // MFA_ATTEMPTS_PER_MINUTE (5): the 6th guess on the account is 429, even with a new challenge.
    const step = await login(api, s);
    for (let i = 0; i < 5; i++)
      await http(api)
        .post('/api/v1/auth/mfa/verify')
        .send({ mfaToken: step.body.mfaToken, code: String(100000 + i) })
        .expect(401);
    const again = await login(api, s);
    await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: again.body.mfaToken, code: await codeAt(secret) })
      .expect(429);
  });

  it('turns TOTP off only with the password; sign-in is one step again', async () => {
    const s = await signUp(api);
    await enableTotp(api, s);
    await http(api)
      .post('/api/v1/account/totp/disable')
      .set(bearer(s))
      .send({ password: 'wrong password' })
      .expect(400);
    await http(api)
      .post('/api/v1/account/totp/disable')
      .set(bearer(s))
      .send({ password: PASSWORD })
      .expect(204);
    const res = await login(api, s);
    expect(res.body.accessToken).toBeDefined();
  });
});

describe('REQUIRE_ADMIN_MFA', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ REQUIRE_ADMIN_MFA: 'true' });
  });
  afterAll(() => api.close());

  it('gives an admin admin powers only once a second factor guards the sign-in', async () => {
    const admin = await signUp(api);
    await http(api).get('/api/v1/admin/audit').set(bearer(admin)).expect(403);
    const sec = await http(api).get('/api/v1/account/security').set(bearer(admin)).expect(200);
    expect(sec.body.adminMfaRequired).toBe(true);
    const { secret } = await enableTotp(api, admin);
    const step = await login(api, admin);
    const done = await http(api)
      .post('/api/v1/auth/mfa/verify')
      .send({ mfaToken: step.body.mfaToken, code: await codeAt(secret) })
      .expect(200);
    const audit = await http(api)
      .get('/api/v1/admin/audit?limit=50')
      .set('Authorization', `Bearer ${done.body.accessToken}`)
      .expect(200);
    const actions = (audit.body.items as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['mfa.totp_enabled', 'auth.mfa_challenge', 'auth.login']));
  });
});
