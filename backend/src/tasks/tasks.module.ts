import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModesModule } from '../modes/modes.module.js';
import { ProvidersModule } from '../providers/providers.module.js';
import { RealtimePublisherModule } from '../realtime/realtime-publisher.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { Task, TaskMessage, TaskShare } from './entities.js';
import { HistoryIoController } from './history-io/history-io.controller.js';
import { HistoryIoRepository } from './history-io/history-io.repository.js';
import { HistoryIoService } from './history-io/history-io.service.js';
import { TaskJournal } from './task-journal.service.js';
import { TaskSignals } from './task-signals.service.js';
import { SharedController, SharesController } from './shares.controller.js';
import { SharesRepository } from './shares.repository.js';
import { SharesService } from './shares.service.js';
import { TasksController, WorkspaceTasksController } from './tasks.controller.js';
import { TasksQueue } from './tasks.queue.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService } from './tasks.service.js';

/** Tasks: REST (api role), queue producer, journal and signals (both roles). */
@Module({
  imports: [
    TypeOrmModule.forFeature([Task, TaskMessage, TaskShare]),
    WorkspacesModule,
    ModesModule,
    ProvidersModule,
    RealtimePublisherModule,
  ],
  controllers: [
    WorkspaceTasksController,
    TasksController,
    SharesController,
    SharedController,
    HistoryIoController,
  ],
  providers: [
    TasksService,
    TasksRepository,
    TaskJournal,
    TaskSignals,
    TasksQueue,
    SharesService,
    SharesRepository,
    HistoryIoService,
    HistoryIoRepository,
  ],
  exports: [TasksService, TaskJournal, TaskSignals, TasksQueue],
})
export class TasksModule {}
