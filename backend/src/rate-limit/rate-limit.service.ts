import { Inject, Injectable } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TooManyRequestsError } from '../common/errors/domain-errors.js';
import { RedisService } from '../redis/redis.service.js';

export type LimitName = 'general' | 'auth' | 'login-account';

/**
 * Fixed-window limits. The auth limits are kept in Redis, so they hold across API
 * replicas (while Redis is away each process falls back to an in-memory limiter of the same
 * size). The general limit, taken on every request, is counted per API process: it guards
 * each process against a runaway client, and a Redis round trip on every request cost
 * about 5 % of the API's CPU under load (docs/performance.md); nginx limits per IP in front.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, redis: RedisService) {
    const make = (name: LimitName, points: number) =>
      new RateLimiterRedis({
        storeClient: redis.client,
        keyPrefix: `${redis.prefix}rl:${name}`,
        points,
        duration: 60,
        useRedisPackage: false,
        insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }),
      });
    this.limiters = {
      general: new RateLimiterMemory({ points: config.RATE_LIMIT_PER_MINUTE, duration: 60 }),
      auth: make('auth', config.AUTH_RATE_LIMIT_PER_MINUTE),
      'login-account': make('login-account', config.LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE),
    };
  }

  /** Takes one point for `key`; throws 429 (with the wait) when the window is used up. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.limiters[name].consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes)
        throw new TooManyRequestsError(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  /** Forgets an account's failed attempts after a successful sign-in. */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key).catch(() => undefined);
  }
}
