import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { DataSource } from 'typeorm';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { StorageService } from '../storage/storage.service.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function zip(entries: Record<string, Buffer | string>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) z.addBuffer(Buffer.from(data), name);
  z.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function tarGz(entries: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, data] of Object.entries(entries)) pack.entry({ name }, data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('files', () => {
  let api: TestApi;
  let me: Session;
  let ws: string;
  let storage: StorageService;
  const base = () => `/api/v1/workspaces/${ws}/files`;
  const keys = async () =>
    (await storage.listKeys(`workspaces/${ws}/`)).map((k) => k.slice(`workspaces/${ws}/`.length)).sort();

  beforeAll(async () => {
    api = await startApi({ UPLOAD_MAX_BYTES: '64kb', IMPORT_MAX_BYTES: '256kb', IMPORT_MAX_FILES: '20' });
    storage = api.app.get(StorageService);
    me = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(me)).send({ name: 'files' }).expect(201)).body
      .id;
  });
  afterAll(() => api.close());

  it('uploads, lists, downloads (streamed, with sha256) and stats a file', async () => {
    const body = 'export const answer = 42;\n';
    const up = await http(api)
      .put(`${base()}/content?path=src/answer.ts`)
      .set(bearer(me))
      .set('Content-Type', 'application/octet-stream')
      .send(body)
      .expect(200);
    expect(up.body).toMatchObject({
      path: 'src/answer.ts',
      size: body.length,
      sha256: sha(body),
      contentType: 'text/typescript',
      updatedBy: me.id,
    });
    const down = await http(api)
      .get(`${base()}/content?path=src/answer.ts`)
      .set(bearer(me))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((down.body as Buffer).toString()).toBe(body);
    expect(down.headers.etag).toBe(`"${sha(body)}"`);
    const root = await http(api).get(base()).set(bearer(me)).expect(200);
    expect(root.body.folders).toContain('src/');
    const src = await http(api).get(`${base()}?prefix=src/`).set(bearer(me)).expect(200);
    expect(src.body.items.map((f: { path: string }) => f.path)).toEqual(['src/answer.ts']);
    await http(api).get(`${base()}/stat?path=src/answer.ts`).set(bearer(me)).expect(200);
  });

  it('reads small files through the content cache, never a stale version', async () => {
    const read = async (path: string) =>
      (
        await http(api)
          .get(`${base()}/content?path=${path}`)
          .set(bearer(me))
          .buffer(true)
          .parse((res, cb) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => cb(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer;
    const put = (path: string, body: string) =>
      http(api).put(`${base()}/content?path=${path}`).set(bearer(me)).send(body).expect(200);
    await put('cached.txt', 'version one');
    expect((await read('cached.txt')).toString()).toBe('version one');
    await put('cached.txt', 'version two, longer');
    expect((await read('cached.txt')).toString()).toBe('version two, longer');
    // The second read of an unchanged version comes from memory: it survives the object
    // vanishing behind the API's back.
    await storage.delete(`workspaces/${ws}/cached.txt`);
    expect((await read('cached.txt')).toString()).toBe('version two, longer');
    // Going back to an earlier content is served right too (the cache is keyed by hash).
    await put('cached.txt', 'version one');
    expect((await read('cached.txt')).toString()).toBe('version one');
  });

  it('a JSON-typed upload is stored as bytes, not parsed', async () => {
    const json = '{"a": 1, "b": [1,2,3]}';
    await http(api)
      .put(`${base()}/content?path=data.json`)
      .set(bearer(me))
      .set('Content-Type', 'application/json')
      .send(json)
      .expect(200);
    expect((await storage.getBuffer(`workspaces/${ws}/data.json`)).toString()).toBe(json);
  });

  it('serves a working presigned URL, typed by our metadata', async () => {
    await http(api).put(`${base()}/content?path=p.txt`).set(bearer(me)).send('presigned!').expect(200);
    // As after a restore that copied bytes only: the stored object has lost its type.
    await storage.putBuffer(`workspaces/${ws}/p.txt`, Buffer.from('presigned!'), 'application/octet-stream');
    const { body } = await http(api).get(`${base()}/url?path=p.txt`).set(bearer(me)).expect(200);
    const res = await fetch(body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="p.txt"');
    expect(await res.text()).toBe('presigned!');
  });

  it('moves and deletes', async () => {
    await http(api).put(`${base()}/content?path=old.txt`).set(bearer(me)).send('moving').expect(200);
    await http(api)
      .post(`${base()}/move`)
      .set(bearer(me))
      .send({ from: 'old.txt', to: 'dir/new.txt' })
      .expect(201);
    await http(api).get(`${base()}/content?path=old.txt`).set(bearer(me)).expect(404);
    expect((await storage.getBuffer(`workspaces/${ws}/dir/new.txt`)).toString()).toBe('moving');
    await http(api)
      .post(`${base()}/move`)
      .set(bearer(me))
      .send({ from: 'dir/new.txt', to: 'p.txt' })
      .expect(409);
    await http(api).delete(`${base()}?path=dir/new.txt`).set(bearer(me)).expect(204);
    expect(await keys()).not.toContain('dir/new.txt');
  });

  it('records uploads, moves, deletes and imports in the audit log', async () => {
    const db = api.app.get(DataSource);
    const since = new Date();
    await http(api).put(`${base()}/content?path=audit/a.txt`).set(bearer(me)).send('audited').expect(200);
    await http(api)
      .post(`${base()}/move`)
      .set(bearer(me))
      .send({ from: 'audit/a.txt', to: 'audit/b.txt' })
      .expect(201);
    await http(api).delete(`${base()}?path=audit/b.txt`).set(bearer(me)).expect(204);
    await http(api)
      .post(`${base()}/import?prefix=audit/zip`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(await zip({ 'x.txt': 'X', 'y.txt': 'YY' }))
      .expect(201);
    const rows: { action: string; actor_id: string; target: string; ip: string; meta: object }[] =
      await db.query(
        `SELECT action, actor_id, target, ip, meta FROM audit_logs WHERE at >= $1 AND target LIKE $2 ORDER BY at`,
        [since, `${ws}/%`],
      );
    expect(rows.map((r) => [r.action, r.target.slice(ws.length + 1), r.meta])).toEqual([
      ['file.uploaded', 'audit/a.txt', { size: 7, sha256: sha('audited') }],
      ['file.moved', 'audit/a.txt', { to: 'audit/b.txt' }],
      ['file.deleted', 'audit/b.txt', {}],
      ['file.imported', 'audit/zip/', { files: 2, bytes: 3 }],
    ]);
    expect(rows.every((r) => r.actor_id === me.id && r.ip)).toBe(true);
  });

  const attacks = [
    '../escape.txt',
    'a/../../b',
    '/etc/passwd',
    'a\\b.txt',
    'a//b',
    'a/./b',
    `${'x'.repeat(256)}.txt`,
    `${'d/'.repeat(600)}f`,
    'nul\u0000.txt',
    'tab\t.txt',
    '',
  ];
  for (const path of attacks) {
    it(`rejects the path ${JSON.stringify(path.slice(0, 30))} with 400 and stores nothing`, async () => {
      const before = await keys();
      const res = await http(api)
        .put(`${base()}/content?path=${encodeURIComponent(path)}`)
        .set(bearer(me))
        .send('x');
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
      expect(await keys()).toEqual(before);
    });
  }

  it('refuses an upload over the limit with 413, storing nothing and keeping the old version', async () => {
    await http(api).put(`${base()}/content?path=big.bin`).set(bearer(me)).send('small').expect(200);
    const big = Buffer.alloc(65 * 1024, 1);
    const res = await http(api)
      .put(`${base()}/content?path=big.bin`)
      .set(bearer(me))
      .set('Content-Type', 'application/octet-stream')
      .send(big);
    expect(res.status).toBe(413);
    expect((await storage.getBuffer(`workspaces/${ws}/big.bin`)).toString()).toBe('small');
    const stat = await http(api).get(`${base()}/stat?path=big.bin`).set(bearer(me)).expect(200);
    expect(stat.body.size).toBe(5);
  });

  it('refuses an over-limit chunked upload (no Content-Length) while streaming', async () => {
    const before = await keys();
    const res = await fetch(`${api.url}${base()}/content?path=chunked.bin`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${me.token}` },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10 * 1024));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await keys()).toEqual(before);
  });

  it('imports a zip and a tar.gz under a prefix', async () => {
    const z = await zip({ 'a.txt': 'A', 'lib/b.ts': 'B' });
    const r1 = await http(api)
      .post(`${base()}/import?prefix=zipped`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(z)
      .expect(201);
    expect(r1.body.imported).toBe(2);
    const t = await tarGz({ 'c.md': 'C', 'deep/d.json': '{}' });
    await http(api)
      .post(`${base()}/import?prefix=tarred`)
      .set(bearer(me))
      .set('Content-Type', 'application/gzip')
      .send(t)
      .expect(201);
    const all = await http(api).get(`${base()}?recursive=true`).set(bearer(me)).expect(200);
    const paths = all.body.items.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['zipped/a.txt', 'zipped/lib/b.ts', 'tarred/c.md', 'tarred/deep/d.json']),
    );
    expect((await storage.getBuffer(`workspaces/${ws}/zipped/lib/b.ts`)).toString()).toBe('B');
    expect(await storage.listKeys('staging/')).toEqual([]);
  });

  it('refuses a zip-slip archive whole: nothing of it is stored', async () => {
    const before = await keys();
    // zip writers refuse to write '..', so write a same-length name and patch the bytes.
    const evil = Buffer.from(
      (await zip({ 'fine.txt': 'ok', 'xx/xx/escape.txt': 'evil' }))
        .toString('latin1')
        .replaceAll('xx/xx/', '../../'),
      'latin1',
    );
    const res = await http(api)
      .post(`${base()}/import`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(evil)
      .expect(400);
    expect(res.body.message).toMatch(/escape\.txt/);
    expect(await keys()).toEqual(before);
    expect(await storage.listKeys('staging/')).toEqual([]);
  });

  it('refuses an archive whose files together pass the expanded limit, storing nothing', async () => {
    const before = await keys();
    const pack = tar.pack();
    // Half random, half zeros: the archive stays under 256 kB, its files sum to 300 kB.
    for (let i = 0; i < 5; i++)
      pack.entry({ name: `part${i}.bin` }, Buffer.concat([randomBytes(30 * 1024), Buffer.alloc(30 * 1024)]));
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const res = await http(api)
      .post(`${base()}/import`)
      .set(bearer(me))
      .set('Content-Type', 'application/gzip')
      .send(gzipSync(Buffer.concat(chunks)));
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/expands beyond 262144 bytes/);
    expect(await keys()).toEqual(before);
    expect(await storage.listKeys('staging/')).toEqual([]);
  });

  it('refuses a zip bomb, too many files and non-archives', async () => {
    const bomb = await zip({ 'zeros.bin': Buffer.alloc(300 * 1024) }); // compresses to ~300 bytes
    expect(bomb.length).toBeLessThan(5_000);
    await http(api)
      .post(`${base()}/import`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(bomb)
      .expect(413);
    const many = await zip(Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`f${i}.txt`, 'x'])));
    await http(api)
      .post(`${base()}/import`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(many)
      .expect(413);
    await http(api)
      .post(`${base()}/import`)
      .set(bearer(me))
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('not an archive at all'))
      .expect(400);
  });
});
