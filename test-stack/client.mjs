// The Docker test tier's HTTP client (scripts/stack-test.sh): everything goes through
// nginx over HTTPS on 127.0.0.1, verified against the test's own self-signed
// certificate (NODE_EXTRA_CA_CERTS). Every wait is bounded.
//   node client.mjs smoke <state.json>      sign up, workspace, provider, task → completed
//   node client.mjs snapshot <state.json>   canonical JSON of what the user can read
//   node client.mjs files <state.json>      the workspace's files: object key, size, sha256
//   node client.mjs command <state.json> <command line> [expected output regex…]
//                                           execute_command in the sandbox, approved via the API
//   node client.mjs load <state.json> <seconds> <rps> <out.json>
//                                           paced GETs until time is up or SIGTERM
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const BASE = process.env.STACK_URL ?? 'https://127.0.0.1:18443';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, { token, body, raw, expect, bytes } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers['content-type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${BASE}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(20_000) });
  if (bytes) {
    const buf = Buffer.from(await res.arrayBuffer());
    if (expect && res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${buf.toString('utf8', 0, 300)}`);
    return { status: res.status, body: buf, type: res.headers.get('content-type') };
  }
  const text = await res.text();
  if (expect && res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: type.includes('json') && text ? JSON.parse(text) : text };
}

async function waitReady(seconds) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if ((await call('GET', '/health/ready')).status === 200) return;
    } catch {}
    await sleep(1000);
  }
  throw new Error(`${BASE}/health/ready not 200 within ${seconds}s`);
}

async function smoke(stateFile) {
  const t0 = Date.now();
  await waitReady(120);
  const index = await call('GET', '/', { expect: 200 });
  if (!String(index.body).includes('<div id="root"')) throw new Error('GET / is not the SPA');
  const email = `smoke-${Date.now()}@example.test`;
  const password = 'stack-test-password-1';
  const reg = await call('POST', '/api/v1/auth/register', {
    body: { email, password, displayName: 'Stack Test' },
    expect: 201,
  });
  const token = reg.body.accessToken;
  const ws = (await call('POST', '/api/v1/workspaces', { token, body: { name: 'stack-smoke' }, expect: 201 })).body;
  await call('PUT', `/api/v1/workspaces/${ws.id}/files/content?path=README.md`, {
    token,
    raw: '# Stack test\n\nWritten by the Docker test tier.\n',
    expect: 200,
  });
  const provider = (
    await call('POST', `/api/v1/workspaces/${ws.id}/providers`, {
      token,
      body: { name: 'fake', kind: 'openai', baseUrl: 'http://fake-llm:4010/v1', model: 'fake-model', apiKey: 'sk-stack-test-1234' },
      expect: 201,
    })
  ).body;
  const task = (
    await call('POST', `/api/v1/workspaces/${ws.id}/tasks`, {
      token,
      body: { prompt: 'Read the README and write a note.', mode: 'code', providerId: provider.id, autoApprove: { read: true, write: true } },
      expect: 201,
    })
  ).body;
  let status = task.status;
  let answered = false;
  const until = Date.now() + 180_000;
  while (Date.now() < until && !['completed', 'failed', 'cancelled'].includes(status)) {
    await sleep(500);
    status = (await call('GET', `/api/v1/tasks/${task.id}`, { token, expect: 200 })).body.status;
    if (status === 'waiting_for_input' && !answered) {
      const r = await call('POST', `/api/v1/tasks/${task.id}/respond`, { token, body: { response: 'answer', text: 'Hello from Swarm' } });
      if (r.status >= 300) throw new Error(`respond: ${r.status} ${JSON.stringify(r.body)}`);
      answered = true;
    }
  }
  if (status !== 'completed') throw new Error(`task ended as ${status}`);
  const note = await call('GET', `/api/v1/workspaces/${ws.id}/files/content?path=NOTES.md`, { token, expect: 200 });
  if (!String(note.body).includes('Hello from Swarm')) throw new Error(`NOTES.md is ${JSON.stringify(note.body)}`);
  const pat = (await call('POST', '/api/v1/auth/tokens', { token, body: { name: 'stack-load', scopes: ['read', 'write'] }, expect: 201 })).body;
  const messages = (await call('GET', `/api/v1/tasks/${task.id}/messages`, { token, expect: 200 })).body;
  const count = Array.isArray(messages) ? messages.length : (messages.items ?? []).length;
  writeFileSync(stateFile, JSON.stringify({ email, password, workspaceId: ws.id, taskId: task.id, pat: pat.token }, null, 2));
  console.log(JSON.stringify({ ok: true, seconds: (Date.now() - t0) / 1000, taskId: task.id, messages: count }));
}

async function snapshot(stateFile) {
  const s = JSON.parse(readFileSync(stateFile, 'utf8'));
  await waitReady(120);
  const login = await call('POST', '/api/v1/auth/login', { body: { email: s.email, password: s.password }, expect: 200 });
  const token = login.body.accessToken;
  const me = (await call('GET', '/api/v1/auth/me', { token, expect: 200 })).body;
  const workspaces = (await call('GET', '/api/v1/workspaces', { token, expect: 200 })).body;
  const files = (await call('GET', `/api/v1/workspaces/${s.workspaceId}/files?recursive=true`, { token, expect: 200 })).body;
  // The bytes a user downloads, hashed raw; they must match the sha256 the API recorded
  // at upload (files[].sha256), so a changed object fails here even without a "before".
  const contents = {};
  for (const f of files.items) {
    const c = await call('GET', `/api/v1/workspaces/${s.workspaceId}/files/content?path=${encodeURIComponent(f.path)}`, { token, expect: 200, bytes: true });
    const sha256 = createHash('sha256').update(c.body).digest('hex');
    if (sha256 !== f.sha256 || c.body.length !== f.size)
      throw new Error(`${f.path}: content is ${c.body.length} bytes sha256 ${sha256}, the API recorded ${f.size} bytes sha256 ${f.sha256}; starts ${JSON.stringify(c.body.toString('utf8', 0, 60))}`);
    contents[f.path] = { sha256, type: c.type };
  }
  const task = (await call('GET', `/api/v1/tasks/${s.taskId}`, { token, expect: 200 })).body;
  const messages = (await call('GET', `/api/v1/tasks/${s.taskId}/messages`, { token, expect: 200 })).body;
  const providers = (await call('GET', `/api/v1/workspaces/${s.workspaceId}/providers`, { token, expect: 200 })).body;
  const snap = { me, workspaces, files: files.items, contents, task, messages, providers };
  const json = JSON.stringify(snap);
  const h = (v) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 8);
  // Per-part hashes, so a mismatch names the part (me, workspaces, files, task, …) that differs.
  const parts = Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, h(v)]));
  console.log(JSON.stringify({ sha256: createHash('sha256').update(json).digest('hex'), files: files.items.length, bytes: json.length, parts }));
}

// execute_command in the stack's sandbox: a task in the smoke workspace whose prompt
// makes the fake LLM call execute_command with COMMAND (cli.mjs's command script); the
// user's approval through the API (the command ask); then the task's messages: the
// command_output must have exit code 0 and match every EXPECT pattern.
async function command(stateFile, commandLine, ...expect) {
  const s = JSON.parse(readFileSync(stateFile, 'utf8'));
  await waitReady(120);
  const token = (await call('POST', '/api/v1/auth/login', { body: { email: s.email, password: s.password }, expect: 200 })).body.accessToken;
  const providers = (await call('GET', `/api/v1/workspaces/${s.workspaceId}/providers`, { token, expect: 200 })).body;
  const provider = (Array.isArray(providers) ? providers : providers.items)[0];
  const task = (
    await call('POST', `/api/v1/workspaces/${s.workspaceId}/tasks`, {
      token,
      body: { prompt: `Run this command: ${commandLine}`, mode: 'code', providerId: provider.id },
      expect: 201,
    })
  ).body;
  let status = task.status;
  let approved = false;
  const until = Date.now() + 180_000;
  while (Date.now() < until && !['completed', 'failed', 'cancelled'].includes(status)) {
    await sleep(500);
    status = (await call('GET', `/api/v1/tasks/${task.id}`, { token, expect: 200 })).body.status;
    if (status === 'waiting_for_input' && !approved) {
      const r = await call('POST', `/api/v1/tasks/${task.id}/respond`, { token, body: { response: 'approve' } });
      if (r.status >= 300) throw new Error(`approve: ${r.status} ${JSON.stringify(r.body)}`);
      approved = true;
    }
  }
  const list = (await call('GET', `/api/v1/tasks/${task.id}/messages`, { token, expect: 200 })).body;
  const messages = Array.isArray(list) ? list : (list.items ?? []);
  const ask = messages.find((m) => m.type === 'ask' && m.ask === 'command');
  const out = messages.filter((m) => m.say === 'command_output' && !m.partial).at(-1);
  const output = out?.text || out?.meta?.toolResult?.content || '';
  const exitCode = out?.meta?.exitCode;
  const problems = [];
  if (status !== 'completed') problems.push(`task ended as ${status}`);
  if (!ask || ask.text !== commandLine) problems.push(`no command ask for ${JSON.stringify(commandLine)}`);
  if (!out) problems.push('no command_output message');
  if (exitCode !== 0) problems.push(`exit code ${exitCode}`);
  for (const e of expect) if (!new RegExp(e).test(output)) problems.push(`output does not match /${e}/`);
  if (problems.length) throw new Error(`${problems.join('; ')}; output ${JSON.stringify(output.slice(0, 600))}`);
  console.log(JSON.stringify({ ok: true, taskId: task.id, exitCode, output: output.trim().slice(0, 300) }));
}

// The workspace's files as the API records them (path, size, sha256) and their object
// keys (workspaces/<id>/<path>, as the backend stores them), for checks on the bucket.
async function files(stateFile) {
  const s = JSON.parse(readFileSync(stateFile, 'utf8'));
  await waitReady(120);
  const login = await call('POST', '/api/v1/auth/login', { body: { email: s.email, password: s.password }, expect: 200 });
  const list = (await call('GET', `/api/v1/workspaces/${s.workspaceId}/files?recursive=true`, { token: login.body.accessToken, expect: 200 })).body;
  const out = list.items.map((f) => ({ key: `workspaces/${s.workspaceId}/${f.path}`, size: f.size, sha256: f.sha256 }));
  if (!out.length) throw new Error('the workspace has no files');
  console.log(JSON.stringify(out));
}

async function load(stateFile, seconds, rps, outFile) {
  const s = JSON.parse(readFileSync(stateFile, 'utf8'));
  const paths = ['/api/v1/workspaces', `/api/v1/tasks/${s.taskId}`, '/health/ready', `/api/v1/workspaces/${s.workspaceId}/files?recursive=true`];
  const stats = { total: 0, ok: 0, failed: 0, statuses: {}, errors: {}, latenciesMs: [] };
  let stop = false;
  process.on('SIGTERM', () => (stop = true));
  process.on('SIGINT', () => (stop = true));
  const until = Date.now() + seconds * 1000;
  const interval = 1000 / rps;
  const inflight = new Set();
  let next = Date.now();
  let i = 0;
  while (!stop && Date.now() < until && stats.total < seconds * rps) {
    const path = paths[i++ % paths.length];
    const t = performance.now();
    const p = fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${s.pat}` }, signal: AbortSignal.timeout(15_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
        if (res.status === 200) stats.ok++;
        else stats.failed++;
      })
      .catch((e) => {
        const key = e.cause?.code ?? e.name;
        stats.errors[key] = (stats.errors[key] ?? 0) + 1;
        stats.failed++;
      })
      .finally(() => {
        stats.latenciesMs.push(performance.now() - t);
        inflight.delete(p);
      });
    inflight.add(p);
    stats.total++;
    next += interval;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    while (inflight.size >= 64) await Promise.race(inflight);
  }
  await Promise.allSettled([...inflight]);
  const lat = stats.latenciesMs.sort((a, b) => a - b);
  const q = (p) => (lat.length ? Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]) : 0);
  const out = { total: stats.total, ok: stats.ok, failed: stats.failed, statuses: stats.statuses, errors: stats.errors, p50: q(0.5), p99: q(0.99), max: q(1) };
  writeFileSync(outFile, JSON.stringify(out));
  console.log(JSON.stringify(out));
}

const [cmd, ...args] = process.argv.slice(2);
const run = { smoke: () => smoke(args[0]), command: () => command(args[0], args[1], ...args.slice(2)), snapshot: () => snapshot(args[0]), files: () => files(args[0]), load: () => load(args[0], Number(args[1]), Number(args[2]), args[3]) }[cmd];
if (!run) {
  console.error('usage: client.mjs smoke|snapshot|files|load …');
  process.exit(2);
}
run().catch((e) => {
  console.error(`client ${cmd}: ${e.message}`);
  process.exit(1);
});
