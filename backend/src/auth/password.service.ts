import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import pLimit, { type LimitFunction } from 'p-limit';
import { parked } from '../admission/admission-control.js';
import { ServiceUnavailableError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** One limiter per process (the auth and SSO modules each get a PasswordService). */
const limiters = new Map<number, LimitFunction>();
const limiterFor = (concurrency: number) => {
  let l = limiters.get(concurrency);
  if (!l) limiters.set(concurrency, (l = pLimit(concurrency)));
  return l;
};

/**
 * argon2id at PASSWORD_HASH_* (default OWASP's minimum: 19 MiB, t=2, p=1 — ≈ 23 ms of CPU
 * where the library's 64 MiB, t=3, p=4 took ≈ 150 ms; docs/performance.md). The hash runs on
 * a libuv thread, never the event loop; at most PASSWORD_HASH_CONCURRENCY at once, so a
 * sign-in storm cannot take all 4 libuv threads from file and DNS work, and past
 * PASSWORD_HASH_QUEUE_MAX waiting the answer is 503 + Retry-After instead of a long wait.
 * Sign-ins waiting for a slot are `parked` (not counted by ADMISSION_MAX_IN_FLIGHT).
 * Existing hashes verify with the parameters stored in them.
 */
@Injectable()
export class PasswordService {
  private readonly options: argon2.HashOptions & { raw?: false };
  private readonly limit: LimitFunction;
  // Verified against when the account does not exist, so timing does not reveal which emails exist.
  private readonly dummyHash: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: config.PASSWORD_HASH_TIME_COST,
      parallelism: config.PASSWORD_HASH_PARALLELISM,
    };
    this.limit = limiterFor(config.PASSWORD_HASH_CONCURRENCY);
    this.dummyHash = argon2.hash('not-a-real-password', this.options);
  }

  hash(password: string): Promise<string> {
    return this.run(() => argon2.hash(password, this.options));
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const stored = hash ?? (await this.dummyHash);
    return this.run(async () => {
      try {
        return await argon2.verify(stored, password);
      } catch {
        return false;
      }
    });
  }

  /** Hashes in progress and waiting in this process (for tests and metrics). */
  get load(): { active: number; pending: number } {
    return { active: this.limit.activeCount, pending: this.limit.pendingCount };
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.limit.pendingCount >= this.config.PASSWORD_HASH_QUEUE_MAX) {
      this.metrics.admissionRefused.inc({ reason: 'password_hash_queue' });
      return Promise.reject(
        new ServiceUnavailableError(
          'too many sign-ins at once, retry shortly',
          this.config.ADMISSION_RETRY_AFTER_S,
        ),
      );
    }
    // Waiting for a slot is parked, not in flight, for admission control.
    const waits = this.limit.activeCount >= this.limit.concurrency;
    if (waits) parked.count++;
    return this.limit(() => {
      if (waits) parked.count--;
      return fn();
    });
  }
}
