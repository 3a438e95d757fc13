import argon2 from 'argon2';
import { describe, expect, it } from 'vitest';
import { parked } from '../admission/admission-control.js';
import { ServiceUnavailableError } from '../common/errors/domain-errors.js';
import type { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PasswordService } from './password.service.js';

const config = (over: Partial<AppConfig> = {}) =>
  ({
    PASSWORD_HASH_MEMORY_KIB: 19_456,
    PASSWORD_HASH_TIME_COST: 2,
    PASSWORD_HASH_PARALLELISM: 1,
    PASSWORD_HASH_CONCURRENCY: 2,
    PASSWORD_HASH_QUEUE_MAX: 200,
    ADMISSION_RETRY_AFTER_S: 4,
    ...over,
  }) as AppConfig;

describe('PasswordService', () => {
  it("hashes with the configured argon2id cost (OWASP's m=19 MiB, t=2, p=1 by default) and still verifies older hashes", async () => {
    const passwords = new PasswordService(config(), new MetricsService());
    const hash = await passwords.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await passwords.verify(hash, 'correct horse')).toBe(true);
    expect(await passwords.verify(hash, 'wrong horse')).toBe(false);
    // A hash made with the library defaults before this change (64 MiB, t=3, p=4).
    const old = await argon2.hash('old secret', { type: argon2.argon2id });
    expect(old).toContain('m=65536,p=4,t=3');
    expect(await passwords.verify(old, 'old secret')).toBe(true);
    expect(await passwords.verify(undefined, 'anything')).toBe(false);
  });

  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once and refuses past the queue with 503 + Retry-After', async () => {
    const metrics = new MetricsService();
    // Concurrency 1 is not shared with the other test's limiter (2).
    const passwords = new PasswordService(
      config({ PASSWORD_HASH_CONCURRENCY: 1, PASSWORD_HASH_QUEUE_MAX: 1 }),
      metrics,
    );
    const hash = await passwords.hash('pw');
    const first = passwords.verify(hash, 'pw');
    const second = passwords.verify(hash, 'pw');
    expect(passwords.load).toEqual({ active: 1, pending: 1 });
    expect(parked.count).toBe(1); // the waiting one does not count for admission control
    const third = passwords.verify(hash, 'pw');
    await expect(third).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(third).rejects.toMatchObject({ status: 503, retryAfterSeconds: 4 });
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(passwords.load).toEqual({ active: 0, pending: 0 });
    expect(parked.count).toBe(0);
    const refused = await metrics.admissionRefused.get();
    expect(refused.values.filter((v) => v.value > 0)).toEqual([
      expect.objectContaining({ labels: { reason: 'password_hash_queue' }, value: 1 }),
    ]);
  });
});
