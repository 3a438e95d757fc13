import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { CheckpointsService } from './checkpoints.service.js';
import { RestoreCheckpointDto } from './dto.js';

@ApiTags('checkpoints')
@ApiBearerAuth()
@Controller('tasks/:id/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.checkpoints.list(user, id);
  }

  @Get(':seq/diff')
  diff(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
  ) {
    return this.checkpoints.diff(user, id, seq);
  }

  @Post(':seq/restore')
  @HttpCode(200)
  restore(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() dto: RestoreCheckpointDto,
  ) {
    return this.checkpoints.restore(user, id, seq, dto.path);
  }
}
