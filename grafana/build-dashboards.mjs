#!/usr/bin/env node
// Generates grafana/dashboards/*.json from the definitions below (the JSON is
// committed; scripts/test-config.sh checks it is up to date). Run:
//   node grafana/build-dashboards.mjs          write the files
//   node grafana/build-dashboards.mjs --check  exit 1 if a committed file differs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const PROM = { type: 'prometheus', uid: 'prometheus' };
const LOKI = { type: 'loki', uid: 'loki' };
const RI = '$__rate_interval';

function dashboard({ uid, title, tags, panels, variables = [], description }) {
  let id = 0;
  let y = 0;
  let x = 0;
  const laidOut = panels.map((p) => {
    const w = p.w ?? 12;
    const h = p.h ?? 8;
    if (x + w > 24) {
      x = 0;
      y += 8;
    }
    const gridPos = { h, w, x, y };
    x += w;
    if (p.type === 'row') {
      x = 0;
      y += 1;
    }
    id += 1;
    return build(p, id, gridPos);
  });
  return {
    uid,
    title,
    description,
    tags,
    editable: false,
    graphTooltip: 1,
    refresh: '30s',
    schemaVersion: 39,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: { list: variables },
    annotations: { list: [] },
    links: [],
    panels: laidOut,
  };
}

function build(p, id, gridPos) {
  if (p.type === 'row') {
    return { id, type: 'row', title: p.title, gridPos: { ...gridPos, h: 1, w: 24, x: 0 }, collapsed: false, panels: [] };
  }
  const ds = p.ds ?? PROM;
  const targets = p.targets.map(([expr, legendFormat], i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: ds,
    expr,
    ...(legendFormat ? { legendFormat } : {}),
  }));
  const panel = {
    id,
    type: p.type ?? 'timeseries',
    title: p.title,
    description: p.description ?? '',
    datasource: ds,
    gridPos,
    targets,
    fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
    options: {},
  };
  if (panel.type === 'timeseries') {
    panel.options = { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } };
  } else if (panel.type === 'stat') {
    panel.options = { reduceOptions: { calcs: ['lastNotNull'] }, colorMode: 'value', graphMode: 'area' };
  } else if (panel.type === 'logs') {
    panel.options = { showTime: true, wrapLogMessage: true, sortOrder: 'Descending', enableLogDetails: true };
    delete panel.fieldConfig;
  }
  return panel;
}

const api = dashboard({
  uid: 'roo-api-overview',
  title: 'Roo API overview',
  description: 'Traffic, latency, errors, sessions, tasks, tokens and queues of the Roo API and workers.',
  tags: ['roo'],
  panels: [
    { type: 'stat', w: 6, title: 'API replicas up', targets: [['count(up{job="api"} == 1)']] },
    { type: 'stat', w: 6, title: 'Worker replicas up', targets: [['count(up{job="worker"} == 1)']] },
    { type: 'stat', w: 6, title: 'Active sessions', targets: [['sum(roo_active_sessions_total)']] },
    { type: 'stat', w: 6, title: '5xx error rate', unit: 'percentunit',
      targets: [[`sum(rate(http_requests_total{job="api",status=~"5.."}[${RI}])) / sum(rate(http_requests_total{job="api"}[${RI}]))`]] },
    { title: 'Request rate by route', unit: 'reqps',
      targets: [[`sum by (route) (rate(http_requests_total{job="api"}[${RI}]))`, '{{route}}']] },
    { title: 'Error rate (5xx share)', unit: 'percentunit',
      targets: [
        [`sum(rate(http_requests_total{job="api",status=~"5.."}[${RI}])) / sum(rate(http_requests_total{job="api"}[${RI}]))`, '5xx'],
        [`sum(rate(http_requests_total{job="api",status=~"4.."}[${RI}])) / sum(rate(http_requests_total{job="api"}[${RI}]))`, '4xx'],
      ] },
    ...[0.5, 0.95, 0.99].map((q) => ({
      w: 8,
      title: `p${Math.round(q * 100)} latency by route`,
      unit: 's',
      targets: [[`histogram_quantile(${q}, sum by (le, route) (rate(http_request_duration_seconds_bucket{job="api"}[${RI}])))`, '{{route}}']],
    })),
    { title: 'Active sessions (connected sockets)', targets: [['sum by (instance) (roo_active_sessions_total)', '{{instance}}']] },
    { title: 'Tasks completed per status', unit: 'short',
      targets: [[`sum by (status) (increase(roo_tasks_completed_total[${RI}]))`, '{{status}}']] },
    { title: 'Task duration', unit: 's',
      targets: [
        [`histogram_quantile(0.5, sum by (le) (rate(roo_task_duration_seconds_bucket[${RI}])))`, 'p50'],
        [`histogram_quantile(0.95, sum by (le) (rate(roo_task_duration_seconds_bucket[${RI}])))`, 'p95'],
      ] },
    { title: 'LLM tokens by direction and provider', unit: 'short',
      targets: [[`sum by (direction, provider) (rate(roo_llm_tokens_total[${RI}]))`, '{{provider}} {{direction}}']] },
    { title: 'Queue jobs by state', targets: [['sum by (queue, state) (roo_queue_jobs)', '{{queue}} {{state}}']] },
    { title: 'Database query time p95 by query', unit: 's',
      description: 'Postgres round trip as the API and workers see it, by query name (statement kind + table, never its text). Alert: RooDbQueryLatencyHigh.',
      targets: [
        [`histogram_quantile(0.95, sum by (le) (rate(roo_db_query_duration_seconds_bucket{job=~"api|worker"}[${RI}])))`, 'all queries'],
        [`topk(10, histogram_quantile(0.95, sum by (le, query) (rate(roo_db_query_duration_seconds_bucket{job=~"api|worker"}[${RI}]))))`, '{{query}}'],
      ] },
    { title: 'Requests refused by admission control', unit: 'reqps',
      description: '503/429 + Retry-After instead of queueing past capacity (docs/performance.md). Alert: RooApiShedding.',
      targets: [[`sum by (reason) (rate(roo_admission_refused_total[${RI}]))`, '{{reason}}']] },
    { title: 'Requests in progress per API process',
      targets: [['roo_http_in_flight{job="api"}', '{{instance}}']] },
    { w: 8, title: 'Event loop lag', unit: 's',
      targets: [['max by (job, instance) (nodejs_eventloop_lag_seconds{job=~"api|worker"})', '{{job}} {{instance}}']] },
    { w: 8, title: 'Resident memory', unit: 'bytes',
      targets: [['process_resident_memory_bytes{job=~"api|worker"}', '{{job}} {{instance}}']] },
    { w: 8, title: 'CPU', unit: 'percentunit',
      targets: [[`rate(process_cpu_seconds_total{job=~"api|worker"}[${RI}])`, '{{job}} {{instance}}']] },
  ],
});

const infra = dashboard({
  uid: 'roo-infrastructure',
  title: 'Roo infrastructure',
  description: 'Host, containers (cAdvisor), PostgreSQL, Redis, nginx, backups and TLS.',
  tags: ['roo'],
  panels: [
    { type: 'row', title: 'Node' },
    { w: 8, title: 'CPU busy', unit: 'percent',
      targets: [[`100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${RI}])))`, '{{instance}}']] },
    { w: 8, title: 'Memory used', unit: 'percentunit',
      targets: [['1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes', '{{instance}}']] },
    { w: 8, title: 'Disk used', unit: 'percentunit',
      targets: [['1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|nsfs"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs|nsfs"}', '{{mountpoint}}']] },
    { title: 'Network', unit: 'Bps',
      targets: [
        [`sum by (instance) (rate(node_network_receive_bytes_total{device!~"lo|veth.*|docker.*|br-.*"}[${RI}]))`, 'in {{instance}}'],
        [`sum by (instance) (rate(node_network_transmit_bytes_total{device!~"lo|veth.*|docker.*|br-.*"}[${RI}]))`, 'out {{instance}}'],
      ] },
    { title: 'Load average', targets: [['node_load1', '1m {{instance}}'], ['node_load15', '15m {{instance}}']] },
    { type: 'row', title: 'Containers (cAdvisor)' },
    { title: 'Container CPU by service', unit: 'percentunit',
      targets: [[`sum by (container_label_com_docker_compose_service) (rate(container_cpu_usage_seconds_total{container_label_com_docker_compose_service!=""}[${RI}]))`, '{{container_label_com_docker_compose_service}}']] },
    { title: 'Container memory by service', unit: 'bytes',
      targets: [['sum by (container_label_com_docker_compose_service) (container_memory_working_set_bytes{container_label_com_docker_compose_service!=""})', '{{container_label_com_docker_compose_service}}']] },
    { type: 'row', title: 'PostgreSQL' },
    { type: 'stat', w: 6, title: 'PostgreSQL up', targets: [['max(pg_up)']] },
    { w: 6, title: 'Connections', targets: [['sum by (datname) (pg_stat_database_numbackends)', '{{datname}}']] },
    { w: 6, title: 'Transactions', unit: 'ops',
      targets: [[`sum(rate(pg_stat_database_xact_commit[${RI}]))`, 'commit'], [`sum(rate(pg_stat_database_xact_rollback[${RI}]))`, 'rollback']] },
    { w: 6, title: 'Database size', unit: 'bytes', targets: [['pg_database_size_bytes', '{{datname}}']] },
    { w: 24, title: 'Statement time (pg_stat_statements), mean per call, top 10', unit: 's',
      description: 'Time inside Postgres per statement (postgres-exporter --collector.stat_statements; query ids, not texts: look one up with SELECT query FROM pg_stat_statements WHERE queryid = …).',
      targets: [[`topk(10, sum by (queryid) (rate(pg_stat_statements_seconds_total[${RI}])) / sum by (queryid) (rate(pg_stat_statements_calls_total[${RI}])))`, '{{queryid}}']] },
    { type: 'row', title: 'Point-in-time recovery (docs/pitr.md)' },
    { type: 'stat', w: 6, title: 'Recoverable window', unit: 's',
      description: 'From the end of the oldest base backup kept to the last archived WAL: any moment inside can be restored (make restore-pitr).',
      targets: [['max(roo_wal_last_archived_timestamp_seconds) - min(roo_pitr_recoverable_window_start_timestamp_seconds)']] },
    { type: 'stat', w: 6, title: 'Last WAL archived (age ≈ RPO now)', unit: 's',
      targets: [['time() - max(roo_wal_last_archived_timestamp_seconds)']] },
    { type: 'stat', w: 6, title: 'Last base backup age', unit: 's',
      targets: [['time() - max(roo_pitr_base_backup_last_success_timestamp_seconds)']] },
    { w: 6, title: 'WAL archiving', description: 'Segments waiting to be archived and failed archive attempts.',
      targets: [['max(roo_wal_ready_segments)', 'waiting'], [`sum(increase(roo_wal_failed_total[${RI}]))`, 'failures']] },
    { type: 'row', title: 'Redis' },
    { type: 'stat', w: 6, title: 'Redis up', targets: [['max(redis_up)']] },
    { w: 6, title: 'Memory used', unit: 'bytes', targets: [['redis_memory_used_bytes', '{{instance}}']] },
    { w: 6, title: 'Clients', targets: [['redis_connected_clients', '{{instance}}']] },
    { w: 6, title: 'Commands', unit: 'ops', targets: [[`rate(redis_commands_processed_total[${RI}])`, '{{instance}}']] },
    { type: 'row', title: 'nginx, backups, TLS' },
    { w: 6, title: 'nginx requests', unit: 'reqps', targets: [[`sum(rate(nginx_http_requests_total[${RI}]))`, 'requests']] },
    { w: 6, title: 'nginx connections', targets: [['nginx_connections_active', 'active'], ['nginx_connections_waiting', 'waiting']] },
    { type: 'stat', w: 6, title: 'Last backup age', unit: 's', targets: [['time() - max(roo_backup_last_success_timestamp_seconds)']] },
    { type: 'stat', w: 6, title: 'TLS certificate expires in', unit: 's', targets: [['min(probe_ssl_earliest_cert_expiry) - time()']] },
  ],
});

const logs = dashboard({
  uid: 'roo-logs',
  title: 'Roo logs',
  description: 'Container logs from Loki (shipped by Alloy). Paste a request id (X-Request-Id) to follow one request through nginx, API and worker.',
  tags: ['roo'],
  variables: [
    {
      name: 'service', label: 'Service', type: 'query', datasource: LOKI,
      query: { label: 'service', refId: 'LokiVariableQueryEditor-VariableQuery', stream: '', type: 1 },
      includeAll: true, multi: true, allValue: '.+', current: { text: 'All', value: '$__all' }, refresh: 2,
    },
    { name: 'request_id', label: 'Request id', type: 'textbox', query: '', current: { text: '', value: '' } },
    { name: 'search', label: 'Search text', type: 'textbox', query: '', current: { text: '', value: '' } },
  ],
  panels: [
    { w: 24, h: 6, ds: LOKI, title: 'Log lines per service', type: 'timeseries',
      targets: [['sum by (service) (count_over_time({service=~"$service"} |= "$request_id" |= "$search" [$__auto]))', '{{service}}']] },
    { w: 24, h: 20, ds: LOKI, type: 'logs', title: 'Logs',
      targets: [['{service=~"$service"} |= "$request_id" |= "$search"']] },
  ],
});

const files = { 'roo-api-overview.json': api, 'roo-infrastructure.json': infra, 'roo-logs.json': logs };
const check = process.argv.includes('--check');
let stale = 0;
for (const [name, dash] of Object.entries(files)) {
  const text = `${JSON.stringify(dash, null, 2)}\n`;
  const path = join(OUT, name);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error(`${name} is out of date: run node grafana/build-dashboards.mjs`);
      stale += 1;
    }
  } else {
    writeFileSync(path, text);
    console.log(`wrote ${name}`);
  }
}
process.exit(stale ? 1 : 0);
