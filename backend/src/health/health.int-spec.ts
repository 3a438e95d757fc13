import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from '../../test/clients.js';
import { freePort, startApi, type TestApi } from '../../test/harness.js';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('health', () => {
  // A Redis of this test's own, so stopping it cannot disturb other test files.
  let redis: ChildProcess;
  let port: number;
  let api: TestApi;
  const startRedis = () => {
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
  };

  beforeAll(async () => {
    port = await freePort();
    startRedis();
    await new Promise((r) => setTimeout(r, 300));
    api = await startApi({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await api?.close();
    redis?.kill();
  });

  it('is live and ready with every dependency up', async () => {
    await http(api).get('/health/live').expect(200, { status: 'ok' });
    const res = await http(api).get('/health/ready').expect(200);
    expect(res.body.info).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      storage: { status: 'up' },
    });
  });

  it('goes 503 naming redis when Redis stops, and back to 200 when it returns', async () => {
    redis.kill('SIGKILL');
    await waitFor(async () => (await http(api).get('/health/ready')).status === 503);
    const down = await http(api).get('/health/ready').expect(503);
    expect(down.body).toMatchObject({ statusCode: 503, message: 'not ready: redis' });
    expect(down.body.failed.redis.status).toBe('down');
    expect(down.body.info.database.status).toBe('up');
    expect(down.body.requestId).toBeTruthy();
    startRedis();
    await waitFor(async () => (await http(api).get('/health/ready')).status === 200);
  });

  it('serves the OpenAPI document', async () => {
    const res = await http(api).get('/api/docs-json').expect(200);
    expect(res.body.paths).toHaveProperty('/api/v1/auth/login');
    expect(res.body.paths).toHaveProperty('/api/v1/workspaces/{ws}/files/content');
  });
});

describe('metrics', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('records requests under their route template and exports the pool gauge', async () => {
    // A query just before the scrape: the pool's connection from start-up may have idled out
    // (10 s) while the app started (resolving the egress deny list took 5-10 s here).
    await http(api).get('/health/ready').expect(200);
    await http(api).get('/api/v1/workspaces/00000000-0000-4000-8000-000000000000').expect(401);
    const { MetricsService } = await import('../metrics/metrics.service.js');
    const text = await api.app.get(MetricsService).registry.metrics();
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/workspaces\/:ws",status="401"\} 1/,
    );
    expect(text).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(text).toMatch(/roo_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toContain('process_cpu_seconds_total');
  });
});
