import { NestFactory } from '@nestjs/core';
import { HealthCheckService } from '@nestjs/terminus';
import { AgentModule } from '../agent/agent.module.js';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';
import { HealthService } from '../health/health.service.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { StorageService } from '../storage/storage.service.js';
import { installShutdown } from './shutdown.js';
import { WorkerModule } from './worker.module.js';

/** Starts the `worker` role: no HTTP API, only /metrics and /health/* on METRICS_PORT. */
export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(config, {}, [
      AgentModule.forRoot({
        lockDurationMs: config.AGENT_LOCK_DURATION_MS,
        stalledIntervalMs: config.AGENT_STALLED_INTERVAL_MS,
        maxStalledCount: config.AGENT_MAX_STALLED_COUNT,
        sweepIntervalMs: config.TASK_SWEEP_INTERVAL_MS,
      }),
    ]),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  await app.get(StorageService).ensureBucket();
  const health = app.get(HealthCheckService);
  const checks = app.get(HealthService);
  const server = await startMetricsServer(
    app.get(MetricsService),
    config.HOST,
    config.METRICS_PORT,
    async () => {
      try {
        const r = await health.check(checks.readinessChecks());
        return { ok: r.status === 'ok', details: { info: r.info, error: r.error } };
      } catch (e) {
        const r = (e as { response?: Record<string, unknown> }).response ?? {};
        return { ok: false, details: r };
      }
    },
  );
  installShutdown(app, config, [server]);
  app.get(Logger).log(`worker started, metrics and health on :${config.METRICS_PORT}`);
}
