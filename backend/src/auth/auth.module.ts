import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GeneralRateLimitGuard } from '../rate-limit/rate-limit.guard.js';
import { RealtimePublisherModule } from '../realtime/realtime-publisher.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminController, AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { EmailToken } from '../account/email-token.entity.js';
import { EmailTokensService } from '../account/email-tokens.service.js';
import { ApiToken, Invite, RefreshSession } from './entities.js';
import { RecoveryCode, UserTotp, WebauthnCredential } from './mfa/entities.js';
import { MfaGate } from './mfa/mfa-gate.service.js';
import { PasswordService } from './password.service.js';

@Module({
  imports: [
    UsersModule,
    RealtimePublisherModule,
    TypeOrmModule.forFeature([
      RefreshSession,
      ApiToken,
      Invite,
      EmailToken,
      UserTotp,
      RecoveryCode,
      WebauthnCredential,
    ]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: jsonwebtoken otherwise tries (and fails) to parse
        // the string as a public key on every verify, a few % of the API's CPU under load.
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.JWT_ACCESS_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, AdminController],
  providers: [
    AuthService,
    PasswordService,
    MfaGate,
    EmailTokensService,
    // Order matters: the general rate limit runs before authentication.
    { provide: APP_GUARD, useClass: GeneralRateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, PasswordService, MfaGate, EmailTokensService, TypeOrmModule, JwtModule],
})
export class AuthModule {}
