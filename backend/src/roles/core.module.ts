import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { redactUrl } from '../common/http/redact-url.js';
import { requestId } from '../common/http/request-id.js';
import { AuditModule } from '../audit/audit.module.js';
import { dataSourceOptions } from '../database/data-source.js';
import { DbPoolMetrics } from '../database/db-pool.metrics.js';
import { MailModule } from '../mail/mail.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RateLimitModule } from '../rate-limit/rate-limit.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { StorageModule } from '../storage/storage.module.js';

/** Never logged, wherever they appear in a request or response. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.apiKey',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
];

export interface CoreOptions {
  /** Where logs go (stdout by default; tests capture them). */
  logStream?: DestinationStream;
}

/** What every role shares: config, JSON logs, Postgres, Redis, object storage, metrics. */
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, options: CoreOptions = {}): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              base: { role: config.ROLE },
              genReqId: requestId,
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              customProps: () => ({}),
              autoLogging: { ignore: (req: { url?: string }) => (req.url ?? '').startsWith('/health/') },
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: redactUrl(req.url),
                }),
              },
            },
            options.logStream,
          ].filter(Boolean) as never,
        }),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG, MetricsService],
          useFactory: (c: AppConfig, m: MetricsService) =>
            dataSourceOptions(c, (name, s) => m.dbQueryDuration.observe({ query: name }, s)),
        }),
        RedisModule,
        StorageModule,
        MetricsModule,
        RateLimitModule,
        AuditModule,
        MailModule,
      ],
      providers: [DbPoolMetrics],
      exports: [ConfigModule],
    };
  }
}
