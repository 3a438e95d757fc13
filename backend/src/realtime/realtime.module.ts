import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { TasksGateway } from './tasks.gateway.js';

/** The `/tasks` Socket.IO gateway (api role only). */
@Module({ imports: [AuthModule, TasksModule, WorkspacesModule], providers: [TasksGateway] })
export class RealtimeModule {}
