import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { Public } from '../auth/public.decorator.js';
import { ShareDto, ShareItem, ShareView } from './shares.dto.js';
import { SharedTaskView } from './views.js';
import { SharesService } from './shares.service.js';

@ApiTags('shares')
@ApiBearerAuth()
@Controller()
export class SharesController {
  constructor(private readonly shares: SharesService) {}

  @Post('tasks/:id/share')
  @ApiOkResponse({ type: ShareView })
  create(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ShareDto,
    @ClientIp() ip: string,
  ) {
    return this.shares.create(user, id, dto, ip);
  }

  @Get('tasks/:id/shares')
  @ApiOkResponse({ type: [ShareItem] })
  listForTask(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.shares.listForTask(user, id);
  }

  @Get('workspaces/:ws/shares')
  @ApiOkResponse({ type: [ShareItem] })
  listForWorkspace(@CurrentUser() user: AuthUser, @Param('ws', ParseUUIDPipe) ws: string) {
    return this.shares.listForWorkspace(user, ws);
  }

  @Delete('shares/:id')
  @HttpCode(204)
  revoke(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.shares.revoke(user, id, ip);
  }
}

@ApiTags('shares')
@Controller('shared')
export class SharedController {
  constructor(private readonly shares: SharesService) {}

  @Public()
  @Get(':token')
  @ApiOkResponse({ type: SharedTaskView })
  shared(@Param('token') token: string): Promise<SharedTaskView> {
    return this.shares.shared(token);
  }
}
