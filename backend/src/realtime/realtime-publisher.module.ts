import { Module } from '@nestjs/common';
import { AccessEventsPublisher } from './access-events.publisher.js';
import { TaskEventsPublisher } from './task-events.publisher.js';

/** The publishing half of realtime, with no dependencies (tasks, agent, auth and workspaces use it in both roles). */
@Module({
  providers: [TaskEventsPublisher, AccessEventsPublisher],
  exports: [TaskEventsPublisher, AccessEventsPublisher],
})
export class RealtimePublisherModule {}
