import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdmissionControl, parked, type RefusalReason } from './admission-control.js';

const busyWait = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* block the event loop on purpose */
  }
};
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A plain server whose /slow requests stay open until `release()`. */
async function serve(admission: AdmissionControl) {
  const held: (() => void)[] = [];
  const mw = admission.middleware();
  const server: Server = createServer((req, res) =>
    mw(req, res, () => {
      if (req.url === '/slow') held.push(() => res.end('slow'));
      else res.end('ok');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string) =>
    new Promise<{ status: number; retryAfter?: string; body: string }>((resolve, reject) => {
      request({ port, host: '127.0.0.1', path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }),
        );
      })
        .on('error', reject)
        .end();
    });
  return { server, get, held };
}

describe('AdmissionControl', () => {
  let admission: AdmissionControl | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    admission?.close();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
  });

  it('refuses past the in-flight limit with 503 + Retry-After, exempts health, and admits again once work ends', async () => {
    const refusals: RefusalReason[] = [];
    admission = new AdmissionControl({
      maxInFlight: 2,
      maxEventLoopDelayMs: 0,
      retryAfterSeconds: 3,
      exempt: (url) => url.startsWith('/health/'),
      onRefusal: (r) => refusals.push(r),
    });
    const s = await serve(admission);
    server = s.server;
    const slow = [s.get('/slow'), s.get('/slow')];
    for (let i = 0; i < 200 && admission.inFlight < 2; i++) await tick(5);
    expect(admission.inFlight).toBe(2);

    const refused = await s.get('/fast');
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('3');
    expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect((await s.get('/health/live')).status).toBe(200);
    expect(refusals).toEqual(['in_flight']);

    s.held.forEach((release) => release());
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect(admission.inFlight).toBe(0);
    expect((await s.get('/fast')).status).toBe(200);
  });

  it('does not count parked requests (waiting on a bounded queue of their own) as in flight', async () => {
    admission = new AdmissionControl({ maxInFlight: 1, maxEventLoopDelayMs: 0, retryAfterSeconds: 1 });
    const s = await serve(admission);
    server = s.server;
    const slow = s.get('/slow');
    for (let i = 0; i < 200 && admission.inFlight < 1; i++) await tick(5);
    expect((await s.get('/fast')).status).toBe(503);
    parked.count++; // the slow one now waits for, e.g., a password-hash slot
    try {
      expect((await s.get('/fast')).status).toBe(200);
    } finally {
      parked.count--;
    }
    s.held.forEach((release) => release());
    expect((await slow).status).toBe(200);
  });

  it('refuses while the event loop lags past the limit, and admits again once it recovers', async () => {
    admission = new AdmissionControl({
      maxInFlight: 0,
      maxEventLoopDelayMs: 20,
      retryAfterSeconds: 1,
      sampleIntervalMs: 60_000,
    });
    await tick(30);
    admission.sample(); // start a fresh window
    // An overloaded loop: every turn is long (many callbacks), not one long pause.
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setImmediate(r));
      busyWait(60);
    }
    await tick(15);
    admission.sample();
    expect(admission.eventLoopDelayMs).toBeGreaterThan(20);
    expect(admission.refusal()).toBe('event_loop_delay');

    await tick(100); // a window of on-time ticks
    admission.sample();
    expect(admission.refusal()).toBeUndefined();
  });
});
