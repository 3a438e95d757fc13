import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkcopyModule } from '../workcopy/workcopy.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { Checkpoint } from './checkpoint.entity.js';
import { CheckpointsController } from './checkpoints.controller.js';
import { CheckpointsService } from './checkpoints.service.js';

/** Task checkpoints: recorded by the worker, listed, diffed and restored through the API. */
@Module({
  imports: [TypeOrmModule.forFeature([Checkpoint]), TasksModule, WorkspacesModule, WorkcopyModule],
  controllers: [CheckpointsController],
  providers: [CheckpointsService],
  exports: [CheckpointsService],
})
export class CheckpointsModule {}
