import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PushSubscription } from './push-subscription.entity.js';
import { PushSender } from './push-sender.js';
import { PushController } from './push.controller.js';
import { PushQueue } from './push.queue.js';
import { PushRepository } from './push.repository.js';
import { PushService } from './push.service.js';
import { PushWorker } from './push.worker.js';

/** Web Push, api role: the opt-in endpoints. */
@Module({
  imports: [TypeOrmModule.forFeature([PushSubscription])],
  controllers: [PushController],
  providers: [PushService, PushRepository],
})
export class PushModule {}

/** Web Push, worker role: the queue consumer that sends notifications. */
@Module({
  imports: [TypeOrmModule.forFeature([PushSubscription])],
  providers: [PushRepository, PushSender, PushQueue, PushWorker],
  exports: [PushSender],
})
export class PushWorkerModule {}
