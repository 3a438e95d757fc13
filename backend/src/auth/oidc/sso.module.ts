import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth.module.js';
import { Invite } from '../entities.js';
import { PasswordService } from '../password.service.js';
import { SsoController } from './sso.controller.js';
import { SsoService } from './sso.service.js';
import { UserIdentity } from './user-identity.entity.js';

/** Sign-in through GitHub, Google and any OIDC provider (AUTH_PROVIDERS, docs/auth.md). */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([UserIdentity, Invite])],
  controllers: [SsoController],
  providers: [SsoService, PasswordService],
})
export class SsoModule {}
