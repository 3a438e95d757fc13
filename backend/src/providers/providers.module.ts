import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { LlmClientsService } from './llm-clients.service.js';
import { ProviderProfile } from './provider-profile.entity.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersService } from './providers.service.js';

/**
 * Provider profiles (REST, served by the api role) and LLM clients (both roles).
 * Circuit settings can be overridden by a global `BREAKER_SETTINGS` provider.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderProfile]), WorkspacesModule],
  controllers: [ProvidersController],
  providers: [ProvidersService, LlmClientsService],
  exports: [ProvidersService],
})
export class ProvidersModule {}
