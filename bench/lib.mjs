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
    /** Resolves {status, body (parsed JSON when JSON), ms, headers}; never rejects (status 0 on a network error). */
    request(method, path, { host, token, json, raw, contentType, timeoutMs = 30_000 } = {}) {
      const start = now();
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
        req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => resolve({ status: 0, body: String(e.message), ms: now() - start }));
        if (payload) req.write(payload);
        req.end();
      });
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
