import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { AddMemberDto, ChangeRoleDto, CreateWorkspaceDto, UpdateWorkspaceDto } from './dto.js';
import { InvitationsService } from './invitations.service.js';
import { InviteResultView, MemberView, RoleChangeView, WorkspaceView } from './views.js';
import { WorkspacesService } from './workspaces.service.js';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('workspaces')
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: [WorkspaceView] })
  list(@CurrentUser() user: AuthUser): Promise<WorkspaceView[]> {
    return this.workspaces.list(user);
  }

  @Post()
  @ApiCreatedResponse({ type: WorkspaceView })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWorkspaceDto): Promise<WorkspaceView> {
    return this.workspaces.create(user, dto);
  }

  @Get(':ws')
  @ApiOkResponse({ type: WorkspaceView })
  get(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string): Promise<WorkspaceView> {
    return this.workspaces.get(user, ws);
  }

  @Patch(':ws')
  @ApiOkResponse({ type: WorkspaceView })
  update(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: UpdateWorkspaceDto,
  ): Promise<WorkspaceView> {
    return this.workspaces.update(user, ws, dto);
  }

  @Delete(':ws')
  @HttpCode(204)
  remove(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string, @ClientIp() ip: string) {
    return this.workspaces.remove(user, ws, ip);
  }

  @Get(':ws/members')
  @ApiOkResponse({ type: [MemberView] })
  members(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.workspaces.members(user, ws);
  }

  /** Invites by email: 202 whether or not an account exists; the invitee must accept. */
  @Post(':ws/members')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: InviteResultView })
  addMember(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: AddMemberDto,
    @ClientIp() ip: string,
  ): Promise<InviteResultView> {
    return this.invitations.invite(user, ws, dto, ip);
  }

  @Patch(':ws/members/:userId')
  @ApiOkResponse({ type: RoleChangeView })
  changeRole(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: ChangeRoleDto,
    @ClientIp() ip: string,
  ): Promise<RoleChangeView> {
    return this.workspaces.changeRole(user, ws, userId, dto.role, ip);
  }

  @Delete(':ws/members/:userId')
  @HttpCode(204)
  removeMember(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @ClientIp() ip: string,
  ) {
    return this.workspaces.removeMember(user, ws, userId, ip);
  }
}
