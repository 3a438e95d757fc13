#!/usr/bin/env node
// Alert rules: every alert has a severity, summary, description and a runbook_url
// pointing at an existing section of docs/runbooks.md; prometheus/tests/ has, for
// every alert, a case where it fires and one where it stays quiet; roo_/http_ metric
// names are ones the backend exports. Usage: node check-rules.mjs <repo root>
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { check, done } from './lib.mjs';
import { KNOWN_METRICS, appMetricNames } from './metrics.mjs';

const root = process.argv[2];
const ruleDir = join(root, 'prometheus', 'rules');
const testDir = join(root, 'prometheus', 'tests');
const alerts = readdirSync(ruleDir).filter((f) => f.endsWith('.rules.yml')).flatMap((f) =>
  parse(readFileSync(join(ruleDir, f), 'utf8')).groups.flatMap((g) => g.rules.filter((r) => r.alert)));

// GitHub-style heading anchors of a page under docs/ (cached per page).
const slug = (h) => h.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
const anchorCache = new Map();
const anchorsOf = (page) => {
  if (!anchorCache.has(page)) {
    let set = new Set();
    try {
      set = new Set(readFileSync(join(root, 'docs', page), 'utf8').split('\n')
        .filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));
    } catch {
      set = new Set();
    }
    anchorCache.set(page, set);
  }
  return anchorCache.get(page);
};

const cases = readdirSync(testDir).filter((f) => f.endsWith('.test.yml')).flatMap((f) =>
  (parse(readFileSync(join(testDir, f), 'utf8')).tests ?? []).flatMap((t) => t.alert_rule_test ?? []));

check(`rules: ${alerts.length} alerts have severity, summary, description and runbook_url`, alerts.flatMap((a) => [
  ...(['critical', 'warning'].includes(a.labels?.severity) ? [] : [`${a.alert}: severity must be critical or warning`]),
  ...['summary', 'description', 'runbook_url'].filter((k) => !a.annotations?.[k]).map((k) => `${a.alert}: no ${k}`),
]));
check('rules: every runbook_url names an existing section of a page in docs/', alerts.flatMap((a) => {
  const m = /^docs\/([a-z0-9-]+\.md)#([a-z0-9_-]+)$/.exec(a.annotations?.runbook_url ?? '');
  if (!m) return [`${a.alert}: runbook_url is not docs/<page>.md#<section>`];
  return anchorsOf(m[1]).has(m[2]) ? [] : [`${a.alert}: no section #${m[2]} in docs/${m[1]}`];
}));
check('rules: alert names are unique', alerts.map((a) => a.alert).filter((n, i, all) => all.indexOf(n) !== i));
check('rules: every alert has a unit test where it fires', alerts.filter((a) =>
  !cases.some((c) => c.alertname === a.alert && (c.exp_alerts ?? []).length > 0)).map((a) => a.alert));
check('rules: every alert has a unit test where it stays quiet', alerts.filter((a) =>
  !cases.some((c) => c.alertname === a.alert && (c.exp_alerts ?? []).length === 0)).map((a) => a.alert));
check('rules: roo_/http_ metric names are ones the backend exports', alerts.flatMap((a) =>
  appMetricNames(a.expr).filter((m) => !KNOWN_METRICS.has(m)).map((m) => `${a.alert}: ${m}`)));
done();
