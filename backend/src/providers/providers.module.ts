import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { LlmClientsService } from './llm-clients.service.js';
import { ProviderProfile } from './provider-profile.entity.js';
import { ProvidersController } from './providers.controller.js';
import { ProvidersService } from './providers.service.js';
import { EgressService } from './egress/egress.service.js';
import { ProviderTestConsumer, ProviderTestQueue } from './provider-tests.js';
import { BudgetController } from './pricing/budget.controller.js';
import { BudgetService } from './pricing/budget.service.js';

/**
 * Provider profiles (REST, served by the api role) and LLM clients (both roles).
 * Circuit settings can be overridden by a global `BREAKER_SETTINGS` provider. Every provider
 * request goes through the egress policy (EgressService); connection tests run in a worker.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProviderProfile]), WorkspacesModule],
  controllers: [ProvidersController, BudgetController],
  providers: [
    ProvidersService,
    LlmClientsService,
    EgressService,
    ProviderTestQueue,
    ProviderTestConsumer,
    BudgetService,
  ],
  exports: [ProvidersService, BudgetService],
})
export class ProvidersModule {}
