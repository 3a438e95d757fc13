import { request as httpRequest, type ClientRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsService } from '../metrics/metrics.service.js';
import { bearer, createFakeProvider, createWorkspace, http, signUp } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metricValue(api: TestApi, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = api.app.get(MetricsService).registry.getSingleMetric(name);
  const values = (await m?.get())?.values ?? [];
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? NaN;
}

/** Starts an upload that sends its headers and half its body, then waits; `finish()` sends the rest. */
function slowUpload(api: TestApi, token: string, ws: string, path: string) {
  const body = Buffer.alloc(2048, 'x');
  const url = new URL(`/api/v1/workspaces/${ws}/files/content?path=${path}`, api.url);
  let req!: ClientRequest;
  const done = new Promise<number>((resolve, reject) => {
    req = httpRequest(
      url,
      {
        method: 'PUT',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'text/plain',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(body.subarray(0, 1024));
  });
  return { done, finish: () => req.end(body.subarray(1024)) };
}

describe('admission control: requests in flight', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({
      ADMISSION_MAX_IN_FLIGHT: '2',
      ADMISSION_MAX_EVENT_LOOP_DELAY_MS: '0',
      ADMISSION_RETRY_AFTER_S: '2',
    });
  });
  afterAll(() => api?.close());

  it('answers 503 + Retry-After while 2 slow requests are in progress; the slow ones and later ones succeed', async () => {
    const s = await signUp(api);
    const ws = await createWorkspace(api, s);
    const uploads = [slowUpload(api, s.token, ws, 'a.txt'), slowUpload(api, s.token, ws, 'b.txt')];
    for (let i = 0; i < 400 && (await metricValue(api, 'roo_http_in_flight')) < 2; i++) await tick(10);
    expect(await metricValue(api, 'roo_http_in_flight')).toBe(2);

    const refused = await http(api).get('/api/v1/workspaces').set(bearer(s));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    // Health checks are never refused: a busy replica is not a dead one.
    await http(api).get('/health/live').expect(200);
    expect(await metricValue(api, 'roo_admission_refused_total', { reason: 'in_flight' })).toBe(1);

    uploads.forEach((u) => u.finish());
    expect(await Promise.all(uploads.map((u) => u.done))).toEqual([200, 200]);
    await http(api).get('/api/v1/workspaces').set(bearer(s)).expect(200);
    const files = await http(api).get(`/api/v1/workspaces/${ws}/files`).set(bearer(s)).expect(200);
    expect(JSON.stringify(files.body)).toContain('b.txt');
  });
});

describe('admission control: waiting for a database connection', () => {
  let api: TestApi;
  beforeAll(async () => {
    // TypeORM's start-up itself needs two connections at once, so the smallest pool is 2.
    api = await startApi({ DATABASE_POOL_MAX: '2', DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '300' });
  });
  afterAll(() => api?.close());

  it('answers 503 + Retry-After when no pooled connection frees up in time, never hangs', async () => {
    const s = await signUp(api);
    const db = api.app.get(DataSource);
    const runners = [db.createQueryRunner(), db.createQueryRunner()];
    for (const r of runners) await r.connect(); // every pooled connection, held
    try {
      const res = await http(api).get('/api/v1/workspaces').set(bearer(s)).timeout(10_000);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.message).toBe('database busy, retry later');
    } finally {
      for (const r of runners) await r.release();
    }
    await http(api).get('/api/v1/workspaces').set(bearer(s)).expect(200);
  });
});

describe('admission control: task queue depth', () => {
  let api: TestApi;
  beforeAll(async () => {
    // No worker runs here: every created task stays queued, its job waiting.
    api = await startApi({
      TASK_QUEUE_MAX_PER_WORKSPACE: '2',
      TASK_QUEUE_MAX_WAITING: '3',
      TASK_QUEUE_RETRY_AFTER_S: '7',
    });
  });
  afterAll(() => api?.close());

  it('refuses task creation with 429 + Retry-After past the workspace and the instance depth', async () => {
    const s = await signUp(api);
    const [ws1, ws2] = [await createWorkspace(api, s, 'one'), await createWorkspace(api, s, 'two')];
    const [p1, p2] = [
      await createFakeProvider(api, s, ws1, 'http://127.0.0.1:9'),
      await createFakeProvider(api, s, ws2, 'http://127.0.0.1:9'),
    ];
    const create = (ws: string, providerId: string) =>
      http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(s))
        .send({ prompt: 'hi', mode: 'ask', providerId });

    expect((await create(ws1, p1)).status).toBe(201);
    expect((await create(ws1, p1)).status).toBe(201);
    const full = await create(ws1, p1); // ws1 has 2 queued
    expect(full.status).toBe(429);
    expect(full.headers['retry-after']).toBe('7');

    expect((await create(ws2, p2)).status).toBe(201); // 3 jobs waiting in all
    const instanceFull = await create(ws2, p2);
    expect(instanceFull.status).toBe(429);
    expect(instanceFull.headers['retry-after']).toBe('7');

    // A stranger learns nothing about the workspace's queue: the route's own 404.
    const stranger = await signUp(api);
    await http(api)
      .post(`/api/v1/workspaces/${ws1}/tasks`)
      .set(bearer(stranger))
      .send({ prompt: 'hi', mode: 'ask', providerId: p1 })
      .expect(404);
    const tasks = await http(api).get(`/api/v1/workspaces/${ws1}/tasks`).set(bearer(s)).expect(200);
    expect(tasks.body.items).toHaveLength(2);
  });
});
