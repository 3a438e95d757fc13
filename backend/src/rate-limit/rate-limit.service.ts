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

/**
 * `login-account`: sign-in attempts per (account, client IP), so a stranger's failures lock
 * out only the stranger. `login-failures`: failed sign-ins per account from anywhere (15 min),
 * which slow every attempt on that account instead of refusing it (AuthService.login).
 */
export type LimitName =
  | 'general'
  | 'auth'
  | 'login-account'
  | 'login-failures'
  // Reset/verification mails per address per hour; second-factor attempts per account per minute.
  | 'mail-address'
  | 'mfa';

/** Window of the per-account failure count behind the sign-in delay. */
export const LOGIN_FAILURE_WINDOW_S = 15 * 60;

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
    const make = (name: LimitName, points: number, duration = 60) =>
      new RateLimiterRedis({
        storeClient: redis.client,
        keyPrefix: `${redis.prefix}rl:${name}`,
        points,
        duration,
        useRedisPackage: false,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
    this.limiters = {
      general: new RateLimiterMemory({ points: config.RATE_LIMIT_PER_MINUTE, duration: 60 }),
      auth: make('auth', config.AUTH_RATE_LIMIT_PER_MINUTE),
      'login-account': make('login-account', config.LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE),
      // A counter, never a refusal: the points only cap what one Redis key may count to.
      'login-failures': make('login-failures', 1_000_000, LOGIN_FAILURE_WINDOW_S),
      'mail-address': make('mail-address', config.MAIL_PER_ADDRESS_PER_HOUR, 3600),
      mfa: make('mfa', config.MFA_ATTEMPTS_PER_MINUTE),
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

  /** Counts one event for `key` without ever refusing (e.g. a failed sign-in). */
  async count(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].consume(key).catch(() => undefined);
  }

  /** Points `key` has used in the current window (0 when unknown or Redis is away). */
  async used(name: LimitName, key: string): Promise<number> {
    const res = await this.limiters[name].get(key).catch(() => null);
    return res?.consumedPoints ?? 0;
  }

  /** Forgets an account's failed attempts after a successful sign-in. */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key).catch(() => undefined);
  }
}
