// Shared helpers of the bench: a keep-alive HTTPS client, closed-loop runner, percentiles.
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Packages already installed for the backend (socket.io-client, ioredis, emitter) and frontend (playwright-core). */
export const backendRequire = createRequire(join(ROOT, 'backend', 'package.json'));
export const frontendRequire = createRequire(join(ROOT, 'frontend', 'package.json'));

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const now = () => performance.now();

/** A client for the nginx in front of the stack; `host` picks the upstream group (see scripts/bench.sh). */
export function makeClient(baseUrl, connections) {
  const url = new URL(baseUrl);
  const tls = url.protocol === 'https:';
  const agent = tls
    ? new Agent({ keepAlive: true, maxSockets: connections, rejectUnauthorized: false })
    : new HttpAgent({ keepAlive: true, maxSockets: connections });
  const send = tls ? httpsRequest : httpRequest;
  return {
    agent,
    close: () => agent.destroy(),
    /**
     * Resolves {status, body (parsed JSON when JSON), ms, headers}; never rejects (status 0 on
     * a network error, body 'timeout' when the whole exchange took longer than `timeoutMs`).
     */
    request(method, path, { host, token, json, raw, contentType, timeoutMs = 30_000 } = {}) {
      const start = now();
      let timer;
      return new Promise((resolve) => {
        const headers = {};
        if (host) headers.host = host;
        if (token) headers.authorization = `Bearer ${token}`;
        let payload;
        if (json !== undefined) {
          payload = Buffer.from(JSON.stringify(json));
          headers['content-type'] = 'application/json';
        } else if (raw !== undefined) {
          payload = Buffer.from(raw);
          headers['content-type'] = contentType ?? 'application/octet-stream';
        }
        if (payload) headers['content-length'] = String(payload.length);
        const req = send(
          { hostname: url.hostname, port: url.port, path, method, headers, agent, servername: 'localhost' },
          (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString();
              let body = text;
              if (/json/.test(res.headers['content-type'] ?? '')) {
                try {
                  body = JSON.parse(text);
                } catch {
                  /* keep text */
                }
              }
              resolve({ status: res.statusCode ?? 0, body, headers: res.headers, ms: now() - start });
            });
            res.on('error', () => resolve({ status: 0, body: 'response error', ms: now() - start }));
          },
        );
        timer = setTimeout(() => req.destroy(new Error('timeout')), timeoutMs);
        req.on('error', (e) => resolve({ status: 0, body: String(e.message), ms: now() - start }));
        if (payload) req.write(payload);
        req.end();
      }).finally(() => clearTimeout(timer));
    },
  };
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(latencies) {
  const s = Float64Array.from(latencies).sort();
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}

/**
 * Closed loop: `connections` loops each run `step()` back to back until `durationMs` or
 * `maxRequests` is reached (both bounds always apply). `step` resolves {name, ok, ms}.
 */
export async function closedLoop({ connections, durationMs, maxRequests, warmupMs = 1000, step }) {
  const byName = new Map();
  const all = [];
  let errors = 0;
  let count = 0;
  const errorSamples = [];
  const startAt = now();
  const measureFrom = startAt + warmupMs;
  const endAt = measureFrom + durationMs;
  let issued = 0;
  const loop = async (id) => {
    while (now() < endAt && issued < maxRequests) {
      issued++;
      const r = await step(id);
      if (now() < measureFrom) continue;
      count++;
      all.push(r.ms);
      let e = byName.get(r.name);
      if (!e) byName.set(r.name, (e = { lat: [], errors: 0 }));
      e.lat.push(r.ms);
      if (!r.ok) {
        errors++;
        e.errors++;
        if (errorSamples.length < 5) errorSamples.push(`${r.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => loop(i)));
  const elapsed = (Math.min(now(), endAt) - measureFrom) / 1000;
  const routes = {};
  for (const [name, e] of byName) routes[name] = { ...summarize(e.lat), errors: e.errors };
  return { connections, requests: count, rps: count / elapsed, errors, errorPct: count ? (100 * errors) / count : 0, ...summarize(all), routes, errorSamples };
}

/** Weighted choice: `table` = [[weight, value], …]. */
export function weighted(table) {
  const total = table.reduce((s, [w]) => s + w, 0);
  return () => {
    let r = Math.random() * total;
    for (const [w, v] of table) if ((r -= w) < 0) return v;
    return table.at(-1)[1];
  };
}

export const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '–');

/**
 * Open loop: requests arrive at `rate` per second for `durationMs` whatever the answers do
 * (as real users do), each with its own deadline `timeoutMs`; latency counts from the
 * scheduled arrival, so a late client does not hide a queue. Bounded: never more than
 * `maxOutstanding` requests open (the rest count as not sent), and it waits at most
 * `timeoutMs` after the last arrival. `send()` resolves {name, status, ms, headers, body}.
 */
export async function openLoop({ rate, durationMs, timeoutMs = 10_000, maxOutstanding = 20_000, send }) {
  const served = [];
  const byKind = { timeout: 0, network: 0, 429: 0, 503: 0, other: 0, notSent: 0 };
  const refusals = [];
  const refusalService = [];
  const lag = [];
  let refusedWithoutRetryAfter = 0;
  const byName = new Map();
  let offered = 0;
  let outstanding = 0;
  const pending = new Set();
  const start = now();
  const total = Math.round((rate * durationMs) / 1000);
  const fire = (scheduledAt) => {
    offered++;
    if (outstanding >= maxOutstanding) {
      byKind.notSent++;
      return;
    }
    outstanding++;
    // How late the generator itself sends (a starved client would otherwise look like a slow server).
    lag.push(now() - scheduledAt);
    const p = send(timeoutMs).then((r) => {
      outstanding--;
      pending.delete(p);
      const ms = now() - scheduledAt;
      let e = byName.get(r.name);
      if (!e) byName.set(r.name, (e = { lat: [], errors: 0 }));
      if (r.status >= 200 && r.status < 300) {
        served.push(ms);
        e.lat.push(ms);
        return;
      }
      e.errors++;
      if (r.status === 429 || r.status === 503) {
        byKind[r.status]++;
        refusals.push(ms);
        refusalService.push(r.ms);
        if (!r.headers?.['retry-after']) refusedWithoutRetryAfter++;
      } else if (r.status === 0) byKind[/timeout/.test(String(r.body)) ? 'timeout' : 'network']++;
      else byKind.other++;
    });
    pending.add(p);
  };
  while (offered < total) {
    const elapsed = now() - start;
    if (elapsed > durationMs + 1000) break;
    const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
    // Each request keeps its own arrival time, spread evenly over the tick.
    for (let i = offered; i < due; i++) fire(start + (i * 1000) / rate);
    await sleep(2);
  }
  const deadline = now() + timeoutMs + 2000;
  while (pending.size && now() < deadline) await sleep(20);
  const routes = {};
  for (const [name, e] of byName) routes[name] = { ...summarize(e.lat), errors: e.errors };
  const seconds = durationMs / 1000;
  return {
    rate,
    seconds,
    offered,
    served: served.length,
    servedPerS: served.length / seconds,
    ...summarize(served),
    errors: byKind,
    refused: summarize(refusals),
    refusedFromSend: summarize(refusalService),
    generatorLag: summarize(lag),
    refusedWithoutRetryAfter,
    unfinished: pending.size,
    routes,
  };
}
