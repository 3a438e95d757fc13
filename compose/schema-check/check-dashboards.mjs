#!/usr/bin/env node
// Grafana dashboards: valid JSON, unique uids and panel ids, known data sources, the
// logs dashboard's request-id box, roo_*/http_* metric names from the known list; and
// writes every Prometheus query into a rule file for `promtool check rules`.
// Usage: node check-dashboards.mjs <repo root> <rules file to write>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { check, done } from './lib.mjs';
import { KNOWN_METRICS, appMetricNames } from './metrics.mjs';

const [root, rulesOut] = process.argv.slice(2);
const dir = join(root, 'grafana', 'dashboards');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const uids = new Map();
const rules = [];
const grafanaVars = (expr) => expr
  .replace(/\$__(rate_interval|interval|range|auto)\b/g, '5m')
  .replace(/\$\{[A-Za-z0-9_]+(:[a-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*/g, 'x');

check('dashboards: at least the three Roo dashboards exist', ['roo-api-overview.json', 'roo-infrastructure.json', 'roo-logs.json']
  .filter((f) => !files.includes(f)).map((f) => `missing ${f}`));

for (const file of files) {
  let dash;
  try {
    dash = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    check(`dashboards: ${file} is valid JSON`, []);
  } catch (e) {
    check(`dashboards: ${file} is valid JSON`, [e.message]);
    continue;
  }
  const problems = [];
  if (!dash.uid || !dash.title) problems.push('uid and title are required');
  if (uids.has(dash.uid)) problems.push(`uid ${dash.uid} also used by ${uids.get(dash.uid)}`);
  uids.set(dash.uid, file);
  check(`dashboards: ${file} has a unique uid and a title`, problems);

  const panels = (dash.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  const ids = panels.map((p) => p.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  check(`dashboards: ${file} panel ids are unique`, [
    ...ids.filter((id) => !Number.isInteger(id)).map(() => 'panel without an integer id'),
    ...dupes.map((id) => `duplicate panel id ${id}`),
  ]);

  const dsProblems = [];
  const nameProblems = [];
  let promCount = 0;
  for (const p of panels.filter((x) => x.type !== 'row')) {
    for (const t of p.targets ?? []) {
      const uid = t.datasource?.uid ?? p.datasource?.uid;
      if (!['prometheus', 'loki'].includes(uid)) dsProblems.push(`panel ${p.id}: unknown datasource ${uid}`);
      if (!t.expr) dsProblems.push(`panel ${p.id} target ${t.refId}: empty query`);
      if (uid === 'prometheus' && t.expr) {
        promCount += 1;
        rules.push({ record: `dashboard:${dash.uid.replace(/-/g, '_')}:panel${p.id}${t.refId}`, expr: grafanaVars(t.expr) });
        for (const m of appMetricNames(t.expr)) {
          if (!KNOWN_METRICS.has(m)) nameProblems.push(`panel ${p.id} "${p.title}": ${m}`);
        }
      }
      if (uid === 'loki' && t.expr && !/\{[^}]+\}/.test(t.expr)) dsProblems.push(`panel ${p.id}: LogQL without a stream selector`);
    }
  }
  check(`dashboards: ${file} every target has a query and a provisioned datasource`, dsProblems);
  check(`dashboards: ${file} roo_/http_ metric names are ones the backend exports (${promCount} PromQL queries)`, nameProblems);
}

const logs = JSON.parse(readFileSync(join(dir, 'roo-logs.json'), 'utf8'));
check('dashboards: "Roo logs" has a request-id text box used by its queries', (() => {
  const v = (logs.templating?.list ?? []).find((x) => x.name === 'request_id');
  if (!v || v.type !== 'textbox') return ['no textbox variable request_id'];
  const used = (logs.panels ?? []).some((p) => (p.targets ?? []).some((t) => t.expr?.includes('$request_id')));
  return used ? [] : ['no query uses $request_id'];
})());

writeFileSync(rulesOut, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
done();
