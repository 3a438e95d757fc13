import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createFakeProvider, http, signUp, type Session } from '../clients.js';
import { startApi, type TestApi } from '../harness.js';

// Extends src/files/files.int-spec.ts (path traversal list, size limits, zip-slip, bombs are there).
describe('security: file and share-link attacks', () => {
  let api: TestApi;
  let owner: Session;
  let ws: string;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'files' }).expect(201))
      .body.id;
  });
  afterAll(() => api?.close());

  const put = (path: string, body: string | Buffer, type = 'application/octet-stream') =>
    http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
      .set(bearer(owner))
      .set('content-type', type)
      .send(body);
  const list = async () =>
    (await http(api).get(`/api/v1/workspaces/${ws}/files?recursive=true`).set(bearer(owner)).expect(200)).body
      .items as { path: string }[];

  it('refuses huge names and paths with 400, in the query or in a move, storing nothing', async () => {
    const before = (await list()).length;
    for (const path of [
      'a'.repeat(256),
      `${'d/'.repeat(600)}x`,
      `${'é'.repeat(128)}.txt`,
      'x'.repeat(3000),
    ]) {
      const r = await put(path, 'data');
      expect(r.status, `${path.length} chars`).toBe(400);
    }
    // Past Node's header limit the request is cut off (nginx answers 414 first in production).
    const huge = await fetch(`${api.url}/api/v1/workspaces/${ws}/files/content?path=${'x'.repeat(100_000)}`, {
      method: 'PUT',
      headers: bearer(owner),
      body: 'data',
    }).catch(() => ({ status: 431 }));
    expect(huge.status).toBe(431);
    await put('ok.txt', 'data').expect(200);
    const moved = await fetch(`${api.url}/api/v1/workspaces/${ws}/files/move`, {
      method: 'POST',
      headers: { ...bearer(owner), 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'ok.txt', to: 'b'.repeat(300) }),
    });
    expect(moved.status).toBe(400);
    expect((await list()).length).toBe(before + 1);
  });

  it('types downloads by name, never by the uploader header, and never runs them on the API origin', async () => {
    await put('image.png', '<script>alert(1)</script>', 'text/html').expect(200);
    const png = await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content?path=image.png`)
      .set(bearer(owner))
      .expect(200);
    expect(png.headers['content-type']).toMatch(/^image\/png/);
    expect(png.headers['x-content-type-options']).toBe('nosniff');

    await put('page.html', '<script>alert(1)</script>', 'text/plain').expect(200);
    for (const path of ['page.html', 'image.png']) {
      const r = await http(api)
        .get(`/api/v1/workspaces/${ws}/files/content?path=${path}`)
        .set(bearer(owner))
        .expect(200);
      // Even opened directly, the document is sandboxed: no script, no same-origin access.
      expect(r.headers['content-security-policy']).toMatch(/sandbox/);
      expect(r.headers['content-security-policy']).toMatch(/default-src 'none'/);
    }
    // A name with quotes or newlines cannot break out of the Content-Disposition header.
    await put('a"b\r\n.txt', 'x').then((r) => expect([200, 400]).toContain(r.status));
  });

  it('share links show only their own task, and stop working when expired', async () => {
    const provider = await createFakeProvider(api, owner, ws, 'http://127.0.0.1:9', 'sk-0123456789abcdef');
    const task = async (prompt: string) =>
      (
        await http(api)
          .post(`/api/v1/workspaces/${ws}/tasks`)
          .set(bearer(owner))
          .send({ prompt, mode: 'ask', providerId: provider })
          .expect(201)
      ).body.id as string;
    const a = await task('task A secret');
    const b = await task('task B secret');
    const share = (
      await http(api)
        .post(`/api/v1/tasks/${a}/share`)
        .set(bearer(owner))
        .send({ expiresInHours: 1 })
        .expect(201)
    ).body.token as string;
    const seen = await http(api).get(`/api/v1/shared/${share}`).expect(200);
    const text = JSON.stringify(seen.body);
    expect(text).toContain('task A secret');
    expect(text).not.toContain('task B secret');
    // (It does carry workspaceId/providerId: opaque ids, no access by themselves; see docs/security.md.)
    expect(text).not.toMatch(/sk-0123/);
    // The share token is no credential anywhere else.
    for (const path of [`/api/v1/tasks/${b}`, `/api/v1/tasks/${a}/messages`, `/api/v1/workspaces/${ws}`])
      expect((await http(api).get(path).set('Authorization', `Bearer ${share}`)).status).toBe(401);
    // Look-alike tokens, other task ids and very long tokens: 404 (or 400), never 5xx.
    for (const t of [share.slice(0, -1), `${share}x`, b, 'x'.repeat(5000), '%00', '..%2f..%2fadmin'])
      expect([400, 404]).toContain((await http(api).get(`/api/v1/shared/${t}`)).status);
    // Expiry: move it into the past in the database, as time would.
    const { DataSource } = await import('typeorm');
    await api.app
      .get(DataSource)
      .query(`UPDATE task_shares SET expires_at = now() - interval '1 second' WHERE task_id = $1`, [a]);
    await http(api).get(`/api/v1/shared/${share}`).expect(404);
  });
});
