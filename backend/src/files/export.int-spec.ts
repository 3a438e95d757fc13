import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { FilesService } from './files.service.js';

const MB = 1024 * 1024;
const FILES = 200;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('workspace export (streamed .zip / .tar.gz)', () => {
  let api: TestApi;
  let owner: Session;
  let stranger: Session;
  let ws: string;
  let dir: string;
  /** path → sha256 of every file in the workspace. */
  const expected = new Map<string, string>();

  const download = async (query: string, s: Session = owner) => {
    const res = await fetch(`${api.url}/api/v1/workspaces/${ws}/files/export?${query}`, {
      headers: bearer(s),
    });
    return res;
  };

  /** Runs `work` while sampling RSS every 20 ms; returns the growth over the starting value. */
  async function rssGrowth(work: () => Promise<void>): Promise<number> {
    const before = process.memoryUsage().rss;
    let peak = before;
    const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await work();
    } finally {
      clearInterval(t);
    }
    return peak - before;
  }

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    owner = await signUp(api);
    stranger = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'export' }).expect(201))
      .body.id;
    const files = api.app.get(FilesService);
    // 200 × 1 MiB of incompressible bytes (one random block, a different head per file).
    const block = randomBytes(MB);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < FILES) {
          const i = next++;
          const data = Buffer.from(block);
          data.writeUInt32BE(i, 0);
          const path = `big/part-${String(i).padStart(3, '0')}.bin`;
          await files.writeForAgent(ws, path, data, owner.id);
          expected.set(path, sha(data));
        }
      }),
    );
    const readme = Buffer.from('# docs\n');
    await files.writeForAgent(ws, 'docs/guide/readme.md', readme, owner.id);
    expected.set('docs/guide/readme.md', sha(readme));
    dir = await mkdtemp(join(tmpdir(), 'roo-export-'));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('streams 200 MB as .tar.gz with memory flat, every file byte-identical', async () => {
    const seen = new Map<string, string>();
    const growth = await rssGrowth(async () => {
      const res = await download('format=tar.gz');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="workspace.tar.gz"');
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
    });
    expect(seen).toEqual(expected);
    if (process.env.SHOW_FIGURES) console.log(`tar.gz: rss +${(growth / MB).toFixed(1)} MB`);
    expect(growth).toBeLessThan(80 * MB); // the archive is 200 MB
  }, 120_000);

  it('streams 200 MB as .zip with memory flat, every file byte-identical', async () => {
    const file = join(dir, 'all.zip');
    const growth = await rssGrowth(async () => {
      const res = await download('format=zip');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    });
    if (process.env.SHOW_FIGURES) console.log(`zip: rss +${(growth / MB).toFixed(1)} MB`);
    expect(growth).toBeLessThan(80 * MB);
    const seen = await zipHashes(file);
    expect(seen).toEqual(expected);
  }, 120_000);

  it('exports one folder under its own name; viewers may, strangers may not', async () => {
    const res = await download('format=zip&prefix=docs/guide/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="guide.zip"');
    const file = join(dir, 'guide.zip');
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(file));
    expect(await zipHashes(file)).toEqual(
      new Map([['guide/readme.md', expected.get('docs/guide/readme.md')]]),
    );

    expect((await download('format=zip&prefix=nope/')).status).toBe(404);
    expect((await download('format=rar')).status).toBe(400);
    expect((await download('format=zip', stranger)).status).toBe(404);
  });
});

/** sha256 of every entry of a zip file, read with yauzl (which checks the sizes). */
async function zipHashes(file: string): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  const out = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err) return reject(err);
        const hash = createHash('sha256');
        s.on('data', (c: Buffer) => hash.update(c));
        s.on('end', () => {
          out.set(entry.fileName, hash.digest('hex'));
          zip.readEntry();
        });
        s.on('error', reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}
