// `make bench` driver (scripts/bench.sh starts the stack first and passes BENCH_* vars).
// Phases: setup (users, workspaces, files, provider, one task each), baseline, user
// workflow at 10 and 100 connections, scaling 1/2/4 API processes, task latency, WebSocket
// fan-out + reconnect storm, frontend bundle sizes and FCP. Prints one table; writes JSON.
import { fork } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { backendRequire, closedLoop, fmt, frontendRequire, makeClient, now, openLoop, ROOT, sleep, summarize, weighted } from './lib.mjs';

const env = process.env;
const BASE = env.BENCH_URL ?? 'https://127.0.0.1:27443';
const DURATION = Number(env.BENCH_DURATION_S ?? 10) * 1000;
const USERS = Number(env.BENCH_USERS ?? 100);
const WS_CLIENTS = Number(env.BENCH_WS_CLIENTS ?? 10_000);
const WS_PROCS = Number(env.BENCH_WS_PROCS ?? 4);
// Browsers watching one task at once (a task's room): sockets / this = rooms.
const WS_WATCHERS = Number(env.BENCH_WS_WATCHERS ?? 10);
const EVENTS_PER_S = Number(env.BENCH_EVENTS_PER_S ?? 1000);
const API_PIDS = (env.BENCH_API_PIDS ?? '').split(',').filter(Boolean).map(Number);
const PASSWORD = 'bench password 0123456789';
const HOSTS = { 1: 'api1.bench', 2: 'api2.bench', 4: 'api4.bench', baseline: 'baseline.bench', before: 'before.bench', after: 'after.bench' };
// Open loop (scripts/bench.sh: before.bench = one API process without admission control and
// with the old argon2id parameters, after.bench = one with the defaults).
const OPEN_STEPS = (env.BENCH_OPEN_STEPS ?? '25,50,100,150,200').split(',').map(Number);
const OPEN_STEP_S = Number(env.BENCH_OPEN_STEP_S ?? 10);
const CLIENT_TIMEOUT_MS = Number(env.BENCH_CLIENT_TIMEOUT_MS ?? 10_000);
const STORM_SIGNINS = Number(env.BENCH_STORM_SIGNINS ?? 1000);
const STORM_S = Number(env.BENCH_STORM_S ?? 60);
const results = { date: new Date().toISOString(), machine: machine(), phases: {} };
const log = (m) => process.stderr.write(`bench: ${m}\n`);

function machine() {
  let cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${cpus().length} cores (${cpu.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
const rssMiB = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
};
const must = (r, what) => {
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
};

// ---------------------------------------------------------------- setup
async function setup(c) {
  const users = [];
  const stamp = Date.now().toString(36);
  let next = 0;
  const one = async () => {
    while (next < USERS) {
      const i = next++;
      const email = `bench-${stamp}-${i}@example.test`;
      const reg = must(await c.request('POST', '/api/v1/auth/register', { json: { email, password: PASSWORD, displayName: `Bench ${i}` } }), 'register');
      const token = reg.accessToken;
      const ws = must(await c.request('POST', '/api/v1/workspaces', { token, json: { name: `bench ${i}` } }), 'workspace').id;
      for (const [path, size] of [['README.md', 2048], ['src/app.ts', 8192], ['src/lib/util.ts', 1024], ['docs/guide.md', 4096]]) {
        must(await c.request('PUT', `/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`, { token, raw: `# ${path}\n`.padEnd(size, 'x'), contentType: 'text/plain' }), 'upload');
      }
      const provider = must(await c.request('POST', `/api/v1/workspaces/${ws}/providers`, { token, json: { name: 'fake', kind: 'openai', baseUrl: `${env.BENCH_FAKE_LLM_URL}/v1`, model: 'fake-model', apiKey: 'sk-bench-0123456789abcdef' } }), 'provider').id;
      const task = must(await c.request('POST', `/api/v1/workspaces/${ws}/tasks`, { token, json: { prompt: 'Say done', mode: 'ask', providerId: provider } }), 'task').id;
      users.push({ email, token, ws, provider, tasks: [task] });
    }
  };
  await Promise.all(Array.from({ length: 4 }, one));
  return users;
}

// ---------------------------------------------------------------- HTTP phases
const ok = (r) => r.status >= 200 && r.status < 300;

async function baseline(c, connections) {
  return closedLoop({
    connections,
    durationMs: DURATION,
    maxRequests: 2_000_000,
    step: async () => {
      const r = await c.request('GET', '/api/v1/bench', { host: HOSTS.baseline });
      return { name: 'baseline', ok: r.status === 200, ms: r.ms, status: r.status, body: r.body };
    },
  });
}

const STEPS = [
  [15, 'list workspaces'],
  [15, 'open workspace'],
  [20, 'list files'],
  [15, 'read file'],
  [3, 'create task'],
  [17, 'list tasks'],
  [15, 'task messages'],
];
// BENCH_STEPS="list files,read file" runs only those steps (to find what one costs).
const onlySteps = env.BENCH_STEPS ? new Set(env.BENCH_STEPS.split(',')) : null;
const MIX = weighted(STEPS.filter(([, name]) => !onlySteps || onlySteps.has(name)));

async function workflowStep(c, host, u, timeoutMs = 30_000) {
  const step = MIX();
  const o = { host, token: u.token, timeoutMs };
  let r;
  switch (step) {
    case 'list workspaces':
      r = await c.request('GET', '/api/v1/workspaces', o);
      break;
    case 'open workspace':
      r = await c.request('GET', `/api/v1/workspaces/${u.ws}`, o);
      break;
    case 'list files':
      r = await c.request('GET', `/api/v1/workspaces/${u.ws}/files?recursive=true`, o);
      break;
    case 'read file':
      r = await c.request('GET', `/api/v1/workspaces/${u.ws}/files/content?path=README.md`, o);
      break;
    case 'create task':
      r = await c.request('POST', `/api/v1/workspaces/${u.ws}/tasks`, { ...o, json: { prompt: 'Say done', mode: 'ask', providerId: u.provider } });
      if (ok(r) && u.tasks.length < 20) u.tasks.push(r.body.id);
      break;
    case 'list tasks':
      r = await c.request('GET', `/api/v1/workspaces/${u.ws}/tasks?limit=20`, o);
      break;
    case 'task messages':
      r = await c.request('GET', `/api/v1/tasks/${u.tasks[Math.floor(Math.random() * u.tasks.length)]}/messages`, o);
      break;
  }
  return { name: step, ok: ok(r), ms: r.ms, status: r.status, body: r.body, headers: r.headers };
}

/** `processes`: 1, 2, 4 (API processes behind nginx) or 'before' / 'after' (admission control off / on). */
async function workflow(c, users, connections, processes = 1) {
  const host = HOSTS[processes];
  return closedLoop({ connections, durationMs: DURATION, maxRequests: 1_000_000, step: (id) => workflowStep(c, host, users[id % users.length]) });
}

async function signIn(c, users) {
  return closedLoop({
    connections: 4,
    durationMs: Math.min(DURATION, 8000),
    maxRequests: 200,
    warmupMs: 0,
    step: async (id) => {
      const u = users[Math.floor(Math.random() * users.length)];
      const r = await c.request('POST', '/api/v1/auth/login', { host: HOSTS[1], json: { email: u.email, password: PASSWORD } });
      if (ok(r)) u.token = r.body.accessToken;
      return { name: 'sign in', ok: ok(r), ms: r.ms, status: r.status, body: r.body };
    },
  });
}

// ---------------------------------------------------------------- open loop
/** Waits (bounded) until the worker has caught up with the tasks a step created. */
async function drainTaskQueue(redis) {
  const end = now() + 60_000;
  while (now() < end && (await redis.llen(`${env.BENCH_REDIS_PREFIX}:bull:agent:wait`)) > 20) await sleep(500);
}

const pick = (users) => users[Math.floor(Math.random() * users.length)];

/** roo_admission_refused_total by reason, from the "after" process's metrics port. */
async function refusalReasons() {
  const out = {};
  if (!env.BENCH_AFTER_METRICS_URL) return out;
  const text = await fetch(env.BENCH_AFTER_METRICS_URL).then((r) => r.text(), () => '');
  for (const m of text.matchAll(/^roo_admission_refused_total\{reason="([a-z_]+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}
const diffReasons = (a, b) =>
  Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v - (a[k] ?? 0)]).filter(([, v]) => v > 0));

async function openSteps(c, users) {
  const Redis = backendRequire('ioredis').Redis;
  const redis = new Redis(env.BENCH_REDIS_URL);
  const oc = makeClient(BASE, 8192);
  try {
    // Capacity: what one API process without admission control serves of this mix, closed loop.
    log('open loop: measuring capacity (closed loop, 100 connections, admission control off)');
    const cap = await workflow(c, users, 100, 'before');
    await drainTaskQueue(redis);
    const out = { capacity: cap.rps, capacityRun: { p50: cap.p50, p99: cap.p99, errors: cap.errors }, steps: [] };
    // Interleaved, so both see the same machine (it is shared and noisy); "after" first at each
    // step: a "before" step in overload leaves its process working on abandoned requests.
    for (const pct of OPEN_STEPS) {
      for (const variant of ['after', 'before']) {
        const reasonsBefore = await refusalReasons();
        const rate = (cap.rps * pct) / 100;
        log(`open loop: ${variant}, ${pct} % = ${fmt(rate, 0)} req/s for ${OPEN_STEP_S} s`);
        const r = await openLoop({
          rate,
          durationMs: OPEN_STEP_S * 1000,
          timeoutMs: CLIENT_TIMEOUT_MS,
          send: (timeoutMs) => workflowStep(oc, HOSTS[variant], pick(users), timeoutMs),
        });
        out.steps.push({ variant, pct, ...r, reasons: diffReasons(reasonsBefore, await refusalReasons()) });
        await drainTaskQueue(redis);
        await sleep(2000);
      }
    }
    return out;
  } finally {
    oc.close();
    redis.disconnect();
  }
}

/**
 * Sign-in storm: STORM_SIGNINS sign-ins spread over STORM_S seconds on one API process while
 * the workflow runs there at 25 % of capacity (open loop), before and after. Users are
 * registered through the process under test, so their hashes carry its argon2id parameters.
 */
async function signInStorm(c, users, capacity) {
  const oc = makeClient(BASE, 8192);
  const out = {};
  try {
    for (const variant of ['after', 'before']) {
      const host = HOSTS[variant];
      const stamp = Date.now().toString(36);
      const stormUsers = [];
      for (let i = 0; i < 20; i++) {
        const email = `storm-${variant}-${stamp}-${i}@example.test`;
        must(await c.request('POST', '/api/v1/auth/register', { host, json: { email, password: PASSWORD, displayName: `Storm ${i}` } }), 'register');
        stormUsers.push(email);
      }
      log(`sign-in storm (${variant}): ${STORM_SIGNINS} sign-ins over ${STORM_S} s + workflow at 25 % of capacity`);
      const reasonsBefore = await refusalReasons();
      const [signIns, background] = await Promise.all([
        openLoop({
          rate: STORM_SIGNINS / STORM_S,
          durationMs: STORM_S * 1000,
          timeoutMs: CLIENT_TIMEOUT_MS,
          send: async (timeoutMs) => {
            const email = stormUsers[Math.floor(Math.random() * stormUsers.length)];
            const r = await oc.request('POST', '/api/v1/auth/login', { host, json: { email, password: PASSWORD }, timeoutMs });
            return { name: 'sign in', status: r.status, ms: r.ms, headers: r.headers, body: r.body };
          },
        }),
        openLoop({
          rate: capacity * 0.25,
          durationMs: STORM_S * 1000,
          timeoutMs: CLIENT_TIMEOUT_MS,
          send: (timeoutMs) => workflowStep(oc, host, pick(users), timeoutMs),
        }),
      ]);
      out[variant] = { signIns, background, reasons: variant === 'after' ? diffReasons(reasonsBefore, await refusalReasons()) : {} };
      await sleep(2000);
    }
    return out;
  } finally {
    oc.close();
  }
}

// ---------------------------------------------------------------- task latency
async function taskLatency(c, users) {
  const { io } = backendRequire('socket.io-client');
  const u = users[0];
  const socket = io(`${BASE}/tasks`, { auth: { token: u.token }, transports: ['websocket'], reconnection: false, rejectUnauthorized: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const post = [];
  const firstToken = [];
  const completed = [];
  const end = now() + 60_000;
  for (let i = 0; i < 50 && now() < end; i++) {
    let firstAt = 0;
    let doneAt = 0;
    let taskId = '';
    const onEvent = (e) => {
      if (e.taskId !== taskId) return;
      const isToken = e.text !== undefined && e.seq !== undefined ? true : e.message && e.message.seq > 1;
      if (isToken && !firstAt) firstAt = now();
    };
    const onStatus = (e) => e.taskId === taskId && e.status === 'completed' && (doneAt = now());
    socket.on('task:partial', onEvent);
    socket.on('task:message', onEvent);
    socket.on('task:status', onStatus);
    const r = await c.request('POST', `/api/v1/workspaces/${u.ws}/tasks`, { host: HOSTS[1], token: u.token, json: { prompt: 'Say done', mode: 'ask', providerId: u.provider } });
    const queuedAt = now();
    if (!ok(r)) throw new Error(`create task: ${r.status} ${JSON.stringify(r.body)}`);
    taskId = r.body.id;
    post.push(r.ms);
    await socket.timeout(5000).emitWithAck('task:subscribe', { taskId });
    const waitEnd = now() + 10_000;
    while ((!firstAt || !doneAt) && now() < waitEnd) await sleep(2);
    if (firstAt) firstToken.push(firstAt - queuedAt);
    if (doneAt) completed.push(doneAt - queuedAt);
    socket.off('task:partial', onEvent);
    socket.off('task:message', onEvent);
    socket.off('task:status', onStatus);
    await socket.timeout(5000).emitWithAck('task:unsubscribe', { taskId });
    await sleep(20);
  }
  socket.close();
  return { post: summarize(post), firstToken: summarize(firstToken), completed: summarize(completed) };
}

// ---------------------------------------------------------------- WebSocket fan-out
function forkClients(n) {
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = fork(join(ROOT, 'bench', 'ws-client.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=4096'] });
      let seq = 0;
      const pending = new Map();
      child.on('message', (m) => {
        if (m.id !== undefined && pending.has(m.id)) {
          pending.get(m.id)(m);
          pending.delete(m.id);
        }
      });
      const call = (cmd, args = {}, timeoutMs = 180_000) =>
        new Promise((resolve, reject) => {
          const id = ++seq;
          const t = setTimeout(() => reject(new Error(`ws client: ${cmd} timed out`)), timeoutMs);
          pending.set(id, (m) => {
            clearTimeout(t);
            resolve(m);
          });
          child.send({ id, cmd, ...args });
        });
      return new Promise((resolve) => child.once('message', () => resolve({ child, call })));
    }),
  );
}

async function fanout(c, users) {
  const out = { steps: [] };
  const Redis = backendRequire('ioredis').Redis;
  const { Emitter } = backendRequire('@socket.io/redis-emitter');
  const redis = new Redis(env.BENCH_REDIS_URL);
  const emitter = new Emitter(redis, { key: `${env.BENCH_REDIS_PREFIX}:socket.io` });
  const apiPid = API_PIDS[0];
  // Enough tasks that each room has about WS_WATCHERS sockets; socket i watches pair i.
  const perUser = Math.ceil(WS_CLIENTS / WS_WATCHERS / users.length);
  await Promise.all(
    users.map(async (u) => {
      while (u.tasks.length < perUser) u.tasks.push(must(await c.request('POST', `/api/v1/workspaces/${u.ws}/tasks`, { host: HOSTS[1], token: u.token, json: { prompt: 'Say done', mode: 'ask', providerId: u.provider } }), 'task').id);
    }),
  );
  const pairs = Array.from({ length: perUser }, (_, k) => users.map((u) => [u.token, u.tasks[k]])).flat();
  const tokens = pairs.map(([token]) => token);
  const tasks = pairs.map(([, task]) => task);
  out.rooms = tasks.length;
  const clients = await forkClients(WS_PROCS);
  const rssBefore = rssMiB(apiPid);
  let connected = 0;
  const measure = async (label) => {
    await Promise.all(clients.map((c) => c.call('measure')));
    const t0 = now();
    let sent = 0;
    let k = 0;
    const total = Math.round((EVENTS_PER_S * Math.min(DURATION, 10_000)) / 1000);
    while (sent < total && now() - t0 < 20_000) {
      const due = Math.min(total, Math.floor(((now() - t0) / 1000) * EVENTS_PER_S));
      for (; sent < due; sent++) {
        const taskId = tasks[k++ % tasks.length];
        emitter.of('/tasks').serverSideEmit('roo:task-relay', { event: 'task:partial', payload: { taskId, seq: 1_000_000_000, text: String(performance.timeOrigin + performance.now()) } });
      }
      await sleep(5);
    }
    // Until nothing arrives for 2 s (bounded): what is still queued is late, not lost, and
    // must not spill into the next step.
    await Promise.all(clients.map((c) => c.call('quiet', { quietMs: 2000, maxMs: 60_000 }, 90_000)));
    const lat = (await Promise.all(clients.map((c) => c.call('stats')))).flatMap((m) => m.latencies);
    // Socket i watches task i % rooms: each event reaches the sockets of its room.
    let expected = 0;
    for (let i = 0; i < sent; i++) expected += Math.floor(connected / tasks.length) + (i % tasks.length < connected % tasks.length ? 1 : 0);
    out.steps.push({ label, clients: connected, events: sent, eventsPerS: EVENTS_PER_S, delivered: lat.length, expected, ...summarize(lat) });
  };
  // Grow in steps; stop growing when a step cannot connect most of its sockets.
  for (const target of [1000, WS_CLIENTS].filter((v, i, a) => v <= WS_CLIENTS && a.indexOf(v) === i)) {
    const add = target - connected;
    const per = Math.ceil(add / clients.length);
    const t0 = now();
    const r = await Promise.all(clients.map((c, i) => c.call('connect', { url: BASE, tokens, tasks, count: Math.min(per, add - i * per), offset: connected + i * per, concurrency: 50 }, 600_000)));
    connected = r.reduce((s, m) => s + m.connected, 0);
    const failed = r.reduce((s, m) => s + m.failed, 0);
    await sleep(1000);
    const rss = rssMiB(apiPid);
    out.connect = { connected, failed, seconds: (now() - t0) / 1000, rssBeforeMiB: rssBefore, rssMiB: rss, kibPerConnection: ((rss - rssBefore) * 1024) / Math.max(1, connected) };
    log(`websockets: ${connected} connected, ${failed} failed, API RSS ${fmt(rss)} MiB`);
    await measure(`${connected} sockets`);
    if (failed > add / 2) break;
  }
  const storm = await Promise.all(clients.map((c) => c.call('storm', { timeoutMs: 30_000 }, 120_000)));
  const why = {};
  for (const m of storm) for (const [k, n] of Object.entries(m.why)) why[k] = (why[k] ?? 0) + n;
  out.storm = { sockets: connected, reconnected: storm.reduce((s, m) => s + m.reconnected, 0), failed: storm.reduce((s, m) => s + m.failed, 0), retries: storm.reduce((s, m) => s + m.retries, 0), seconds: Math.max(...storm.map((m) => m.ms)) / 1000, why };
  await Promise.all(clients.map((c) => c.call('close', {}, 30_000).catch(() => c.child.kill())));
  redis.disconnect();
  return out;
}

// ---------------------------------------------------------------- frontend
function bundleSizes() {
  const dist = join(ROOT, 'frontend', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let js = 0, jsGz = 0, css = 0, cssGz = 0, files = 0;
  let largest = { name: '', gz: 0 };
  for (const f of readdirSync(join(dist, 'assets'))) {
    const buf = readFileSync(join(dist, 'assets', f));
    const gz = gzipSync(buf).length;
    files++;
    if (f.endsWith('.js')) { js += buf.length; jsGz += gz; }
    if (f.endsWith('.css')) { css += buf.length; cssGz += gz; }
    if (gz > largest.gz) largest = { name: f, gz };
  }
  const entryRaw = entry.reduce((s, f) => s + statSync(join(dist, f)).size, 0);
  const entryGz = entry.reduce((s, f) => s + gzipSync(readFileSync(join(dist, f))).length, 0);
  return { files, entry, entryKiB: entryRaw / 1024, entryGzKiB: entryGz / 1024, jsKiB: js / 1024, jsGzKiB: jsGz / 1024, cssKiB: css / 1024, cssGzKiB: cssGz / 1024, largest };
}

async function pageLoads(users) {
  const { chromium } = frontendRequire('playwright-core');
  const browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const u = users[1] ?? users[0];
  const screens = [
    ['sign-in', '/sign-in', false],
    ['workspaces', '/workspaces', true],
    ['files', `/workspaces/${u.ws}/files`, true],
    ['tasks', `/workspaces/${u.ws}/tasks`, true],
    ['task', `/workspaces/${u.ws}/tasks/${u.tasks[0]}`, true],
  ];
  const out = {};
  try {
    for (const [name, path, auth] of screens) {
      const fcp = [], load = [];
      for (let i = 0; i < 3; i++) {
        const ctx = await browser.newContext({ baseURL: BASE, ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
        if (auth) {
          const r = await ctx.request.post('/api/v1/auth/login', { data: { email: u.email, password: PASSWORD } });
          if (!r.ok()) throw new Error(`browser sign-in: ${r.status()}`);
        }
        const page = await ctx.newPage();
        await page.goto(path, { waitUntil: 'load', timeout: 30_000 });
        await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, null, { timeout: 10_000 }).catch(() => undefined);
        const t = await page.evaluate(() => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
          load: performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? NaN,
        }));
        fcp.push(t.fcp);
        load.push(t.load);
        await ctx.close();
      }
      out[name] = { fcp: summarize(fcp).p50, load: summarize(load).p50 };
    }
  } finally {
    await browser.close();
  }
  return out;
}

// ---------------------------------------------------------------- table
function table(r) {
  const L = [];
  const p = r.phases;
  const b100 = p.baseline100, b10 = p.baseline10;
  const row = (name, x, base) =>
    `| ${name} | ${x.connections} | ${fmt(x.rps, 0)} | ${base ? fmt((100 * x.rps) / base.rps, 0) + ' %' : '–'} | ${fmt(x.p50)} | ${fmt(x.p95)} | ${fmt(x.p99)} | ${fmt(x.errorPct, 2)} |`;
  L.push(`Roo Server bench — ${r.date} — ${r.machine}`);
  L.push('');
  L.push('| run | conns | req/s | of baseline | p50 ms | p95 ms | p99 ms | errors % |');
  L.push('|---|---|---|---|---|---|---|---|');
  if (b100) {
    L.push(row('baseline (bare Node via nginx)', b100));
    L.push(row('baseline (bare Node via nginx)', b10));
    L.push(row('workflow, 1 API process', p.workflow100, b100));
    L.push(row('workflow, 1 API process', p.workflow10, b10));
  }
  if (p.workflow100x2) L.push(row('workflow, 2 API processes', p.workflow100x2, b100));
  if (p.workflow100x4) L.push(row('workflow, 4 API processes', p.workflow100x4, b100));
  if (p.signIn) L.push(row('sign in (argon2id)', p.signIn));
  L.push('');
  L.push('Workflow at 100 connections, 1 API process, per step:');
  L.push('| step | n | p50 ms | p95 ms | p99 ms | errors |');
  L.push('|---|---|---|---|---|---|');
  for (const [k, v] of Object.entries(p.workflow100?.routes ?? {})) L.push(`| ${k} | ${v.n} | ${fmt(v.p50)} | ${fmt(v.p95)} | ${fmt(v.p99)} | ${v.errors} |`);
  if (p.open) {
    const o = p.open;
    L.push('');
    L.push(`Open loop, one API process, the workflow mix (create task ${STEPS.find(([, n]) => n === 'create task')?.[0] ?? 0} %); capacity ${fmt(o.capacity, 0)} req/s (closed loop, 100 connections, admission control off: p50 ${fmt(o.capacityRun.p50)} / p99 ${fmt(o.capacityRun.p99)} ms); ${OPEN_STEP_S} s a step, client timeout ${CLIENT_TIMEOUT_MS / 1000} s:`);
    L.push('| admission control | % of capacity | offered req/s | served req/s | p50 ms | p99 ms (served) | client timeouts | 429 | 503 | other errors | refusals p50 / p99 ms | refusals without Retry-After | generator lag p99 ms | refused because |');
    L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const x of o.steps) {
      const e = x.errors;
      const why = Object.entries(x.reasons ?? {}).map(([k, n]) => `${k} ${n}`).join(', ');
      L.push(`| ${x.variant === 'after' ? 'on' : 'off'} | ${x.pct} | ${fmt(x.offered / x.seconds, 0)} | ${fmt(x.servedPerS, 0)} | ${fmt(x.p50)} | ${fmt(x.p99)} | ${e.timeout} | ${e[429]} | ${e[503]} | ${e.network + e.other + e.notSent} | ${fmt(x.refused.p50)} / ${fmt(x.refused.p99)} | ${x.refusedWithoutRetryAfter} | ${fmt(x.generatorLag.p99)} | ${why} |`);
    }
  }
  if (p.storm) {
    L.push('');
    L.push(`Sign-in storm: ${STORM_SIGNINS} sign-ins over ${STORM_S} s on one API process, with the workflow at 25 % of capacity alongside (open loop):`);
    L.push('| process | sign-ins ok / offered | sign-in p50 ms | sign-in p99 ms | sign-in errors | workflow served / offered | workflow p50 ms | workflow p99 ms | workflow errors |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    const errs = (e) => Object.entries(e).filter(([, n]) => n).map(([k, n]) => `${k}: ${n}`).join(', ') || '0';
    for (const [variant, x] of Object.entries(p.storm)) {
      const label = variant === 'after' ? 'after (m=19 MiB t=2 p=1, 2 at once, admission on)' : 'before (m=64 MiB t=3 p=4, unbounded, admission off)';
      const why = Object.entries(x.reasons ?? {}).map(([k, n]) => `${k} ${n}`).join(', ');
      L.push(`| ${label} | ${x.signIns.served} / ${x.signIns.offered} | ${fmt(x.signIns.p50)} | ${fmt(x.signIns.p99)} | ${errs(x.signIns.errors)}${why ? ` (${why})` : ''} | ${x.background.served} / ${x.background.offered} | ${fmt(x.background.p50)} | ${fmt(x.background.p99)} | ${errs(x.background.errors)} |`);
    }
  }
  if (p.tasks) {
    L.push('');
    L.push('| task latency (sequential) | n | p50 ms | p95 ms | p99 ms | target |');
    L.push('|---|---|---|---|---|---|');
    L.push(`| POST /tasks → queued | ${p.tasks.post.n} | ${fmt(p.tasks.post.p50)} | ${fmt(p.tasks.post.p95)} | ${fmt(p.tasks.post.p99)} | p95 < 20 |`);
    L.push(`| queued → first streamed token (socket) | ${p.tasks.firstToken.n} | ${fmt(p.tasks.firstToken.p50)} | ${fmt(p.tasks.firstToken.p95)} | ${fmt(p.tasks.firstToken.p99)} | p95 < 50 |`);
    L.push(`| queued → completed (socket) | ${p.tasks.completed.n} | ${fmt(p.tasks.completed.p50)} | ${fmt(p.tasks.completed.p95)} | ${fmt(p.tasks.completed.p99)} | – |`);
  }
  if (p.ws) {
    const w = p.ws;
    L.push('');
    L.push(`WebSocket fan-out (one API process, ${WS_PROCS} client processes): ${w.connect.connected} connected, ${w.connect.failed} failed in ${fmt(w.connect.seconds)} s; API RSS ${fmt(w.connect.rssBeforeMiB, 0)} → ${fmt(w.connect.rssMiB, 0)} MiB = ${fmt(w.connect.kibPerConnection)} KiB per connection`);
    L.push(`| sockets | events/s (spread over ${w.rooms} task rooms) | delivered / expected | p50 ms | p99 ms |`);
    L.push('|---|---|---|---|---|');
    for (const s of w.steps) L.push(`| ${s.clients} | ${s.eventsPerS} | ${s.delivered} / ${s.expected} | ${fmt(s.p50)} | ${fmt(s.p99)} |`);
    L.push(`Reconnect storm: ${w.storm.reconnected}/${w.storm.sockets} re-subscribed within 30 s, ${w.storm.failed} failed, the last after ${fmt(w.storm.seconds)} s; ${w.storm.retries} attempts retried`);
    if (w.storm.retries) L.push(`  why attempts failed: ${JSON.stringify(w.storm.why)}`);
  }
  if (p.bundle) {
    const s = p.bundle;
    L.push('');
    L.push(`Frontend bundle: entry ${fmt(s.entryKiB, 0)} KiB (${fmt(s.entryGzKiB, 0)} KiB gzip); all JS ${fmt(s.jsKiB, 0)} KiB (${fmt(s.jsGzKiB, 0)} KiB gzip) in ${s.files} files, lazy-loaded; CSS ${fmt(s.cssKiB, 0)} KiB (${fmt(s.cssGzKiB, 0)} gzip); largest chunk ${s.largest.name} ${fmt(s.largest.gz / 1024, 0)} KiB gzip`);
  }
  if (p.pages) {
    L.push('| screen (cold cache, median of 3) | FCP ms | load ms |');
    L.push('|---|---|---|');
    for (const [k, v] of Object.entries(p.pages)) L.push(`| ${k} | ${fmt(v.fcp, 0)} | ${fmt(v.load, 0)} |`);
  }
  return L.join('\n');
}

// ---------------------------------------------------------------- main
const only = new Set((env.BENCH_ONLY ?? 'http,scale,open,storm,tasks,ws,frontend').split(','));
const c = makeClient(BASE, 100);
log(`setup: ${USERS} users with a workspace, 4 files, a provider and a task each`);
const users = await setup(c);
await sleep(2000);
const P = results.phases;
if (only.has('http')) {
  log('baseline');
  P.baseline100 = await baseline(c, 100);
  P.baseline10 = await baseline(c, 10);
  log('user workflow');
  P.workflow100 = await workflow(c, users, 100);
  P.workflow10 = await workflow(c, users, 10);
  P.signIn = await signIn(c, users);
}
if (only.has('scale') && API_PIDS.length >= 4) {
  log('scaling');
  P.workflow100x2 = await workflow(c, users, 100, 2);
  P.workflow100x4 = await workflow(c, users, 100, 4);
}
if (only.has('open')) {
  log('open loop');
  P.open = await openSteps(c, users);
}
if (only.has('storm')) {
  log('sign-in storm');
  const capacity = P.open?.capacity ?? (await workflow(c, users, 100, 'before')).rps;
  P.storm = await signInStorm(c, users, capacity);
}
if (only.has('tasks')) {
  log('task latency');
  P.tasks = await taskLatency(c, users);
}
if (only.has('ws')) {
  log('websocket fan-out');
  P.ws = await fanout(c, users);
}
if (only.has('frontend')) {
  log('frontend');
  P.bundle = bundleSizes();
  P.pages = await pageLoads(users);
}
c.close();
if (env.BENCH_OUT) writeFileSync(env.BENCH_OUT, JSON.stringify(results, null, 2));
process.stdout.write(table(results) + '\n');
process.exit(0);
