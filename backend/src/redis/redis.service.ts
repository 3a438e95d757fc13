import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/** Owns the Redis connections of the process; every other module asks here. */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  /** Commands fail fast while Redis is down instead of queueing forever. */
  readonly client: Redis;
  private readonly extra: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = this.create({ maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  }

  /** Key (and channel) prefix shared by every feature, e.g. `roo:`. */
  get prefix(): string {
    return `${this.config.REDIS_PREFIX}:`;
  }

  /** A new connection (BullMQ and Socket.IO need their own); closed on shutdown. */
  create(options: RedisOptions = {}): Redis {
    const conn = new Redis(this.config.REDIS_URL, {
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      ...options,
    });
    // Reconnection is automatic; without a listener ioredis would print every failed attempt.
    conn.on('error', () => undefined);
    this.extra.push(conn);
    return conn;
  }

  async ping(): Promise<void> {
    const answer = await this.client.ping();
    if (answer !== 'PONG') throw new Error(`unexpected PING answer ${answer}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.extra.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
