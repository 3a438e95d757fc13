import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { InvitationsService } from './invitations.service.js';
import { InvitationView, MyInvitationView, WorkspaceView } from './views.js';

/** A workspace's pending invitations, for its admins. */
@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('workspaces/:ws/invitations')
export class WorkspaceInvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOkResponse({ type: [InvitationView] })
  list(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string): Promise<InvitationView[]> {
    return this.invitations.listForWorkspace(user, ws);
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.invitations.revoke(user, ws, id, ip);
  }
}

/** The caller's own invitations: list, accept, decline. */
@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @ApiOkResponse({ type: [MyInvitationView] })
  list(@CurrentUser() user: AuthUser): Promise<MyInvitationView[]> {
    return this.invitations.listMine(user);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: WorkspaceView, description: 'the workspace joined' })
  accept(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ): Promise<WorkspaceView> {
    return this.invitations.accept(user, id, ip);
  }

  @Post(':id/decline')
  @HttpCode(204)
  decline(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.invitations.decline(user, id, ip);
  }
}
