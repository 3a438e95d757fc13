import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const REFUSAL_REASONS = [
  'in_flight',
  'event_loop_delay',
  'task_queue_instance',
  'task_queue_workspace',
  'password_hash_queue',
] as const;

/**
 * The process's Prometheus registry and every metric it exports. Labels stay low in
 * cardinality: route templates, status codes, queue names — never user or task ids.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by route template',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests, by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly activeSessions = new Gauge({
    name: 'roo_active_sessions_total',
    help: 'Connected Socket.IO clients on this process',
    registers: [this.registry],
  });
  readonly tasksCompleted = new Counter({
    name: 'roo_tasks_completed_total',
    help: 'Tasks that reached a final status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly taskDuration = new Histogram({
    name: 'roo_task_duration_seconds',
    help: 'Wall time of one agent run (job), in seconds',
    labelNames: ['status'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [this.registry],
  });
  readonly llmTokens = new Counter({
    name: 'roo_llm_tokens_total',
    help: 'LLM tokens used, by direction (input, output, cache_read, cache_write) and provider kind',
    labelNames: ['direction', 'provider'] as const,
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'roo_queue_jobs',
    help: 'Jobs in a queue, by state',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  /** Requests refused to stay out of overload, by REFUSAL_REASONS. */
  readonly admissionRefused = new Counter({
    name: 'roo_admission_refused_total',
    help: 'Requests refused early (503/429 + Retry-After) to keep this process out of overload, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  /** By query name (`select tasks`, `insert task_messages`…, database/query-metrics.ts), never by text. */
  readonly dbQueryDuration = new Histogram({
    name: 'roo_db_query_duration_seconds',
    help: 'Duration of Postgres queries as the app sees them (round trip), by query name',
    labelNames: ['query'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Exported at 0 from the start, so rate() and the dashboards see every reason.
    for (const reason of REFUSAL_REASONS) this.admissionRefused.inc({ reason }, 0);
  }
}
