import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, PASSWORD, signUp, type Session } from '../clients.js';
import { startApi, type TestApi } from '../harness.js';

// Extends src/auth/auth.int-spec.ts (tampered, alg:none, wrong key, expired are there).
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(alg: 'HS256' | 'HS384' | 'HS512', key: string, body: object, header: object = {}): string {
  const data = `${b64({ alg, typ: 'JWT', ...header })}.${b64(body)}`;
  const h = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${data}.${createHmac(h, key).update(data).digest('base64url')}`;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('security: authentication attacks', () => {
  let api: TestApi;
  let s: Session;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    await signUp(api); // the first user is the admin; attack as a normal one
    s = await signUp(api);
    claims = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url').toString());
  });
  afterAll(() => api?.close());

  const me = (token: string) => http(api).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const later = () => Math.floor(Date.now() / 1000) + 600;

  it('accepts only HS256 access tokens of the right type, subject and lifetime', async () => {
    const key = api.config.JWT_SECRET;
    const body = { ...claims, exp: later() };
    // Control: the forger's signing code is right.
    await me(sign('HS256', key, body)).expect(200);
    const attacks: Record<string, string> = {
      'HS512 with the real key (algorithm switch)': sign('HS512', key, body),
      'HS384 with the real key': sign('HS384', key, body),
      'a refresh-typed token': sign('HS256', key, { ...body, typ: 'refresh' }),
      'no type claim': sign('HS256', key, { sub: claims.sub, sid: claims.sid, exp: later() }),
      'a non-string subject': sign('HS256', key, { ...body, sub: 42 }),
      'not valid yet (nbf in an hour)': sign('HS256', key, { ...body, nbf: later() + 3000 }),
      'a kid header pointing elsewhere, signed with an empty key': sign('HS256', '', body, {
        kid: '../../dev/null',
      }),
      'an empty signature': `${sign('HS256', key, body).split('.').slice(0, 2).join('.')}.`,
      'an admin flag flipped in a re-encoded payload': `${s.token.split('.')[0]}.${b64({ ...claims, adm: true })}.${s.token.split('.')[2]}`,
      'a roo_pat_ token that does not exist': 'roo_pat_' + 'A'.repeat(43),
    };
    for (const [what, token] of Object.entries(attacks)) {
      const r = await me(token);
      expect(r.status, what).toBe(401);
      expect(r.body.message, what).not.toMatch(/secret|stack|jwt malformed/i);
    }
    for (const header of [
      `Bearer`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${s.token} extra`,
      s.token,
    ]) {
      expect((await http(api).get('/api/v1/auth/me').set('Authorization', header)).status, header).toBe(401);
    }
    // A token is never taken from the query string or a cookie.
    expect((await http(api).get(`/api/v1/auth/me?access_token=${s.token}`)).status).toBe(401);
    expect((await http(api).get('/api/v1/auth/me').set('Cookie', `access_token=${s.token}`)).status).toBe(
      401,
    );
  });

  it('refuses forged and expired tokens on the Socket.IO handshake too', async () => {
    const key = api.config.JWT_SECRET;
    const bad = [
      sign('HS256', key, { ...claims, exp: 2000, iat: 1000 }),
      sign('HS512', key, { ...claims, exp: later() }),
      `${b64({ alg: 'none' })}.${b64({ ...claims, exp: later() })}.`,
      '',
    ];
    for (const token of bad) {
      const socket = io(`${api.url}/tasks`, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
      });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', (e) => resolve(e.message));
      });
      socket.close();
      expect(outcome).toBe('unauthorized');
    }
  });

  it('does not reveal which accounts exist: same status, message and (robustly) time', async () => {
    const tries = 8;
    const known: number[] = [];
    const unknown: number[] = [];
    const bodies = new Set<string>();
    // Interleaved, so machine noise hits both series alike; medians, not means.
    for (let i = 0; i < tries; i++) {
      for (const [email, into] of [
        [s.email, known],
        [`nobody-${i}@example.test`, unknown],
      ] as const) {
        const t = performance.now();
        const r = await http(api).post('/api/v1/auth/login').send({ email, password: 'wrong password 123' });
        into.push(performance.now() - t);
        expect(r.status).toBe(401);
        bodies.add(r.body.message);
      }
    }
    expect([...bodies]).toEqual(['email or password is wrong']);
    const ratio = median(known) / median(unknown);
    // Both run one argon2id verify (≈100+ ms); a missing account skipping it would answer in a
    // few ms (ratio ≈ 20+). The 3× band leaves room for a noisy shared machine.
    expect(
      ratio,
      `known ${median(known).toFixed(0)} ms vs unknown ${median(unknown).toFixed(0)} ms`,
    ).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
    // The right password still works (so the series above measured real verifies).
    await http(api).post('/api/v1/auth/login').send({ email: s.email, password: PASSWORD }).expect(200);
  }, 60_000);

  it('a read-only API token cannot write, and an API token cannot mint tokens', async () => {
    const t = (
      await http(api)
        .post('/api/v1/auth/tokens')
        .set(bearer(s))
        .send({ name: 'ro', scopes: ['read'] })
        .expect(201)
    ).body.token as string;
    const h = { Authorization: `Bearer ${t}` };
    await http(api).get('/api/v1/workspaces').set(h).expect(200);
    await http(api).post('/api/v1/workspaces').set(h).send({ name: 'no' }).expect(403);
    const rw = (
      await http(api)
        .post('/api/v1/auth/tokens')
        .set(bearer(s))
        .send({ name: 'rw', scopes: ['read', 'write'] })
        .expect(201)
    ).body.token as string;
    await http(api)
      .post('/api/v1/auth/tokens')
      .set({ Authorization: `Bearer ${rw}` })
      .send({ name: 'child', scopes: ['read'] })
      .expect(403);
  });
});
