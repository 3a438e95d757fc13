import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Gauge } from 'prom-client';
import type { AppConfig } from '../config/app-config.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { AdmissionControl } from './admission-control.js';

/** Health checks are answered even when busy: a replica that sheds load is not a dead one. */
const EXEMPT = (url: string) => url.startsWith('/health/');

/** Puts per-process admission control in front of every API route (off when both limits are 0). */
export function installAdmissionControl(
  app: NestExpressApplication,
  config: AppConfig,
  metrics: MetricsService,
): AdmissionControl | undefined {
  if (!config.ADMISSION_MAX_IN_FLIGHT && !config.ADMISSION_MAX_EVENT_LOOP_DELAY_MS) return undefined;
  const admission = new AdmissionControl({
    maxInFlight: config.ADMISSION_MAX_IN_FLIGHT,
    maxEventLoopDelayMs: config.ADMISSION_MAX_EVENT_LOOP_DELAY_MS,
    retryAfterSeconds: config.ADMISSION_RETRY_AFTER_S,
    exempt: EXEMPT,
    onRefusal: (reason) => metrics.admissionRefused.inc({ reason }),
  });
  new Gauge({
    name: 'roo_http_in_flight',
    help: 'HTTP requests in progress in this API process (admission control counts them)',
    registers: [metrics.registry],
    collect() {
      this.set(admission.inFlight);
    },
  });
  new Gauge({
    name: 'roo_admission_event_loop_delay_seconds',
    help: 'Mean event-loop delay of the last admission-control window',
    registers: [metrics.registry],
    collect() {
      this.set(admission.eventLoopDelayMs / 1000);
    },
  });
  app.use(admission.middleware());
  (app.getHttpServer() as Server).once('close', () => admission.close());
  return admission;
}
