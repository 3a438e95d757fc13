import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { schemaIsCurrent } from '../database/migrator.js';
import { RedisService } from '../redis/redis.service.js';
import { StorageService } from '../storage/storage.service.js';

const TIMEOUT_MS = 2_000;

/** Readiness checks shared by every role: Postgres (and its schema), Redis, object storage. */
@Injectable()
export class HealthService {
  private schemaCurrent = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisService,
    private readonly storage: StorageService,
  ) {}

  readinessChecks(): HealthIndicatorFunction[] {
    return [
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.db.query('SELECT 1');
            // Once current, the schema stays current for the life of this process.
            this.schemaCurrent ||= await schemaIsCurrent(this.db);
            if (!this.schemaCurrent) throw new Error('schema is behind: run the migrate role');
          })
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicators
          .check('redis')
          .attempt(() => this.redis.ping())
          .withTimeout(TIMEOUT_MS),
      () =>
        this.indicators
          .check('storage')
          .attempt(({ signal }) => this.storage.ping(signal))
          .withTimeout(TIMEOUT_MS),
    ];
  }
}
