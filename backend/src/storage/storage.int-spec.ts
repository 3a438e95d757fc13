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
