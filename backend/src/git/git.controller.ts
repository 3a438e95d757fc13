import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import {
  CommitDto,
  GitLinkView,
  ImportGitDto,
  ImportResult,
  LinkGitDto,
  PullRequestDto,
  StartBranchDto,
  TaskDiffView,
  TaskGitView,
} from './dto.js';
import { GitTasksService } from './git-tasks.service.js';
import { GitService } from './git.service.js';

@ApiTags('git')
@ApiBearerAuth()
@Controller('workspaces/:ws/git')
export class WorkspaceGitController {
  constructor(private readonly git: GitService) {}

  @Get()
  @ApiOkResponse({ type: GitLinkView })
  get(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.git.get(user, ws);
  }

  @Put()
  @ApiOkResponse({ type: GitLinkView })
  link(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: LinkGitDto,
    @ClientIp() ip: string,
  ) {
    return this.git.link(user, ws, dto, ip);
  }

  @Delete()
  @HttpCode(204)
  unlink(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string, @ClientIp() ip: string) {
    return this.git.unlink(user, ws, ip);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOkResponse({ type: ImportResult })
  import(
    @CurrentUser() user: AuthUser,
    @Param('ws', ParseUUIDPipe) ws: string,
    @Body() dto: ImportGitDto,
    @ClientIp() ip: string,
  ) {
    return this.git.import(user, ws, dto, ip);
  }
}

@ApiTags('git')
@ApiBearerAuth()
@Controller('tasks/:id/git')
export class TaskGitController {
  constructor(private readonly tasks: GitTasksService) {}

  @Get()
  @ApiOkResponse({ type: TaskGitView })
  status(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.status(user, id);
  }

  @Post('branch')
  @ApiOkResponse({ type: TaskGitView })
  branch(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: StartBranchDto) {
    return this.tasks.startBranch(user, id, dto);
  }

  @Post('commit')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskGitView })
  commit(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CommitDto) {
    return this.tasks.commit(user, id, dto);
  }

  @Post('pull-request')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskGitView })
  pullRequest(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PullRequestDto,
  ) {
    return this.tasks.pullRequest(user, id, dto);
  }

  @Get('diff')
  @ApiOkResponse({ type: TaskDiffView })
  diff(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.tasks.diff(user, id);
  }
}
