import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { User } from '../users/user.entity.js';
import { AccountController, EmailFlowsController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { EmailFlowsService } from './email-flows.service.js';

/** Mail flows (reset, verification) and the user's own account settings (api role). */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([User])],
  controllers: [EmailFlowsController, AccountController],
  providers: [EmailFlowsService, AccountService],
})
export class AccountModule {}
