import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';
import { instrumentedClient, type QueryObserver } from './query-metrics.js';

/** `observeQuery` (the API and worker pass the query-duration histogram) times every query. */
export function dataSourceOptions(config: AppConfig, observeQuery?: QueryObserver): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: {
      max: config.DATABASE_POOL_MAX,
      // Bounded wait for a free connection: past it the request is 503 + Retry-After.
      connectionTimeoutMillis: config.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
      // A query never hangs a request forever when the database is stuck.
      statement_timeout: 30_000,
      application_name: `roo-${config.ROLE}`,
      ...(observeQuery ? { Client: instrumentedClient(observeQuery) } : {}),
    },
  };
}

export const createDataSource = (config: AppConfig) => new DataSource(dataSourceOptions(config));
