import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../redis/redis.service.js';
import { accessChannel, type AccessChange } from './events.js';

/**
 * Tells every api replica that access was taken away (session or API token revoked,
 * membership changed), so each closes or unsubscribes its own sockets at once.
 * The database stays the truth: a message lost while Redis is away is caught by the
 * gateway's periodic re-check, so a failed publish never fails the caller's request.
 */
@Injectable()
export class AccessEventsPublisher {
  private readonly logger = new Logger('AccessEvents');

  constructor(private readonly redis: RedisService) {}

  async publish(change: AccessChange): Promise<void> {
    try {
      await this.redis.client.publish(accessChannel(this.redis.prefix), JSON.stringify(change));
    } catch (e) {
      this.logger.warn(`could not publish ${change.kind}: ${e instanceof Error ? e.message : 'failed'}`);
    }
  }
}
