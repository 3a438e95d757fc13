import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { PageQuery } from '../common/pagination/cursor.js';
import { LifecycleService } from './lifecycle.service.js';
import { AdminUserPage, UserDisabledView } from '../auth/views.js';

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  newPassword: string;
}

@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class PasswordController {
  constructor(private readonly lifecycle: LifecycleService) {}

  /** Other sign-ins of the account are revoked; this one stays. */
  @Post('password')
  @HttpCode(204)
  change(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto, @ClientIp() ip: string) {
    return this.lifecycle.changePassword(user, dto.currentPassword, dto.newPassword, ip);
  }
}

/** Administrators: list users, disable / re-enable, sign out everywhere, reset second factors. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly lifecycle: LifecycleService) {}

  @Get()
  @ApiOkResponse({ type: AdminUserPage })
  list(@CurrentUser() user: AuthUser, @Query() page: PageQuery): Promise<AdminUserPage> {
    return this.lifecycle.list(user, page.limit, page.cursor);
  }

  @Post(':userId/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDisabledView })
  disable(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.lifecycle.setDisabled(user, id, true, ip);
  }

  @Post(':userId/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: UserDisabledView })
  enable(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.lifecycle.setDisabled(user, id, false, ip);
  }

  @Post(':userId/sign-out')
  @HttpCode(204)
  signOut(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) id: string, @ClientIp() ip: string) {
    return this.lifecycle.signOut(user, id, ip);
  }

  @Post(':userId/reset-2fa')
  @HttpCode(204)
  resetMfa(
    @CurrentUser() user: AuthUser,
    @Param('userId', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.lifecycle.resetMfa(user, id, ip);
  }
}
