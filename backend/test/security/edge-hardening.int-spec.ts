import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../clients.js';
import { startApi, type TestApi } from '../harness.js';

/** Issue 13, findings 10 and 15 and the /api/docs and HSTS items: what the API itself accepts. */
describe('security: routes, content types, client IP, docs', () => {
  let api: TestApi;
  let admin: Session;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    admin = await signUp(api);
  });
  afterAll(() => api?.close());

  const failedLoginIps = async (target: TestApi, who: Session, email: string) => {
    const page = await http(target).get('/api/v1/admin/audit?limit=100').set(bearer(who)).expect(200);
    return (page.body.items as { action: string; target: string; ip: string }[])
      .filter((e) => e.action === 'auth.login_failed' && e.target === email)
      .map((e) => e.ip);
  };

  it('routes match exactly and case-sensitively (finding 10)', async () => {
    const body = { email: 'x@example.test', password: 'wrong password 1' };
    await http(api).post('/api/v1/auth/login').send(body).expect(401);
    for (const path of [
      '/api/v1/auth/Login',
      '/api/v1/auth/login/',
      '/api/v1/AUTH/login',
      '/API/v1/auth/login',
    ])
      expect((await http(api).post(path).send(body)).status, path).toBe(404);
    expect((await http(api).get('/api/v1/workspaces/').set(bearer(admin))).status).toBe(404);
    await http(api).get('/api/v1/workspaces').set(bearer(admin)).expect(200);
  });

  it('parses JSON only for application/json and application/*+json (finding 15)', async () => {
    const body = JSON.stringify({ name: 'typed' });
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/vnd.roo+json'])
      expect(
        (await http(api).post('/api/v1/workspaces').set(bearer(admin)).set('Content-Type', type).send(body))
          .status,
        type,
      ).toBe(201);
    for (const type of [
      'text/plain; x=json',
      'text/json',
      'application/jsonp',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=json',
    ]) {
      const r = await http(api)
        .post('/api/v1/workspaces')
        .set(bearer(admin))
        .set('Content-Type', type)
        .send(body);
      expect(r.status, type).toBe(415);
      expect(r.body.message).toMatch(/application\/json/);
    }
    // Bodiless requests need no content type; the raw file routes keep theirs.
    const ws = (
      await http(api).post('/api/v1/workspaces').set(bearer(admin)).send({ name: 'raw' }).expect(201)
    ).body.id;
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=a.txt`)
      .set(bearer(admin))
      .set('Content-Type', 'text/plain')
      .send('plain bytes')
      .expect(200);
    await http(api).post('/api/v1/auth/refresh').expect(401);
    // Found by the fuzzer: a lone surrogate made the email validator throw (500).
    for (const body of ['{"email":"\\ud800","password":"x"}', '{"name":"ok","\\udc00":1}']) {
      const r = await http(api).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body);
      expect(r.status, body).toBe(400);
    }
  });

  it('takes the client IP only from a trusted proxy hop (finding 10)', async () => {
    // Default TRUSTED_PROXIES=loopback: the test client is the "proxy"; its X-Forwarded-For counts,
    // but only one hop: a private address in the chain is a client, not a proxy.
    const email = 'ip-check@example.test';
    const login = (target: TestApi, xff: string) =>
      http(target)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', xff)
        .send({ email, password: 'wrong password 1' });
    await login(api, '198.51.100.1, 192.168.1.5').expect(401);
    expect(await failedLoginIps(api, admin, email)).toEqual(['192.168.1.5']);

    // A hop that is not configured (here: loopback itself) cannot choose the client IP at all.
    const strict = await startApi({ LOG_LEVEL: 'silent', TRUSTED_PROXIES: '10.9.9.9' });
    try {
      const first = await signUp(strict);
      await login(strict, '203.0.113.9').expect(401);
      expect(await failedLoginIps(strict, first, email)).toEqual(['127.0.0.1']);
    } finally {
      await strict.close();
    }
  });

  it('leaves HSTS to nginx (one header) and serves /api/docs only when enabled', async () => {
    const r = await http(api).get('/health/live').expect(200);
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    await http(api).get('/api/docs-json').expect(200);

    const prod = await startApi({ LOG_LEVEL: 'silent', NODE_ENV: 'production' });
    const on = await startApi({ LOG_LEVEL: 'silent', NODE_ENV: 'production', API_DOCS: 'true' });
    try {
      await http(prod).get('/api/docs-json').expect(404);
      await http(prod).get('/api/docs').expect(404);
      await http(on).get('/api/docs-json').expect(200);
    } finally {
      await prod.close();
      await on.close();
    }
  });
});
