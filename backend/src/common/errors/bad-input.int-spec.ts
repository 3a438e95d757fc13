import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../../test/clients.js';
import { startApi, type TestApi } from '../../../test/harness.js';

describe('bad input gets a 4xx in the one error shape', () => {
  let api: TestApi;
  let me: Session;
  beforeAll(async () => {
    api = await startApi({ BODY_LIMIT: '2kb' });
    me = await signUp(api);
  });
  afterAll(() => api.close());

  const shape = (body: Record<string, unknown>, status: number) => {
    expect(body).toMatchObject({
      statusCode: status,
      error: expect.any(String),
      message: expect.anything(),
      requestId: expect.any(String),
    });
  };

  it('malformed JSON → 400', async () => {
    const res = await http(api)
      .post('/api/v1/workspaces')
      .set(bearer(me))
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(400);
    shape(res.body, 400);
    expect(typeof res.body.message).toBe('string');
  });

  it('oversize body → 413', async () => {
    const res = await http(api)
      .post('/api/v1/workspaces')
      .set(bearer(me))
      .send({ name: 'x', description: 'y'.repeat(4000) });
    expect(res.status).toBe(413);
    shape(res.body, 413);
  });

  it('wrong types and unknown fields → 400', async () => {
    const wrong = await http(api).post('/api/v1/workspaces').set(bearer(me)).send({ name: 42 });
    expect(wrong.status).toBe(400);
    const unknown = await http(api)
      .post('/api/v1/workspaces')
      .set(bearer(me))
      .send({ name: 'ok', owner: 'me' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message.join(' ')).toMatch(/owner should not exist/);
    const arrayBody = await http(api).post('/api/v1/workspaces').set(bearer(me)).send([1, 2]);
    expect(arrayBody.status).toBe(400);
  });

  it('a bad cursor → 400, an unknown route → 404, both in the error shape', async () => {
    const admin = await http(api).get('/api/v1/admin/audit?cursor=@@@').set(bearer(me));
    expect(admin.status).toBe(400);
    const missing = await http(api).get('/api/v1/nothing-here').set(bearer(me));
    expect(missing.status).toBe(404);
    shape(missing.body, 404);
  });

  it('echoes a sane incoming X-Request-Id and replaces an unsafe one', async () => {
    const ok = await http(api).get('/api/v1/auth/me').set(bearer(me)).set('X-Request-Id', 'req-1234567890');
    expect(ok.headers['x-request-id']).toBe('req-1234567890');
    const bad = await http(api).get('/api/v1/auth/me').set(bearer(me)).set('X-Request-Id', '<script>');
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
