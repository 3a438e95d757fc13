import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service.js';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** `roo_db_pool_connections{state}`: read from the pg pool at scrape time, so it costs nothing between scrapes. */
@Injectable()
export class DbPoolMetrics {
  constructor(metrics: MetricsService, @InjectDataSource() db: DataSource) {
    new Gauge({
      name: 'roo_db_pool_connections',
      help: 'Postgres pool connections of this process, by state (total, idle, waiting)',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      collect() {
        const pool = (db.driver as unknown as { master?: PgPool }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
