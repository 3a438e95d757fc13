import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { User } from '../users/user.entity.js';
import { AccountController, EmailFlowsController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { EmailFlowsService } from './email-flows.service.js';
import { AdminUsersController, PasswordController } from './lifecycle.controller.js';
import { LifecycleService } from './lifecycle.service.js';

/** Mail flows (reset, verification), the user's own account settings, admin user management (api role). */
@Module({
  imports: [AuthModule, TypeOrmModule.forFeature([User])],
  controllers: [EmailFlowsController, AccountController, PasswordController, AdminUsersController],
  providers: [EmailFlowsService, AccountService, LifecycleService],
})
export class AccountModule {}
