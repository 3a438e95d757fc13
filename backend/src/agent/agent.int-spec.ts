import type { INestApplicationContext } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { defaultScript, FakeLlm } from '../../test/fake-llm/server.mjs';
import { connect, startApiReplica, startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import type { TaskMessageEvent, TaskStatusEvent } from '../realtime/events.js';

const API_KEY = 'sk-test-VERYSECRET-0123456789abcdef';

interface Collected {
  messages: TaskMessageEvent['message'][];
  statuses: string[];
  partials: number;
}
function collect(socket: Socket, taskId: string): Collected {
  const c: Collected = { messages: [], statuses: [], partials: 0 };
  socket.on('task:message', (e: TaskMessageEvent) => e.taskId === taskId && c.messages.push(e.message));
  socket.on('task:status', (e: TaskStatusEvent) => e.taskId === taskId && c.statuses.push(e.status));
  socket.on('task:partial', (e: { taskId: string }) => e.taskId === taskId && c.partials++);
  return c;
}
const subscribe = (socket: Socket, taskId: string, afterSeq = 0) =>
  socket.timeout(5_000).emitWithAck('task:subscribe', { taskId, afterSeq }) as Promise<{
    ok: boolean;
    error?: string;
  }>;

describe('agent tasks end to end (real API ×2, worker, Postgres, Redis, S3, fake LLM)', () => {
  let api: TestApi;
  let replica: { app: { close(): Promise<void> }; url: string };
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let stranger: Session;
  let ws: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fake = new FakeLlm(defaultScript({ readPath: 'README.md', writePath: 'NOTES.md' }));
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    replica = await startApiReplica(api.config);
    worker = await startWorker(api.config);
    owner = await signUp(api);
    stranger = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'agent' }).expect(201))
      .body.id;
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=README.md`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send('# Project\n\nHello\n')
      .expect(200);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await worker?.close();
    await replica?.app.close();
    await api?.close();
    await fake?.close();
  });

  const provider = async (kind: 'openai' | 'anthropic', url: string, name = `${kind}-${Math.random()}`) =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name,
          kind,
          baseUrl: kind === 'openai' ? `${url}/v1` : url,
          model: 'fake-model',
          apiKey: API_KEY,
          limits: { inputPricePerMTok: 1, outputPricePerMTok: 2 },
        })
        .expect((r) => {
          if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        })
    ).body as { id: string; apiKeyHint: string };

  it('reads, asks, gets an answer, edits after approval and completes — live on a socket of another replica', async () => {
    const p = await provider('openai', fake.url);
    expect(p.apiKeyHint).toBe('sk-…cdef');
    const socket = await connect(replica.url, owner.token);
    sockets.push(socket);

    const created = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: 'Write a note', mode: 'code', providerId: p.id });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    expect(created.body.status).toBe('queued');
    const taskId: string = created.body.id;
    const live = collect(socket, taskId);
    expect(await subscribe(socket, taskId)).toEqual({ ok: true });

    const waiting = () =>
      http(api)
        .get(`/api/v1/tasks/${taskId}`)
        .set(bearer(owner))
        .then((r) => r.body.status === 'waiting_for_input' && r.body);
    await waitFor(waiting, 15_000, 'followup question');
    const ask = live.messages.at(-1)!;
    expect(ask).toMatchObject({ type: 'ask', ask: 'followup', text: 'What should the note say?' });
    expect(live.messages.some((m) => m.say === 'tool' && JSON.parse(m.text).tool === 'readFile')).toBe(true);

    expect(
      await socket
        .timeout(5_000)
        .emitWithAck('task:respond', { taskId, response: 'answer', text: 'Hello world' }),
    ).toEqual({ ok: true });
    await waitFor(
      async () => live.messages.at(-1)?.ask === 'tool' && live.statuses.at(-1) === 'waiting_for_input',
      15_000,
      'approval request',
    );
    expect(JSON.parse(live.messages.at(-1)!.text)).toMatchObject({
      tool: 'newFileCreated',
      path: 'NOTES.md',
    });
    await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content?path=NOTES.md`)
      .set(bearer(owner))
      .expect(404);

    await http(api)
      .post(`/api/v1/tasks/${taskId}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(200);
    await waitFor(async () => live.statuses.at(-1) === 'completed', 15_000, 'completion');

    const file = await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content?path=NOTES.md`)
      .set(bearer(owner))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(file.status).toBe(200);
    expect(file.body).toBe('# Notes\n\nHello world\n');

    const task = (await http(api).get(`/api/v1/tasks/${taskId}`).set(bearer(owner)).expect(200)).body;
    expect(task).toMatchObject({
      status: 'completed',
      steps: 4,
      tokensIn: 100 + 110 + 120 + 130,
      tokensOut: 80,
    });
    expect(task.cost).toBeCloseTo((460 * 1 + 80 * 2) / 1e6, 9);
    const rest = (await http(api).get(`/api/v1/tasks/${taskId}/messages`).set(bearer(owner)).expect(200))
      .body as { seq: number }[];
    // Every persisted message arrived live, once, in order.
    expect(live.messages.map((m) => m.seq)).toEqual(rest.map((m) => m.seq));
    expect(rest.map((m) => m.seq)).toEqual(rest.map((_, i) => i + 1));
    expect(live.partials).toBeGreaterThan(0);

    // The key went to the provider, and nowhere else.
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(api.logs.join('\n')).not.toContain(API_KEY);
    const providers = await http(api)
      .get(`/api/v1/workspaces/${ws}/providers`)
      .set(bearer(owner))
      .expect(200);
    expect(JSON.stringify(providers.body)).not.toContain('VERYSECRET');
    expect(JSON.stringify(rest)).not.toContain('VERYSECRET');

    // Reconnect: resume after seq 3, get exactly the rest, no duplicates.
    const again = await connect(replica.url, owner.token);
    sockets.push(again);
    const resumed = collect(again, taskId);
    expect(await subscribe(again, taskId, 3)).toEqual({ ok: true });
    expect(resumed.messages.map((m) => m.seq)).toEqual(rest.slice(3).map((m) => m.seq));

    // Another user sees nothing, over REST or sockets.
    await http(api).get(`/api/v1/tasks/${taskId}`).set(bearer(stranger)).expect(404);
    await http(api).get(`/api/v1/tasks/${taskId}/messages`).set(bearer(stranger)).expect(404);
    await http(api).post(`/api/v1/tasks/${taskId}/cancel`).set(bearer(stranger)).expect(404);
    const theirs = await connect(api.url, stranger.token);
    sockets.push(theirs);
    const spy = collect(theirs, taskId);
    expect(await subscribe(theirs, taskId)).toEqual({ ok: false, error: 'task not found', statusCode: 404 });
    expect(spy.messages).toHaveLength(0);
  });

  it('takes the Anthropic path with auto-approved writes', async () => {
    const p = await provider('anthropic', fake.url);
    const created = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: 'Note via Claude', mode: 'code', providerId: p.id, autoApprove: { write: true } })
      .expect(201);
    const id = created.body.id as string;
    const get = () =>
      http(api)
        .get(`/api/v1/tasks/${id}`)
        .set(bearer(owner))
        .then((r) => r.body);
    const first = await waitFor(
      async () => {
        const t = await get();
        return ['waiting_for_input', 'failed'].includes(t.status) && t;
      },
      15_000,
      'question',
    );
    expect(first).toMatchObject({ status: 'waiting_for_input', error: null });
    expect(fake.requests.at(-1)!.path).toBe('/v1/messages');
    const headers = fake.requests.at(-1)!.headers;
    expect(headers['x-api-key'] ?? headers.authorization).toContain(API_KEY);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(400);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'From Claude' })
      .expect(200);
    await waitFor(async () => (await get()).status === 'completed', 15_000, 'completion');
    const msgs = (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner))).body as {
      type: string;
      ask?: string;
    }[];
    expect(msgs.filter((m) => m.type === 'ask').map((m) => m.ask)).toEqual(['followup']);
  });

  it('cancels mid-stream: the model request is aborted', async () => {
    const slow = new FakeLlm([{ text: 'thinking very slowly', hang: true }]);
    await slow.start();
    try {
      const p = await provider('openai', slow.url);
      const socket = await connect(api.url, owner.token);
      sockets.push(socket);
      const id = (
        await http(api)
          .post(`/api/v1/workspaces/${ws}/tasks`)
          .set(bearer(owner))
          .send({ prompt: 'slow', mode: 'ask', providerId: p.id })
          .expect(201)
      ).body.id as string;
      const live = collect(socket, id);
      await subscribe(socket, id);
      await waitFor(() => live.partials > 0, 15_000, 'streamed text');
      const started = Date.now();
      const res = await http(api).post(`/api/v1/tasks/${id}/cancel`).set(bearer(owner)).expect(200);
      expect(res.body.status).toBe('cancelled');
      await waitFor(() => live.statuses.includes('cancelled'), 5_000, 'cancelled event');
      // The worker lets go of the job quickly (the stream was aborted, not waited out).
      await waitFor(
        async () =>
          (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner))).body.status === 'cancelled',
        5_000,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      await http(api).post(`/api/v1/tasks/${id}/cancel`).set(bearer(owner)).expect(409);
    } finally {
      await slow.close();
    }
  });

  it('fails tasks fast with a clear reason once the provider circuit is open', async () => {
    const down = new FakeLlm(() => ({ status: 500, error: 'upstream exploded' }));
    await down.start();
    try {
      const p = await provider('openai', down.url);
      const run = async () => {
        const id = (
          await http(api)
            .post(`/api/v1/workspaces/${ws}/tasks`)
            .set(bearer(owner))
            .send({ prompt: 'x', mode: 'ask', providerId: p.id })
            .expect(201)
        ).body.id;
        return waitFor(
          async () => {
            const t = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner))).body;
            return t.status === 'failed' && t;
          },
          15_000,
          'failed task',
        );
      };
      for (let i = 0; i < 3; i++) expect((await run()).error).toMatch(/answered 500/);
      const calls = down.requests.length;
      const started = Date.now();
      const open = await run();
      expect(open.error).toMatch(/circuit open/);
      expect(down.requests.length).toBe(calls);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await down.close();
    }
  });

  it('validates input with 4xx', async () => {
    await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: 'x', mode: 'nope', providerId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: '', mode: 'code' })
      .expect(400);
    await http(api).get('/api/v1/tasks/not-a-uuid').set(bearer(owner)).expect(400);
    await http(api).get(`/api/v1/workspaces/${ws}/tasks?status=bogus`).set(bearer(owner)).expect(400);
    await http(api).get(`/api/v1/workspaces/${ws}/tasks?cursor=zzz`).set(bearer(owner)).expect(400);
    await http(api).get('/api/v1/shared/nope').expect(404);
    await http(api)
      .post(`/api/v1/workspaces/${ws}/modes`)
      .set(bearer(owner))
      .send({ slug: 'x', name: 'X', roleDefinition: 'r', groups: ['bogus'] })
      .expect(400);
    const modes = (await http(api).get(`/api/v1/workspaces/${ws}/modes`).set(bearer(owner)).expect(200))
      .body as { slug: string }[];
    expect(modes.map((m) => m.slug)).toEqual(
      expect.arrayContaining(['architect', 'code', 'ask', 'debug', 'orchestrator']),
    );
  });
});
