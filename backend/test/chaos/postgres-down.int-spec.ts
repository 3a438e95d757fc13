import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../clients.js';
import { waitFor } from '../fake-llm/stack.js';
import { startApi, type TestApi } from '../harness.js';
import { sleep, TcpProxy } from './support.js';

/**
 * Postgres goes away under load (a proxy between the API and the real Postgres is cut):
 * requests that need the database answer 503 in bounded time (not 500, not a hang), and
 * the API recovers without a restart when it returns.
 */
describe('chaos: Postgres unavailable under load', () => {
  let proxy: TcpProxy;
  let api: TestApi;
  let owner: Session;
  let ws: string;

  beforeAll(async () => {
    const { createDatabase, migrate, testConfig } = await import('../harness.js');
    const direct = await createDatabase();
    await migrate(testConfig({}, direct));
    const u = new URL(direct);
    proxy = await TcpProxy.start({ host: u.hostname, port: Number(u.port) });
    u.port = String(proxy.port);
    api = await startApi({ DATABASE_URL: u.toString(), LOG_LEVEL: 'silent' });
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'pg' }).expect(201)).body
      .id;
  });
  afterAll(async () => {
    await proxy?.up();
    await api?.close();
    await proxy?.down();
  });

  /** A bounded burst of database-backed requests; each must answer within `maxMs`. */
  async function burst(n: number, maxMs: number) {
    const out = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const t = Date.now();
        const r = await (
          i % 2
            ? http(api).get(`/api/v1/workspaces/${ws}`).set(bearer(owner))
            : http(api).get('/api/v1/workspaces').set(bearer(owner))
        )
          .timeout(maxMs)
          .catch((e: Error) => ({ status: 0, body: { message: e.message } }) as request.Response);
        return { status: r.status, ms: Date.now() - t, body: r.body };
      }),
    );
    return out;
  }

  for (const how of ['refuse', 'blackhole'] as const) {
    it(`answers 503 while Postgres is down (${how}) and recovers by itself`, async () => {
      expect((await burst(20, 5_000)).every((r) => r.status === 200)).toBe(true);
      await proxy.down(how);
      // Connection attempts time out after 5 s (pool connectionTimeoutMillis): allow that plus slack.
      const down = await burst(20, 12_000);
      expect(down.map((r) => r.status)).toEqual(down.map(() => 503));
      expect(down[0].body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(down[0].body.requestId).toBeTruthy();
      const ready = await http(api).get('/health/ready').timeout(12_000);
      expect(ready.status).toBe(503);
      expect(ready.body.message).toContain('database');
      // Authentication does not need the database (JWT), and liveness never does.
      await http(api).get('/health/live').expect(200);

      await proxy.up();
      await waitFor(async () => (await http(api).get('/health/ready')).status === 200, 20_000, 'ready again');
      await sleep(200);
      expect((await burst(20, 5_000)).map((r) => r.status)).toEqual(Array(20).fill(200));
    }, 90_000);
  }
});
