import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from './app-config.js';
import type { Env } from './config.schema.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Env): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
