import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UsersService } from '../../users/users.service.js';
import { ClientIp, CurrentUser, type AuthUser } from '../auth-user.js';
import { respondSignedIn } from '../auth.controller.js';
import type { ClientInfo } from '../auth.service.js';
import { Public } from '../public.decorator.js';
import { MfaVerifyDto, PasskeyLoginDto, PasskeyRegisterDto, PasswordConfirmDto, TotpCodeDto } from './dto.js';
import { MfaService } from './mfa.service.js';
import { PasskeysService } from './passkeys.service.js';
import { TotpService } from './totp.service.js';
import {
  PasskeySignInOptionsView,
  PasskeyView,
  RecoveryCodesView,
  SignedInView,
  TotpSetupView,
} from '../views.js';

const client = (req: Request): ClientInfo => ({
  ip: req.ip ?? 'unknown',
  userAgent: req.headers['user-agent'],
});

/** Second sign-in step and passkey sign-in (public). */
@ApiTags('auth')
@Controller('auth')
export class MfaSignInController {
  constructor(
    private readonly mfa: MfaService,
    private readonly passkeys: PasskeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('mfa/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInView })
  async verify(@Body() dto: MfaVerifyDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return respondSignedIn(res, this.config, await this.mfa.verify(dto, client(req)));
  }

  @Public()
  @Post('passkeys/options')
  @HttpCode(200)
  @ApiOkResponse({ type: PasskeySignInOptionsView })
  passkeyOptions() {
    return this.passkeys.authenticationOptions();
  }

  @Public()
  @Post('passkeys/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: SignedInView })
  async passkeyVerify(
    @Body() dto: PasskeyLoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return respondSignedIn(
      res,
      this.config,
      await this.mfa.passkeySignIn(dto.challengeId, dto.response, client(req)),
    );
  }
}

/** The signed-in user's second factors: authenticator app, recovery codes, passkeys. */
@ApiTags('account')
@ApiBearerAuth()
@Controller('account')
export class MfaSettingsController {
  constructor(
    private readonly mfa: MfaService,
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly users: UsersService,
  ) {}

  @Post('totp/setup')
  @ApiCreatedResponse({ type: TotpSetupView })
  async totpSetup(@CurrentUser() user: AuthUser, @ClientIp() ip: string) {
    return this.totp.setup(await this.users.get(user.id), ip);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView })
  async totpConfirm(@CurrentUser() user: AuthUser, @Body() dto: TotpCodeDto, @ClientIp() ip: string) {
    return this.totp.confirm(await this.users.get(user.id), dto.code, ip);
  }

  @Post('totp/disable')
  @HttpCode(204)
  async totpDisable(@CurrentUser() user: AuthUser, @Body() dto: PasswordConfirmDto, @ClientIp() ip: string) {
    await this.mfa.confirmPassword(user.id, dto.password);
    await this.totp.disable(user.id, ip);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesView })
  async recoveryCodes(
    @CurrentUser() user: AuthUser,
    @Body() dto: PasswordConfirmDto,
    @ClientIp() ip: string,
  ) {
    await this.mfa.confirmPassword(user.id, dto.password);
    return this.totp.regenerateRecoveryCodes(user.id, ip);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @ApiOkResponse({
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'PublicKeyCredentialCreationOptionsJSON',
    },
  })
  async passkeyOptions(@CurrentUser() user: AuthUser) {
    return this.passkeys.registrationOptions(await this.users.get(user.id));
  }

  @Post('passkeys')
  @ApiCreatedResponse({ type: PasskeyView })
  async passkeyRegister(
    @CurrentUser() user: AuthUser,
    @Body() dto: PasskeyRegisterDto,
    @ClientIp() ip: string,
  ) {
    return this.passkeys.register(await this.users.get(user.id), dto.response, dto.name, ip);
  }

  @Delete('passkeys/:id')
  @HttpCode(204)
  passkeyRemove(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @ClientIp() ip: string,
  ) {
    return this.passkeys.remove(user.id, id, ip);
  }
}
