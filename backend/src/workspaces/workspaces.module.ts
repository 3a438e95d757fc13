import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimePublisherModule } from '../realtime/realtime-publisher.module.js';
import { UsersModule } from '../users/users.module.js';
import { Membership, Workspace, WorkspaceInvitation } from './entities.js';
import { InvitationsController, WorkspaceInvitationsController } from './invitations.controller.js';
import { InvitationsService } from './invitations.service.js';
import { WorkspacesController } from './workspaces.controller.js';
import { WorkspacesService } from './workspaces.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Workspace, Membership, WorkspaceInvitation]),
    UsersModule,
    RealtimePublisherModule,
  ],
  controllers: [WorkspacesController, WorkspaceInvitationsController, InvitationsController],
  providers: [WorkspacesService, InvitationsService],
  exports: [WorkspacesService],
})
export class WorkspacesModule {}
