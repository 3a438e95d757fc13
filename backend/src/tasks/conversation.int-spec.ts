import type { INestApplicationContext } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { FakeLlm, lastToolResult, type FakeRequest, type FakeTurn } from '../../test/fake-llm/server.mjs';
import { connect, startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

interface Msg {
  seq: number;
  type: string;
  ask?: string;
  say?: string;
  text: string;
  meta: {
    suggestions?: { text: string; mode?: string }[];
    response?: string;
    mode?: string;
    toolResult?: { content: string; isError: boolean };
  };
}

function promptOf(body: FakeRequest['body']): string {
  const m = (body.messages ?? []).find((x: { role: string }) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
}
/** Every user/tool text of a request, in order. */
const texts = (r: FakeRequest) =>
  (r.body.messages ?? [])
    .filter((m: { role: string }) => m.role === 'user' || m.role === 'tool')
    .map((m: { content: unknown }) => String(m.content));

let gate: () => boolean = () => true;

function script(r: FakeRequest): FakeTurn {
  const prompt = promptOf(r.body);
  const last = lastToolResult(r.body);
  const all = texts(r).join('\n');
  if (prompt.startsWith('suggest:')) {
    if (!last)
      return {
        toolCalls: [
          {
            name: 'ask_followup_question',
            input: {
              question: 'Implement it now or plan first?',
              follow_up: [
                { text: 'Implement it now', mode: 'code' },
                { text: 'Just plan it', mode: null },
                'Skip',
              ],
            },
          },
        ],
      };
    return { toolCalls: [{ name: 'attempt_completion', input: { result: `answered: ${last}` } }] };
  }
  if (prompt.startsWith('busy:')) {
    // Reads until the user's queued message shows up, then finishes; it waits for the test's gate first.
    if (all.includes('PLEASE ALSO CHECK B') && all.includes('the todo list'))
      return { toolCalls: [{ name: 'attempt_completion', input: { result: 'checked A and B' } }] };
    if (!gate())
      return { text: 'thinking', delayMs: 100, toolCalls: [{ name: 'list_files', input: { path: '' } }] };
    return { toolCalls: [{ name: 'list_files', input: { path: '' } }] };
  }
  if (prompt.startsWith('eager:')) {
    // Tries to finish at once, while the user already wrote.
    if (all.includes('ONE MORE THING'))
      return { toolCalls: [{ name: 'attempt_completion', input: { result: 'did one more thing' } }] };
    return { delayMs: 150, toolCalls: [{ name: 'attempt_completion', input: { result: 'finished early' } }] };
  }
  if (prompt.startsWith('chat:')) {
    const replies = texts(r).filter((t) => t.startsWith('reply'));
    return { toolCalls: [{ name: 'attempt_completion', input: { result: `round ${replies.length}` } }] };
  }
  return { text: 'OK' };
}

describe('conversation (real API, worker, Postgres, Redis, S3, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let viewer: Session;
  let ws: string;
  let provider: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    viewer = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'conv' }).expect(201))
      .body.id;
    provider = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'fake',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'fake-model',
          apiKey: 'sk-test-conv-0123456789',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  const get = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as Msg[];
  const until = (id: string, statuses: string[], ms = 15_000) =>
    waitFor(
      async () => {
        const t = await get(id);
        return statuses.includes(t.status) && t;
      },
      ms,
      statuses.join('|'),
    );
  const start = async (prompt: string, mode: string, autoApprove = {}) =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode, providerId: provider, autoApprove })
        .expect(201)
    ).body.id as string;

  it('follow-up suggestions carry a mode; picking one switches the task (only an offered mode)', async () => {
    const id = await start('suggest: add the feature', 'architect');
    await until(id, ['waiting_for_input']);
    const ask = (await messages(id)).at(-1)!;
    expect(ask.meta.suggestions).toEqual([
      { text: 'Implement it now', mode: 'code' },
      { text: 'Just plan it' },
      { text: 'Skip' },
    ]);
    // A mode no suggestion offers (debug), or one that is no slug: refused, nothing changes.
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'Implement it now', mode: 'debug' })
      .expect(400);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'x', mode: 'Code Mode!' })
      .expect(400);
    expect((await get(id)).status).toBe('waiting_for_input');
    // Over the socket, like the UI.
    const socket = await connect(api.url, owner.token);
    sockets.push(socket);
    expect(
      await socket.timeout(5_000).emitWithAck('task:respond', {
        taskId: id,
        response: 'answer',
        text: 'Implement it now',
        mode: 'code',
      }),
    ).toEqual({ ok: true });
    const done = await until(id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.mode).toBe('code');
    const answer = (await messages(id)).find((m) => m.meta.response === 'answer')!;
    expect(answer.meta.mode).toBe('code');
    // The model learns about the switch with the answer, and the next turn runs under code's system prompt.
    const next = fake.requests.filter((r) => promptOf(r.body).startsWith('suggest:')).at(-1)!;
    expect(texts(next).join('\n')).toMatch(/switched the task to code mode/);
  }, 30_000);

  it('a message sent while the task runs is queued and reaches the model at its next turn; todo edits too', async () => {
    let open = false;
    gate = () => open;
    const id = await start('busy: check A', 'code');
    await until(id, ['running']);
    // A viewer may not write to the task; the owner may (REST), and over the socket.
    await http(api).post(`/api/v1/tasks/${id}/messages`).set(bearer(viewer)).send({ text: 'hi' }).expect(404);
    await http(api).post(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).send({ text: '   ' }).expect(400);
    const sent = await http(api)
      .post(`/api/v1/tasks/${id}/messages`)
      .set(bearer(owner))
      .send({ text: 'PLEASE ALSO CHECK B' })
      .expect(200);
    expect(['running', 'queued']).toContain(sent.body.status);
    await http(api)
      .put(`/api/v1/tasks/${id}/todos`)
      .set(bearer(owner))
      .send({ todos: '[x] check A\n[ ] check B' })
      .expect(200)
      .expect((r) => expect(r.body.todos).toBe('[x] check A\n[ ] check B'));
    open = true;
    const done = await until(id, ['completed', 'failed'], 20_000);
    expect(done.status).toBe('completed');
    const history = await messages(id);
    const queued = history.find((m) => m.meta.response === 'message')!;
    expect(queued.text).toBe('PLEASE ALSO CHECK B');
    expect(history.some((m) => m.say === 'user_edit_todos' && m.text.includes('[ ] check B'))).toBe(true);
    // Delivered once, as a user message after a turn's tool results, never between a call and its result.
    const first = fake.requests.findIndex((r) => texts(r).join('\n').includes('PLEASE ALSO CHECK B'));
    expect(first).toBeGreaterThan(-1);
    const body = fake.requests[first].body.messages as {
      role: string;
      content: string;
      tool_calls?: unknown[];
    }[];
    const at = body.findIndex((m) => m.role === 'user' && m.content.includes('PLEASE ALSO CHECK B'));
    expect(body[at - 1].role).toBe('tool');
    expect(body.filter((m) => String(m.content).includes('PLEASE ALSO CHECK B'))).toHaveLength(1);
    // The system prompt of later turns has the user's list.
    expect(JSON.stringify(fake.requests.at(-1)!.body.messages![0])).toContain('check B');
  }, 30_000);

  it('attempt_completion does not end the task while a message of the user is unread', async () => {
    const id = await start('eager: finish', 'code');
    await waitFor(() => fake.requests.some((r) => promptOf(r.body).startsWith('eager:')));
    // The model is still answering (delayMs): the message arrives before its completion lands.
    await http(api)
      .post(`/api/v1/tasks/${id}/messages`)
      .set(bearer(owner))
      .send({ text: 'ONE MORE THING' })
      .expect(200);
    const done = await until(id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const history = await messages(id);
    expect(history.filter((m) => m.say === 'completion_result').map((m) => m.text)).toEqual([
      'did one more thing',
    ]);
    // The first attempt was answered with an error that points at the message.
    expect(
      history.some((m) => m.meta.toolResult?.content.startsWith('Not completed: the user sent a message')),
    ).toBe(true);
  }, 30_000);

  it('after attempt_completion the user replies and the same task continues (REST and socket)', async () => {
    const id = await start('chat: hello', 'ask');
    await until(id, ['completed']);
    const resumed = await http(api)
      .post(`/api/v1/tasks/${id}/messages`)
      .set(bearer(owner))
      .send({ text: 'reply one' })
      .expect(200);
    expect(resumed.body.status).toBe('queued');
    await waitFor(async () => (await messages(id)).filter((m) => m.say === 'completion_result').length === 2);
    const socket = await connect(api.url, owner.token);
    sockets.push(socket);
    expect(await socket.timeout(5_000).emitWithAck('task:send', { taskId: id, text: 'reply two' })).toEqual({
      ok: true,
    });
    await waitFor(async () => (await messages(id)).filter((m) => m.say === 'completion_result').length === 3);
    const results = (await messages(id)).filter((m) => m.say === 'completion_result').map((m) => m.text);
    expect(results).toEqual(['round 0', 'round 1', 'round 2']);
    expect((await get(id)).status).toBe('completed');
    // Hostile input over the socket: a clear refusal, nothing recorded.
    expect(await socket.timeout(5_000).emitWithAck('task:send', { taskId: id, text: '' })).toMatchObject({
      ok: false,
      statusCode: 400,
    });
    expect(await socket.timeout(5_000).emitWithAck('task:send', { taskId: 'nope', text: 'x' })).toMatchObject(
      { ok: false, statusCode: 400 },
    );
  }, 30_000);

  it('a task waiting for an answer refuses a message (it needs respond)', async () => {
    const id = await start('suggest: again', 'architect');
    await until(id, ['waiting_for_input']);
    const r = await http(api)
      .post(`/api/v1/tasks/${id}/messages`)
      .set(bearer(owner))
      .send({ text: 'hm' })
      .expect(409);
    expect(r.body.message).toMatch(/respond/);
    await http(api)
      .put(`/api/v1/tasks/${id}/todos`)
      .set(bearer(owner))
      .send({ todos: 'x'.repeat(20_001) })
      .expect(400);
    await http(api).put(`/api/v1/tasks/${id}/todos`).set(bearer(viewer)).send({ todos: '[ ] a' }).expect(404);
  });
});
