import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { LlmClientsService } from './llm-clients.service.js';
import { ProviderProfile } from './provider-profile.entity.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersService } from './providers.service.js';
import { EgressService } from './egress/egress.service.js';
import { ProviderTestConsumer, ProviderTestQueue } from './provider-tests.js';

/**
 * Provider profiles (REST, served by the api role) and LLM clients (both roles).
 * Circuit settings can be overridden by a global `BREAKER_SETTINGS` provider. Every provider
 * request goes through the egress policy (EgressService); connection tests run in a worker.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderProfile]), WorkspacesModule],
  controllers: [ProvidersController],
  providers: [ProvidersService, LlmClientsService, EgressService, ProviderTestQueue, ProviderTestConsumer],
  exports: [ProvidersService],
})
export class ProvidersModule {}
