// Metric names the Roo backend exports (docs/monitoring.md), plus the ops ones from
// the backup textfile and the postgres-exporter WAL query. Dashboards and alerts may
// only use roo_* / http_* names from this list.
const histogram = (name) => [name, `${name}_bucket`, `${name}_sum`, `${name}_count`];
export const KNOWN_METRICS = new Set([
  ...histogram('http_request_duration_seconds'),
  'http_requests_total',
  'roo_active_sessions_total',
  'roo_tasks_completed_total',
  ...histogram('roo_task_duration_seconds'),
  'roo_llm_tokens_total',
  'roo_queue_jobs',
  // admission control and database time (backend/src/admission, metrics.service.ts, db-pool.metrics.ts)
  'roo_http_in_flight',
  'roo_admission_refused_total',
  'roo_admission_event_loop_delay_seconds',
  ...histogram('roo_db_query_duration_seconds'),
  'roo_db_pool_connections',
  // ops: scripts/ops-backup.sh (node-exporter textfile)
  'roo_backup_last_success_timestamp_seconds',
  // ops: compose/postgres/exporter-queries.yml
  'roo_wal_last_archived_timestamp_seconds',
  'roo_wal_ready_segments',
  'roo_wal_failed_total',
  'roo_wal_failing',
  // ops: compose/postgres/roo-pitr.sh (point-in-time recovery, node-exporter textfile)
  'roo_pitr_base_backup_last_success_timestamp_seconds',
  'roo_pitr_base_backup_last_failure_timestamp_seconds',
  'roo_pitr_base_backup_last_duration_seconds',
  'roo_pitr_recoverable_window_start_timestamp_seconds',
  'roo_pitr_restore_check_last_success_timestamp_seconds',
]);

/** roo_* and http_* identifiers used as metric names in a PromQL expression. */
export function appMetricNames(expr) {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const noLabels = noStrings.replace(/\{[^}]*\}/g, '{}').replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '$1()');
  return [...noLabels.matchAll(/\b((?:roo|http)_[A-Za-z0-9_]+)\b/g)].map((m) => m[1]);
}
