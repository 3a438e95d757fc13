import { Module } from '@nestjs/common';
import { TaskEventsPublisher } from './task-events.publisher.js';

/** The publishing half of realtime, with no dependencies (tasks and agent use it in both roles). */
@Module({ providers: [TaskEventsPublisher], exports: [TaskEventsPublisher] })
export class RealtimePublisherModule {}
