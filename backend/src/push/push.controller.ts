import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { PushConfigView, PushSubscriptionView, SubscribePushDto } from './dto.js';
import { PushService } from './push.service.js';

/** Web Push opt-in per device: the server key, and the caller's own subscriptions. */
@ApiTags('push')
@ApiBearerAuth()
@Controller('push')
export class PushController {
  constructor(private readonly push: PushService) {}

  @Get('config')
  @ApiOkResponse({ type: PushConfigView })
  config(): PushConfigView {
    return this.push.publicConfig();
  }

  @Get('subscriptions')
  @ApiOkResponse({ type: PushSubscriptionView, isArray: true })
  list(@CurrentUser() user: AuthUser) {
    return this.push.list(user);
  }

  /** Subscribes this browser (idempotent: the same endpoint again updates its keys). */
  @Post('subscriptions')
  @ApiCreatedResponse({ type: PushSubscriptionView })
  subscribe(@CurrentUser() user: AuthUser, @Body() dto: SubscribePushDto) {
    return this.push.subscribe(user, dto);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.push.remove(user, id);
  }
}
