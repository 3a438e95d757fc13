#!/usr/bin/env node
// Validates docker-compose.yml and the overlays in compose/ against the Compose
// specification JSON schema (vendored: compose-spec.schema.json, see README.md), after
// Compose-style variable interpolation with the values of .env.example, then checks
// the stack's own rules (pinned images, healthchecks, limits, networks, secrets).
// Usage: node validate-compose.mjs <repo root>
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { check, done, readEnvFile, interpolateTree } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = process.argv[2] ?? join(here, '..', '..');
const schema = JSON.parse(readFileSync(join(here, 'compose-spec.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// The vendored file names draft-07 by an https URL ajv does not know; it is draft-07.
const { $schema: _draft, ...schemaBody } = schema;
const validate = ajv.compile(schemaBody);

const env = { ...readEnvFile(join(root, '.env.example')) };

const files = ['docker-compose.yml', 'compose/dev.yml', 'compose/ollama.yml', 'compose/external-s3.yml'];
const models = {};
for (const file of files) {
  const path = join(root, file);
  if (!existsSync(path)) {
    check(`compose: ${file} exists`, ['missing']);
    continue;
  }
  let doc;
  try {
    // `!reset` (Compose 2.18+) removes a key inherited from the base file.
    const RESET = Symbol('reset');
    const dropReset = (n) => (Array.isArray(n) ? n.map(dropReset) : n && typeof n === 'object'
      ? Object.fromEntries(Object.entries(n).filter(([, v]) => v !== RESET).map(([k, v]) => [k, dropReset(v)])) : n);
    doc = dropReset(parse(readFileSync(path, 'utf8'), { merge: true, customTags: [{ tag: '!reset', resolve: () => RESET }] }));
  } catch (e) {
    check(`compose: ${file} parses as YAML`, [e.message]);
    continue;
  }
  const missing = [];
  const model = interpolateTree(doc, env, missing);
  models[file] = model;
  const ok = validate(model);
  check(
    `compose: ${file} matches the Compose specification schema`,
    ok ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`),
  );
  check(`compose: ${file} has no unset required variable with .env.example`, missing);
}

const base = models['docker-compose.yml'];
if (base) {
  const services = base.services ?? {};
  const names = Object.keys(services);
  const problems = (fn) => names.flatMap((n) => fn(n, services[n]).map((p) => `${n}: ${p}`));
  const oneShot = (svc) => svc.restart === 'no';
  // Images FROM scratch cannot run a probe; Prometheus' up{} watches them instead.
  const noProbe = new Set(['nginx-exporter']);

  const expected = ['nginx', 'api', 'worker', 'migrate', 'postgres', 'redis', 'minio', 'minio-init', 'prometheus',
    'alertmanager', 'grafana', 'loki', 'alloy', 'node-exporter', 'cadvisor', 'postgres-exporter', 'redis-exporter',
    'nginx-exporter'];
  check('compose: every service of the stack is defined', expected.filter((s) => !services[s]).map((s) => `missing ${s}`));
  check('compose: images pinned by version (no :latest, no bare name)', problems((_n, s) =>
    !s.image ? ['no image'] : /:[^/]+$/.test(s.image) && !/:latest$/.test(s.image) ? [] : [`image ${s.image}`]));
  check('compose: every long-running service has a healthcheck', problems((n, s) => {
    if (oneShot(s) || noProbe.has(n)) return [];
    return s.healthcheck?.test && !s.healthcheck.disable ? [] : ['no healthcheck'];
  }));
  check('compose: restart policy on every service', problems((_n, s) => (s.restart ? [] : ['no restart policy'])));
  check('compose: CPU and memory limits on every service', problems((_n, s) => {
    const l = s.deploy?.resources?.limits;
    return l?.cpus && l?.memory ? [] : ['no deploy.resources.limits cpus+memory'];
  }));
  check('compose: json-file log rotation on every service', problems((_n, s) => {
    const l = s.logging;
    return l?.driver === 'json-file' && l.options?.['max-size'] && l.options?.['max-file'] ? [] : ['no rotated json-file logging'];
  }));
  check('compose: depends_on uses conditions and known services', problems((_n, s) => {
    const d = s.depends_on ?? {};
    if (Array.isArray(d)) return ['depends_on without conditions'];
    return Object.entries(d).flatMap(([t, v]) => [
      ...(services[t] ? [] : [`unknown dependency ${t}`]),
      ...(v?.condition ? [] : [`no condition for ${t}`]),
    ]);
  }));
  check('compose: api and worker wait for migrate to complete', ['api', 'worker'].flatMap((n) =>
    services[n]?.depends_on?.migrate?.condition === 'service_completed_successfully' ? [] : [`${n} does not wait for migrate`]));
  check('compose: only nginx publishes public ports (others loopback only)', problems((n, s) =>
    (s.ports ?? []).flatMap((p) => {
      const spec = typeof p === 'string' ? p : `${p.host_ip ?? ''}:${p.published}:${p.target}`;
      if (n === 'nginx') return /^(80|443):(80|443)$/.test(spec) ? [] : [`unexpected port ${spec}`];
      return spec.startsWith('127.0.0.1:') ? [] : [`public port ${spec}`];
    })));
  const nets = base.networks ?? {};
  const netList = (s) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));
  check('compose: services only join declared networks', problems((_n, s) =>
    netList(s).filter((x) => !(x in nets)).map((x) => `unknown network ${x}`)));
  check('compose: databases are on internal networks only, never on edge', ['postgres', 'redis', 'minio'].flatMap((n) =>
    netList(services[n] ?? {}).filter((x) => !nets[x]?.internal).map((x) => `${n} on non-internal network ${x}`)));
  check('compose: only nginx is on the edge network', problems((n, s) =>
    n !== 'nginx' && netList(s).includes('edge') ? ['on edge'] : []));
  check('compose: replicas discoverable as tasks.api / tasks.worker (Prometheus dns_sd)', ['api', 'worker'].flatMap((n) =>
    (services[n]?.networks?.monitoring?.aliases ?? []).includes(`tasks.${n}`) ? [] : [`${n} lacks alias tasks.${n}`]));
  const secrets = base.secrets ?? {};
  check('compose: secrets are files under ./secrets and every used secret is declared', [
    ...problems((_n, s) => (s.secrets ?? []).map((x) => (typeof x === 'string' ? x : x.source)).filter((x) => !secrets[x]).map((x) => `undeclared secret ${x}`)),
    ...Object.entries(secrets).filter(([k, v]) => k !== 'npm_ca' && !String(v.file).startsWith('./secrets/')).map(([k]) => `${k} not under ./secrets`),
  ]);
  check('compose: backend reads every secret through *_FILE', ['api', 'worker', 'migrate'].flatMap((n) => {
    const e = services[n]?.environment ?? {};
    return ['DATABASE_URL', 'REDIS_URL', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'JWT_SECRET', 'ENCRYPTION_KEY'].flatMap((k) =>
      e[`${k}_FILE`] && !e[k] ? [] : [`${n}: ${k} not given as ${k}_FILE`]);
  }));
  const vols = base.volumes ?? {};
  check('compose: named volumes are declared', problems((_n, s) => (s.volumes ?? []).flatMap((v) => {
    const src = typeof v === 'string' ? v.split(':')[0] : v.source;
    return src && !/^[./$~]/.test(src) && !(src in vols) ? [`undeclared volume ${src}`] : [];
  })));
  const raw = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
  check('compose: required values use ${VAR:?message}', /\$\{PUBLIC_URL:\?[^}]+\}/.test(raw) ? [] : ['PUBLIC_URL is not required with :?']);
  check('compose: no obsolete top-level version key', 'version' in base ? ['version: present'] : []);
}

for (const file of files.slice(1)) {
  const m = models[file];
  if (!m || !base) continue;
  check(`compose: ${file} only overrides known services or adds complete ones`, Object.entries(m.services ?? {}).flatMap(([n, s]) =>
    base.services[n] || s.image ? [] : [`${n} is new but has no image`]));
}
done();
