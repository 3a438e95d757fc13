import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness.js';
import { StorageService } from './storage.service.js';

describe('StorageService.ensureBucket', () => {
  it('lets replicas that start together all succeed (one creates the bucket, the others find it)', async () => {
    const config = testConfig();
    const replicas = Array.from({ length: 4 }, () => new StorageService(config));
    await expect(Promise.all(replicas.map((s) => s.ensureBucket()))).resolves.toBeDefined();
    await replicas[0].ping();
    await Promise.all(replicas.map((s) => s.onApplicationShutdown()));
  });
});

describe('StorageService.put', () => {
  it('stores exactly the streamed bytes, single-part and multipart', async () => {
    const { createHash, randomBytes } = await import('node:crypto');
    const { Readable } = await import('node:stream');
    const storage = new StorageService(testConfig());
    await storage.ensureBucket();
    // 12 MiB crosses lib-storage's 5 MiB part size, so this one goes up as a multipart upload.
    for (const size of [1234, 12 * 1024 * 1024]) {
      const data = randomBytes(size);
      const chunks = Array.from({ length: Math.ceil(size / 65536) }, (_, i) =>
        data.subarray(i * 65536, (i + 1) * 65536),
      );
      const stored = await storage.put(
        `t/${size}.bin`,
        Readable.from(chunks),
        'application/octet-stream',
        size,
      );
      expect(stored).toEqual({ size, sha256: createHash('sha256').update(data).digest('hex') });
      expect((await storage.getBuffer(`t/${size}.bin`)).equals(data)).toBe(true);
    }
    storage.onApplicationShutdown();
  });
});
