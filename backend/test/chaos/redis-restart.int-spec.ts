import type { INestApplicationContext } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createFakeProvider, createWorkspace, http, type Session, signUp } from '../clients.js';
import { FakeLlm } from '../fake-llm/server.mjs';
import { connect, startWorker, waitFor } from '../fake-llm/stack.js';
import { startApi, type TestApi } from '../harness.js';
import { freePort, OwnRedis, sleep } from './support.js';

interface Msg {
  seq: number;
}

/**
 * Redis (queue, socket fan-out, rate limits) dies under load and comes back empty (no
 * persistence): readiness drops and recovers by itself, every queued task still finishes,
 * and a socket that resumes from its last seq misses no persisted message.
 */
describe('chaos: Redis restarted under load', () => {
  const redis = new OwnRedis(0);
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;
  let providerId: string;
  let socket: Socket;

  beforeAll(async () => {
    redis.port = await freePort();
    await redis.start();
    // Each model turn streams slowly, so tasks are mid-run when Redis goes.
    fake = new FakeLlm(() => ({ text: 'Working on it, then done.', chunks: 10, delayMs: 100 }));
    await fake.start();
    api = await startApi({ REDIS_URL: redis.url, LOG_LEVEL: 'silent', LLM_MAX_RETRIES: '0' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = await createWorkspace(api, owner, 'chaos');
    providerId = await createFakeProvider(api, owner, ws, fake.url, 'sk-chaos-0123456789');
    socket = await connect(api.url, owner.token);
  });
  afterAll(async () => {
    socket?.disconnect();
    await worker?.close();
    await api?.close();
    await fake?.close();
    redis.kill();
  });

  const createTask = () =>
    http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .timeout(10_000)
      .send({ prompt: 'Say done', mode: 'ask', providerId });

  it('drops readiness, keeps every task and resumes sockets without a lost message', async () => {
    // A task watched live over a socket, from before the outage.
    const first = await createTask().expect(201);
    const watched: string = first.body.id;
    const seen: Msg[] = [];
    socket.on('task:message', (e: { taskId: string; message: Msg }) => {
      if (e.taskId === watched) seen.push(e.message);
    });
    expect(
      await socket.timeout(5_000).emitWithAck('task:subscribe', { taskId: watched, afterSeq: 0 }),
    ).toEqual({
      ok: true,
    });

    // Load: reads and task creation, bounded in count and time, running through the outage.
    const statuses: number[] = [];
    const created: string[] = [watched];
    let stop = false;
    const load = (async () => {
      for (let i = 0; i < 400 && !stop; i++) {
        const r =
          i % 5 === 0
            ? await createTask().catch(() => ({ status: 0, body: {} }))
            : await http(api)
                .get('/api/v1/workspaces')
                .set(bearer(owner))
                .timeout(10_000)
                .catch(() => ({ status: 0, body: {} }));
        statuses.push(r.status);
        if (i % 5 === 0 && r.status === 201) created.push((r.body as { id: string }).id);
        await sleep(25);
      }
    })();

    await sleep(300);
    redis.kill();
    await waitFor(async () => (await http(api).get('/health/ready')).status === 503, 10_000, 'readiness 503');
    await sleep(1_500);
    await redis.start();
    await waitFor(
      async () => (await http(api).get('/health/ready')).status === 200,
      20_000,
      'readiness back',
    );
    await sleep(500);
    stop = true;
    await load;

    // No request hung (each had a 10 s timeout → status 0) and none was a 500.
    expect(statuses.filter((s) => s === 0 || s === 500)).toEqual([]);
    expect(statuses.filter((s) => s >= 200 && s < 300).length).toBeGreaterThan(0);

    // Every task created before, during or after the outage ends; none stays queued/running.
    const final = await waitFor(
      async () => {
        const rows = await Promise.all(
          created.map(async (id) => (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner))).body),
        );
        return rows.every((t) => ['completed', 'failed', 'cancelled'].includes(t.status)) && rows;
      },
      45_000,
      'every task finished',
    );
    const failed = final.filter((t) => t.status !== 'completed');
    for (const t of failed) expect(t.error, `task ${t.id} failed without a reason`).toBeTruthy();
    expect(failed.length).toBeLessThanOrEqual(Math.ceil(created.length / 4));

    // Resume: re-subscribe from the last seq seen; together with the live messages that is
    // exactly the persisted history, once each, in order.
    const lastSeq = seen.reduce((m, x) => Math.max(m, x.seq), 0);
    expect(
      await socket.timeout(5_000).emitWithAck('task:subscribe', { taskId: watched, afterSeq: lastSeq }),
    ).toEqual({ ok: true });
    await sleep(300);
    const persisted = (
      await http(api).get(`/api/v1/tasks/${watched}/messages`).set(bearer(owner)).expect(200)
    ).body;
    const items: Msg[] = Array.isArray(persisted) ? persisted : persisted.items;
    expect(seen.map((m) => m.seq)).toEqual(items.map((m) => m.seq));
  }, 120_000);
});
