import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, http, PASSWORD, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { RedisService } from '../redis/redis.service.js';
import { FilesService } from './files.service.js';

const MB = 1024 * 1024;
const FILES = 64;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('export download links (single use, 60 s, no bearer token on the download)', () => {
  let api: TestApi;
  let owner: Session;
  let viewer: Session;
  let stranger: Session;
  let ws: string;
  const expected = new Map<string, string>();

  const link = (s: Session, body: Record<string, unknown> = {}) =>
    http(api).post(`/api/v1/workspaces/${ws}/files/export-link`).set(bearer(s)).send(body);
  /** A plain GET without any credential, as a browser following the link. */
  const follow = (url: string) => fetch(`${api.url}${url}`);

  async function tarHashes(res: Response): Promise<Map<string, string>> {
    const seen = new Map<string, string>();
    const extract = tar.extract();
    const parsing = (async () => {
      for await (const entry of extract) {
        const hash = createHash('sha256');
        for await (const chunk of entry) hash.update(chunk as Buffer);
        seen.set(entry.header.name, hash.digest('hex'));
      }
    })();
    await pipeline(
      Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      createGunzip(),
      extract as unknown as NodeJS.WritableStream,
    );
    await parsing;
    return seen;
  }

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    owner = await signUp(api);
    viewer = await signUp(api);
    stranger = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'links' }).expect(201))
      .body.id;
    await addMember(api, owner, ws, viewer, 'viewer');
    const files = api.app.get(FilesService);
    const block = randomBytes(MB);
    for (let i = 0; i < FILES; i++) {
      const data = Buffer.from(block);
      data.writeUInt32BE(i, 0);
      const path = `big/part-${String(i).padStart(2, '0')}.bin`;
      await files.writeForAgent(ws, path, data, owner.id);
      expected.set(path, sha(data));
    }
    const readme = Buffer.from('# docs\n');
    await files.writeForAgent(ws, 'docs/readme.md', readme, owner.id);
    expected.set('docs/readme.md', sha(readme));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
  });

  it('a viewer gets a link; following it without a token streams the archive with memory flat; it works once', async () => {
    const made = await link(viewer, { format: 'tar.gz' }).expect(201);
    expect(made.body.url).toMatch(/^\/api\/v1\/exports\/[A-Za-z0-9_-]{43}$/);
    const ttl = new Date(made.body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const before = process.memoryUsage().rss;
    let peak = before;
    const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let seen: Map<string, string>;
    try {
      const res = await follow(made.body.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="workspace.tar.gz"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      seen = await tarHashes(res);
    } finally {
      clearInterval(t);
    }
    expect(seen).toEqual(expected);
    // The archive is 64 MB: buffering it would grow the process by at least that much.
    if (process.env.SHOW_FIGURES) console.log(`export link: rss +${((peak - before) / MB).toFixed(1)} MB`);
    expect(peak - before).toBeLessThan(48 * MB);

    const again = await follow(made.body.url);
    expect(again.status).toBe(410);
    expect(((await again.json()) as { message: string }).message).toMatch(/expired or was already used/);
    // The export is audited as the viewer's.
    const [row] = await api.app
      .get(DataSource)
      .query(`SELECT actor_id FROM audit_logs WHERE action = 'file.exported' AND target = $1`, [`${ws}/`]);
    expect(row.actor_id).toBe(viewer.id);
  }, 60_000);

  it('one folder as .zip under its own name', async () => {
    const made = await link(owner, { prefix: 'docs/' }).expect(201);
    const res = await follow(made.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="docs.zip"');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 2).toString()).toBe('PK');
    expect(body.includes(Buffer.from('docs/readme.md'))).toBe(true);
  });

  it('refuses bad input, strangers and anonymous callers when making a link', async () => {
    await link(owner, { format: 'rar' }).expect(400);
    await link(owner, { prefix: '../etc/' }).expect(400);
    await link(owner, { prefix: 'nope/' }).expect(404);
    await link(stranger).expect(404);
    await http(api).post(`/api/v1/workspaces/${ws}/files/export-link`).send({}).expect(401);
  });

  it('an expired link, a made-up token and a link of a signed-out session are all 410', async () => {
    const expired = await link(owner).expect(201);
    const token = expired.body.url.split('/').pop() as string;
    const redis = api.app.get(RedisService);
    await redis.client.pexpire(
      `${redis.prefix}export-link:${createHash('sha256').update(token).digest('hex')}`,
      1,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect((await follow(expired.body.url)).status).toBe(410);
    expect((await follow(`/api/v1/exports/${'A'.repeat(43)}`)).status).toBe(410);
    expect((await follow('/api/v1/exports/short')).status).toBe(410);

    // A link made in a sign-in that is signed out before the download is dead with it.
    const login = await http(api)
      .post('/api/v1/auth/login')
      .send({ email: viewer.email, password: PASSWORD })
      .expect(200);
    const session = { ...viewer, token: login.body.accessToken as string };
    const made = await link(session).expect(201);
    await http(api)
      .post('/api/v1/auth/logout-all')
      .set(bearer(session))
      .expect((r) => {
        expect(r.status).toBeLessThan(300);
      });
    expect((await follow(made.body.url)).status).toBe(410);
  });

  it('a member removed after making the link can no longer download with it', async () => {
    const member = await signUp(api);
    await addMember(api, owner, ws, member, 'viewer');
    const made = await link(member).expect(201);
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${member.id}`).set(bearer(owner)).expect(204);
    expect((await follow(made.body.url)).status).toBe(404);
  });
});
