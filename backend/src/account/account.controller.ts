import { Body, Controller, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ClientIp, CurrentUser, type AuthUser } from '../auth/auth-user.js';
import { respondSignedIn } from '../auth/auth.controller.js';
import { Public } from '../auth/public.decorator.js';
import { AccountService } from './account.service.js';
import { EmailDto, MailTokenDto, NotificationSettingsDto, ResetPasswordDto } from './dto.js';
import { EmailFlowsService } from './email-flows.service.js';
import {
  AccountSecurityView,
  CapabilitiesView,
  EmailVerifiedView,
  MailSentView,
  MfaChallengeView,
  NotificationSettingsView,
  SignedInView,
} from '../auth/views.js';

/** Mail-based sign-in flows: password reset and address verification (public). */
@ApiTags('auth')
@Controller('auth')
export class EmailFlowsController {
  constructor(
    private readonly flows: EmailFlowsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What this server offers: mail (reset, verification), the verification mode, admin 2FA. */
  @Public()
  @Get('capabilities')
  @ApiOkResponse({ type: CapabilitiesView })
  capabilities(): CapabilitiesView {
    return this.flows.capabilities();
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MailSentView })
  forgot(@Body() dto: EmailDto, @ClientIp() ip: string) {
    return this.flows.forgotPassword(dto.email, ip);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(200)
  @ApiExtraModels(SignedInView, MfaChallengeView)
  @ApiOkResponse({
    schema: { oneOf: [{ $ref: getSchemaPath(SignedInView) }, { $ref: getSchemaPath(MfaChallengeView) }] },
  })
  async reset(@Body() dto: ResetPasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const client = { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] };
    return respondSignedIn(res, this.config, await this.flows.resetPassword(dto.token, dto.password, client));
  }

  @Public()
  @Post('email/verify/request')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MailSentView })
  requestVerification(@Body() dto: EmailDto, @ClientIp() ip: string) {
    return this.flows.requestVerification(dto.email, ip);
  }

  @Public()
  @Post('email/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: EmailVerifiedView })
  verify(@Body() dto: MailTokenDto, @ClientIp() ip: string) {
    return this.flows.verifyEmail(dto.token, ip);
  }
}

/** The signed-in user's own account: security overview and notification settings. */
@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Get('security')
  @ApiOkResponse({ type: AccountSecurityView })
  security(@CurrentUser() user: AuthUser): Promise<AccountSecurityView> {
    return this.account.security(user);
  }

  @Patch('notifications')
  @ApiOkResponse({ type: NotificationSettingsView })
  notifications(@CurrentUser() user: AuthUser, @Body() dto: NotificationSettingsDto, @ClientIp() ip: string) {
    return this.account.setNotifications(user, dto.taskWaiting, ip);
  }
}
