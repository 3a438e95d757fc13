import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
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
      connectionTimeoutMillis: 5_000,
      // A query never hangs a request forever when the database is stuck.
      statement_timeout: 30_000,
      application_name: `roo-${config.ROLE}`,
    },
  };
}

export const createDataSource = (config: AppConfig) => new DataSource(dataSourceOptions(config));
