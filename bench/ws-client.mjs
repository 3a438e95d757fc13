// One client process of the WebSocket fan-out bench (run.mjs forks several): opens many
// authenticated Socket.IO connections to /tasks, subscribes each to a task, and measures
// how long relayed `task:partial` events (carrying their send time) take to arrive.
// Driven over IPC: connect → measure → stats → storm → close. Every wait is bounded.
import { backendRequire, sleep } from './lib.mjs';

const { io } = backendRequire('socket.io-client');
const wall = () => performance.timeOrigin + performance.now();
const sockets = [];
let measuring = false;
let latencies = [];
let lastMessageAt = 0;
const BENCH_SEQ = 1_000_000_000; // the seq bench/run.mjs publishes with
/** Why sockets failed (first words of each error), so a failure in the report can be explained. */
const failures = new Map();
const failedBecause = (why, n = 1) => n > 0 && failures.set(why, (failures.get(why) ?? 0) + n);
const MAX_SAMPLES = 300_000;

function open(url, token, taskId) {
  return new Promise((resolve) => {
    const socket = io(`${url}/tasks`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      rejectUnauthorized: false,
      timeout: 30_000,
    });
    socket.on('task:partial', (e) => {
      lastMessageAt = performance.now();
      // Only the bench's own events (real tasks of the setup may stream too).
      if (!measuring || e.seq !== BENCH_SEQ) return;
      const sent = Number(e.text);
      if (latencies.length < MAX_SAMPLES) latencies.push(wall() - sent);
    });
    const done = (ok) => resolve({ socket, ok, taskId, url, token });
    socket.once('connect', async () => {
      try {
        const ack = await socket.timeout(30_000).emitWithAck('task:subscribe', { taskId });
        if (ack.ok !== true) failedBecause(`subscribe refused: ${JSON.stringify(ack).slice(0, 80)}`);
        done(ack.ok === true);
      } catch (e) {
        failedBecause(`subscribe: ${e.message}`);
        done(false);
      }
    });
    socket.once('connect_error', (e) => {
      failedBecause(`connect: ${e.message}${e.description ? ` (${String(e.description).slice(0, 60)})` : ''}`);
      done(false);
    });
  });
}

/** Opens sockets offset … offset+count-1; socket i watches tasks[i] as tokens[i] (mod length). */
async function connectAll({ url, tokens, tasks, count, offset, concurrency }) {
  const start = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < count) {
      const i = offset + next++;
      const r = await open(url, tokens[i % tokens.length], tasks[i % tasks.length]);
      if (r.ok) sockets.push(r);
      else {
        failed++;
        r.socket.close();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { connected: sockets.length, failed, ms: performance.now() - start };
}

/** Every socket drops at once and comes back at once (as after an API restart or a network blip). */
async function storm({ timeoutMs }) {
  const old = sockets.splice(0);
  for (const s of old) s.socket.close();
  await sleep(200);
  failures.clear();
  const start = performance.now();
  let last = start;
  let retries = 0;
  // Each socket counts if it is back and re-subscribed within the window. A failed attempt is
  // retried as socket.io-client itself does (delay 1 s doubling up to 5 s, ±50 % jitter).
  const back = old.map(async (s) => {
    for (let attempt = 0; performance.now() - start < timeoutMs; attempt++) {
      const r = await open(s.url, s.token, s.taskId);
      if (r.ok && performance.now() - start <= timeoutMs) {
        sockets.push(r);
        last = performance.now();
        return;
      }
      r.socket.close();
      retries++;
      await sleep(Math.min(1000 * 2 ** attempt, 5000) * (0.5 + Math.random()));
    }
  });
  await Promise.race([Promise.all(back), sleep(timeoutMs)]);
  const ok = sockets.length;
  return { reconnected: ok, failed: old.length - ok, retries, ms: last - start, why: Object.fromEntries(failures) };
}

/** Resolves once no event arrived for quietMs (or after maxMs): the API has caught up. */
async function quiet({ quietMs, maxMs }) {
  const start = performance.now();
  while (performance.now() - start < maxMs && performance.now() - lastMessageAt < quietMs) await sleep(100);
  return { waitedMs: performance.now() - start };
}

process.on('message', async (msg) => {
  let reply;
  if (msg.cmd === 'connect') reply = await connectAll(msg);
  else if (msg.cmd === 'measure') {
    latencies = [];
    measuring = true;
    reply = { ok: true };
  } else if (msg.cmd === 'stats') {
    measuring = false;
    reply = { latencies };
    latencies = [];
  } else if (msg.cmd === 'storm') reply = await storm(msg);
  else if (msg.cmd === 'quiet') reply = await quiet(msg);
  else if (msg.cmd === 'close') {
    for (const s of sockets) s.socket.close();
    process.send({ id: msg.id }, () => process.exit(0));
    return;
  }
  process.send({ id: msg.id, ...reply });
});
process.send({ ready: true });
