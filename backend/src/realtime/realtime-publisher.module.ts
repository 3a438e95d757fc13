import { Module } from '@nestjs/common';
import { PushQueue } from '../push/push.queue.js';
import { AccessEventsPublisher } from './access-events.publisher.js';
import { TaskEventsPublisher } from './task-events.publisher.js';

/**
 * The publishing half of realtime, needing only config and Redis (tasks, agent, auth and
 * workspaces use it in both roles); task changes worth a notification go to the push queue.
 */
@Module({
  providers: [TaskEventsPublisher, AccessEventsPublisher, PushQueue],
  exports: [TaskEventsPublisher, AccessEventsPublisher],
})
export class RealtimePublisherModule {}
