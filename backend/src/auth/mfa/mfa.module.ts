import { Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module.js';
import { AuthModule } from '../auth.module.js';
import { MfaSettingsController, MfaSignInController } from './mfa.controller.js';
import { MfaService } from './mfa.service.js';
import { PasskeysService } from './passkeys.service.js';
import { TotpService } from './totp.service.js';

/** Second factors: TOTP + recovery codes, passkeys (api role). */
@Module({
  imports: [AuthModule, UsersModule],
  controllers: [MfaSignInController, MfaSettingsController],
  providers: [MfaService, TotpService, PasskeysService],
  exports: [TotpService, PasskeysService],
})
export class MfaModule {}
