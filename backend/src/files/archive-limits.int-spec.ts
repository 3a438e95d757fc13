import { createHash, randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { StorageService } from '../storage/storage.service.js';

const MB = 1024 * 1024;

/** A tar.gz of `count` files of `size` zero bytes each, built as a stream (never whole in memory). */
async function gzipBomb(count: number, size: number): Promise<Buffer> {
  const pack = tar.pack();
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const finished = new Promise((resolve) => gz.on('end', resolve));
  (pack as unknown as NodeJS.ReadableStream).pipe(gz);
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < count; i++) {
    const entry = pack.entry({ name: `zeros-${i}.bin`, size });
    for (let left = size; left > 0; left -= zeros.length) {
      const chunk = zeros.subarray(0, Math.min(left, zeros.length));
      if (!entry.write(chunk)) await new Promise<void>((resolve) => entry.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      entry.end((e?: Error | null) => (e ? reject(e) : resolve())),
    );
  }
  pack.finalize();
  await finished;
  return Buffer.concat(out);
}

/** A zip of one entry of `size` zeros (its declared sizes are honest: a ~1000:1 ratio). */
function zipBomb(size: number): Promise<Buffer> {
  const z = new yazl.ZipFile();
  z.addBuffer(Buffer.alloc(size), 'zeros.bin', { compressionLevel: 9 });
  z.end();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** RSS growth and the longest event-loop stall while `work` runs, sampled every 20 ms. */
async function measure<T>(work: () => Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  delay.enable();
  try {
    const result = await work();
    const figures = { result, growth: peak - before, maxDelayMs: delay.max / 1e6 };
    if (process.env.SHOW_FIGURES)
      console.log(
        `rss +${(figures.growth / MB).toFixed(1)} MB, loop max ${figures.maxDelayMs.toFixed(0)} ms`,
      );
    return figures;
  } finally {
    delay.disable();
    clearInterval(sampler);
  }
}

describe('archive import limits (default configuration)', () => {
  let api: TestApi;
  let me: Session;
  let ws: string;
  let storage: StorageService;
  let singleBomb: Buffer;
  let ratioBomb: Buffer;
  const importUrl = () => `/api/v1/workspaces/${ws}/files/import`;
  const send = (archive: Buffer, type = 'application/gzip') =>
    http(api).post(importUrl()).set(bearer(me)).set('Content-Type', type).send(archive);

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    storage = api.app.get(StorageService);
    me = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(me)).send({ name: 'bombs' }).expect(201)).body
      .id;
    // The finding's archive: one 200 MB file of zeros, ~194 kB gzipped.
    singleBomb = await gzipBomb(1, 200 * MB);
    // Each file under the 50 MB file limit and the sum under the 200 MB total: only the
    // compression ratio can stop this one.
    ratioBomb = await gzipBomb(9, 20 * MB);
  }, 60_000);
  afterAll(() => api.close());

  it('refuses a 194 kB tar.gz bomb with 413, with flat memory and no event-loop stall', async () => {
    expect(singleBomb.length).toBeGreaterThan(150_000);
    expect(singleBomb.length).toBeLessThan(250_000);
    const { result, growth, maxDelayMs } = await measure(() => send(singleBomb));
    expect(result.status).toBe(413);
    expect(result.body.message).toMatch(/larger than 52428800 bytes/);
    expect(growth).toBeLessThan(64 * MB);
    expect(maxDelayMs).toBeLessThan(500);
  });

  it('refuses a bomb of files each within the limits by its compression ratio, while inflating', async () => {
    expect(ratioBomb.length).toBeLessThan(250_000);
    const { result, growth, maxDelayMs } = await measure(() => send(ratioBomb));
    expect(result.status).toBe(413);
    expect(result.body.message).toMatch(/compression ratio exceeds 200:1/);
    expect(growth).toBeLessThan(64 * MB);
    expect(maxDelayMs).toBeLessThan(500);
    expect(await storage.listKeys(`workspaces/${ws}/`)).toEqual([]);
    expect(await storage.listKeys('staging/')).toEqual([]);
  });

  it('answers 5 parallel bomb imports with 413 each, memory bounded', async () => {
    const { result, growth, maxDelayMs } = await measure(() =>
      Promise.all([singleBomb, ratioBomb, ratioBomb, singleBomb, ratioBomb].map((b) => send(b))),
    );
    expect(result.map((r) => r.status)).toEqual([413, 413, 413, 413, 413]);
    expect(growth).toBeLessThan(64 * MB);
    expect(maxDelayMs).toBeLessThan(500);
    expect(await storage.listKeys(`workspaces/${ws}/`)).toEqual([]);
  });

  it('refuses a zip entry whose declared ratio is a bomb before inflating it', async () => {
    const bomb = await zipBomb(40 * MB);
    expect(bomb.length).toBeLessThan(100_000);
    const { result, growth } = await measure(() => send(bomb, 'application/zip'));
    expect(result.status).toBe(413);
    expect(result.body.message).toMatch(/compression ratio/);
    expect(growth).toBeLessThan(64 * MB);
    expect(await storage.listKeys('staging/')).toEqual([]);
  });

  it('imports a zip larger than its read blocks exactly (random access from the bucket)', async () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 40; i++) files[`many/f${i}.bin`] = randomBytes(20_000);
    files['many/large.bin'] = randomBytes(700_000); // larger than a block: streamed by range
    const z = new yazl.ZipFile();
    for (const [name, data] of Object.entries(files)) z.addBuffer(data, name);
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream) chunks.push(c as Buffer);
    const res = await send(Buffer.concat(chunks), 'application/zip').expect(201);
    expect(res.body.imported).toBe(41);
    const bySha = Object.fromEntries(
      (res.body.files as { path: string; sha256: string }[]).map((f) => [f.path, f.sha256]),
    );
    for (const [name, data] of Object.entries(files)) {
      expect(bySha[name]).toBe(createHash('sha256').update(data).digest('hex'));
      expect((await storage.getBuffer(`workspaces/${ws}/${name}`)).equals(data)).toBe(true);
    }
  });

  it('still imports an ordinary archive whole', async () => {
    const pack = tar.pack();
    for (let i = 0; i < 30; i++) pack.entry({ name: `src/f${i}.ts` }, `export const v${i} = ${i};\n`);
    pack.finalize();
    const gz = createGzip();
    (pack as unknown as NodeJS.ReadableStream).pipe(gz);
    const chunks: Buffer[] = [];
    for await (const c of gz) chunks.push(c as Buffer);
    const res = await send(Buffer.concat(chunks)).expect(201);
    expect(res.body.imported).toBe(30);
    const keys = await storage.listKeys(`workspaces/${ws}/src/`);
    expect(keys).toHaveLength(30);
  });
});
