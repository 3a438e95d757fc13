import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { GitLink, TaskGit } from './entities.js';
import { TaskGitController, WorkspaceGitController } from './git.controller.js';
import { GitTasksService } from './git-tasks.service.js';
import { GitService } from './git.service.js';

/** Git remotes of workspaces and branches of tasks (REST in the api role; the worker pushes on completion). */
@Module({
  imports: [TypeOrmModule.forFeature([GitLink, TaskGit]), WorkspacesModule, FilesModule, TasksModule],
  controllers: [WorkspaceGitController, TaskGitController],
  providers: [GitService, GitTasksService],
  exports: [GitService, GitTasksService],
})
export class GitModule {}
