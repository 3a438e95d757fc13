import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsServer } from '../../src/metrics/metrics-server.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { bearer, createFakeProvider, createWorkspace, http, signUp } from '../clients.js';
import { FakeLlm } from '../fake-llm/server.mjs';
import { startWorker, waitFor } from '../fake-llm/stack.js';
import { freePort, startApi, type TestApi } from '../harness.js';

const DASHBOARDS = new URL('../../../grafana/dashboards/', import.meta.url);
const SCRIPTS = new URL('../../../scripts/', import.meta.url);
const POSTGRES_OPS = new URL('../../../compose/postgres/', import.meta.url);
/** Grafana's built-in variables, as Grafana would fill them in. */
const grafanaToPromql = (expr: string) =>
  expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '30s');

function promDashboardExprs(): { dashboard: string; expr: string }[] {
  const out: { dashboard: string; expr: string }[] = [];
  for (const file of readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(new URL(file, DASHBOARDS), 'utf8'));
    for (const p of d.panels ?? []) {
      if (p.datasource?.type === 'loki') continue;
      for (const t of p.targets ?? [])
        if (t.expr && t.datasource?.type !== 'loki') out.push({ dashboard: file, expr: t.expr });
    }
  }
  return out;
}

/** Metric names the operator scripts write (node-exporter textfiles) or exporter queries define. */
function opsMetrics(): Set<string> {
  const names = new Set<string>();
  const scripts = [
    ...readdirSync(SCRIPTS).map((f) => new URL(f, SCRIPTS)),
    new URL('roo-pitr.sh', POSTGRES_OPS),
  ];
  for (const file of scripts.filter((u) => u.pathname.endsWith('.sh'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/^(roo_[a-z_]+) /gm)) names.add(m[1]);
  }
  let query = '';
  for (const line of readFileSync(new URL('exporter-queries.yml', POSTGRES_OPS), 'utf8').split('\n')) {
    query = /^([a-z_]+):\s*$/.exec(line)?.[1] ?? query;
    const column = /^\s+- ([a-z_]+):\s*$/.exec(line)?.[1];
    if (column) names.add(`${query}_${column}`);
  }
  return names;
}

const port = (s: Server) => (s.address() as AddressInfo).port;

/**
 * The dashboards' queries against a real Prometheus that scraped the real API and worker:
 * every query parses, and every roo_/http_ metric a panel uses is one the app exports.
 */
describe('Grafana dashboards against a real Prometheus scraping the real app', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let prometheus: ChildProcess;
  let promUrl: string;
  const servers: Server[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'roo-prom-'));

  beforeAll(async () => {
    fake = new FakeLlm(() => ({
      text: 'done',
      toolCalls: [{ name: 'attempt_completion', input: { result: 'ok' } }],
      usage: { input: 10, output: 5 },
    }));
    await fake.start();
    api = await startApi();
    worker = await startWorker(api.config);
    servers.push(await startMetricsServer(api.app.get(MetricsService), '127.0.0.1', 0));
    servers.push(await startMetricsServer(worker.get(MetricsService), '127.0.0.1', 0));

    // Traffic that fills the app's own series: sign-up, a workspace, one task run to completion.
    const me = await signUp(api);
    const ws = await createWorkspace(api, me, 'obs');
    const provider = await createFakeProvider(api, me, ws, fake.url, 'sk-obs-0000');
    const task = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(me))
        .send({ prompt: 'hi', mode: 'code', providerId: provider })
        .expect(201)
    ).body.id;
    await waitFor(
      async () => (await http(api).get(`/api/v1/tasks/${task}`).set(bearer(me))).body.status === 'completed',
      15_000,
      'task',
    );

    const promPort = await freePort();
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: api, static_configs: [{ targets: ["127.0.0.1:${port(servers[0])}"] }] }`,
        `  - { job_name: worker, static_configs: [{ targets: ["127.0.0.1:${port(servers[1])}"] }] }`,
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: 'ignore' },
    );
    promUrl = `http://127.0.0.1:${promPort}`;
    // Two scrapes of both jobs, so rate() has points.
    await waitFor(
      async () => {
        const r = await fetch(
          `${promUrl}/api/v1/query?query=${encodeURIComponent('count_over_time(up[1m])')}`,
        ).catch(() => undefined);
        const body = r?.ok
          ? ((await r.json()) as { data: { result: { value: [number, string] }[] } })
          : undefined;
        return (
          body && body.data.result.length === 2 && body.data.result.every((s) => Number(s.value[1]) >= 3)
        );
      },
      30_000,
      'prometheus scrapes',
    );
  });

  afterAll(async () => {
    prometheus?.kill();
    for (const s of servers) s.close();
    await worker?.close();
    await api?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every dashboard query is accepted by Prometheus', async () => {
    const exprs = promDashboardExprs();
    expect(exprs.length).toBeGreaterThan(20);
    const rejected: string[] = [];
    for (const { dashboard, expr } of exprs) {
      const r = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(grafanaToPromql(expr))}`);
      const body = (await r.json()) as { status: string; error?: string };
      if (body.status !== 'success') rejected.push(`${dashboard}: ${expr} → ${body.error}`);
    }
    expect(rejected).toEqual([]);
  });

  it('every roo_/http_ metric the dashboards use is exported by the app', async () => {
    const names = (
      (await (await fetch(`${promUrl}/api/v1/label/__name__/values`)).json()) as { data: string[] }
    ).data;
    const used = new Set(
      promDashboardExprs()
        .flatMap(({ expr }) => expr.match(/\b(?:roo|http)_[a-z_]+/g) ?? [])
        .map((n) => n.replace(/_(bucket|sum|count)$/, '')),
    );
    const exported = new Set(names.map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    // The rest must come from the ops side: textfile metrics written by the backup/PITR
    // scripts, or postgres-exporter queries (named <query>_<column>).
    expect([...used].filter((n) => !exported.has(n) && !opsMetrics().has(n))).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });

  it('the API overview shows the task that just completed', async () => {
    const q = 'sum by (status) (roo_tasks_completed_total)';
    const body = (await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
      data: { result: { metric: { status: string }; value: [number, string] }[] };
    };
    expect(body.data.result.find((s) => s.metric.status === 'completed')?.value[1]).toBe('1');
  });
});
