import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { CheckpointsService } from './checkpoints.service.js';
import { RestoreCheckpointDto } from './dto.js';
import { CheckpointDiffView, CheckpointView, RestoreResultView } from './views.js';

@ApiTags('checkpoints')
@ApiBearerAuth()
@Controller('tasks/:id/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Get()
  @ApiOkResponse({ type: [CheckpointView] })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<CheckpointView[]> {
    return this.checkpoints.list(user, id);
  }

  @Get(':seq/diff')
  @ApiOkResponse({ type: CheckpointDiffView })
  diff(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
  ): Promise<CheckpointDiffView> {
    return this.checkpoints.diff(user, id, seq);
  }

  @Post(':seq/restore')
  @HttpCode(200)
  @ApiOkResponse({ type: RestoreResultView })
  restore(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() dto: RestoreCheckpointDto,
  ): Promise<RestoreResultView> {
    return this.checkpoints.restore(user, id, seq, dto.path);
  }
}
