import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { HealthModule } from '../health/health.module.js';
import { McpModule } from '../mcp/mcp.module.js';
import { PushWorkerModule } from '../push/push.module.js';
import { CoreModule, type CoreOptions } from './core.module.js';

/** The `worker` role: queue consumers and the agent loop; serves only health and metrics. */
@Module({})
export class WorkerModule {
  static forRoot(
    config: AppConfig,
    options: CoreOptions = {},
    features: DynamicModule['imports'] = [],
  ): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, options),
        HealthModule,
        McpModule,
        PushWorkerModule,
        ...(features ?? []),
      ],
    };
  }
}
