import { Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { RedisService } from '../redis/redis.service.js';
import { RELAY_EVENT, socketIoKey, TASKS_NAMESPACE, type TaskRelay } from './events.js';

/**
 * Publishes task events to every api replica through Redis (the Socket.IO emitter's
 * server-side emit); works in any role and never calls the API over HTTP.
 */
@Injectable()
export class TaskEventsPublisher {
  private readonly emitter: Emitter;

  constructor(redis: RedisService) {
    this.emitter = new Emitter(redis.create(), { key: socketIoKey(redis.prefix) });
  }

  publish(relay: TaskRelay): void {
    this.emitter.of(TASKS_NAMESPACE).serverSideEmit(RELAY_EVENT, relay);
  }
}
