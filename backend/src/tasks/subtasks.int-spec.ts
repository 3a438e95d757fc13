import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { FakeLlm, lastToolResult, type FakeRequest, type FakeTurn } from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

interface Msg {
  seq: number;
  type: string;
  say?: string;
  text: string;
  meta: {
    subtask?: { taskId: string; mode?: string; status?: string };
    toolResult?: { id: string; content: string; isError: boolean };
  };
}
interface View {
  id: string;
  status: string;
  parentId: string | null;
  awaitingTaskId: string | null;
  mode: string;
  todos: string;
  error: string | null;
}

/** The task's own request: the first user message of the conversation. */
function promptOf(body: FakeRequest['body']): string {
  const m = (body.messages ?? []).find((x: { role: string }) => x.role === 'user');
  if (!m) return '';
  return typeof m.content === 'string' ? m.content : ((m.content as { text?: string }[])[0]?.text ?? '');
}
const complete = (result: string): FakeTurn => ({
  toolCalls: [{ name: 'attempt_completion', input: { result } }],
});
const delegate = (mode: string, message: string, todos?: string): FakeTurn => ({
  toolCalls: [{ name: 'new_task', input: { mode, message, ...(todos ? { todos } : {}) } }],
});

/** One script for every task of this file, chosen by the task's request. */
function script(r: FakeRequest): FakeTurn {
  const prompt = promptOf(r.body);
  const last = lastToolResult(r.body);
  if (prompt.startsWith('orchestrate:')) {
    if (!last) return delegate('architect', 'plan: design the feature', '[ ] design\n[ ] review');
    if (last.includes('PLAN-A') && !last.includes('CODE-B'))
      return delegate('code', 'code: implement the plan PLAN-A');
    if (last.includes('CODE-B')) return complete('Shipped: PLAN-A built as CODE-B.');
    return { text: `unexpected: ${last.slice(0, 200)}` };
  }
  if (prompt.startsWith('plan:')) return complete('PLAN-A: two modules and a test');
  if (prompt.startsWith('code:')) return complete('CODE-B: implemented in src/feature.ts');
  if (prompt.startsWith('guard:')) {
    if (!last) return delegate('code', prompt.includes('fail') ? 'broken: fail' : 'asker: wait');
    return complete(`parent saw: ${last.slice(0, 300)}`);
  }
  if (prompt.startsWith('broken:')) return { status: 500, error: 'model exploded' };
  if (prompt.startsWith('asker:'))
    return { toolCalls: [{ name: 'ask_followup_question', input: { question: 'which one?' } }] };
  return { text: 'OK' };
}

describe('subtasks report back (real API, worker, Postgres, Redis, S3, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext | undefined;
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;
  let provider: string;

  beforeAll(async () => {
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'sub' }).expect(201))
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
          apiKey: 'sk-test-sub-0123456789',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  const get = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body as View;
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as Msg[];
  const until = (id: string, statuses: string[], ms = 20_000) =>
    waitFor(
      async () => {
        const t = await get(id);
        return statuses.includes(t.status) && t;
      },
      ms,
      `${id} ${statuses.join('|')}`,
    );
  const start = async (prompt: string, mode = 'orchestrator') =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode, providerId: provider, autoApprove: { write: true, modeSwitch: true } })
        .expect(201)
    ).body.id as string;
  const childrenOf = async (id: string) =>
    (
      (await http(api).get(`/api/v1/workspaces/${ws}/tasks?limit=100`).set(bearer(owner)).expect(200)).body
        .items as View[]
    ).filter((t) => t.parentId === id);

  it('orchestrator → architect child → code child: the parent waits for each and its next request holds both results', async () => {
    const id = await start('orchestrate: build the feature');
    // While the architect works, the parent waits without a job of its own.
    const waiting = await until(id, ['waiting_for_subtask', 'completed', 'failed']);
    expect(waiting.status).toBe('waiting_for_subtask');
    const done = await until(id, ['completed', 'failed']);
    expect(done.status, done.error ?? '').toBe('completed');

    const kids = await childrenOf(id);
    expect(kids.map((k) => k.mode).sort()).toEqual(['architect', 'code']);
    for (const k of kids) expect(k.status).toBe('completed');
    // new_task's todos became the child's todo list.
    expect(kids.find((k) => k.mode === 'architect')!.todos).toBe('[ ] design\n[ ] review');

    const history = await messages(id);
    const results = history.filter((m) => m.say === 'subtask_result');
    expect(results.map((m) => m.meta.subtask?.mode)).toEqual(['architect', 'code']);
    expect(results[0].text).toBe('PLAN-A: two modules and a test');
    expect(results[0].meta.toolResult).toMatchObject({ isError: false });
    // The tool message of each new_task links to its child.
    const links = history
      .filter((m) => m.say === 'tool' && m.meta.subtask)
      .map((m) => m.meta.subtask!.taskId);
    expect(links.sort()).toEqual(kids.map((k) => k.id).sort());

    // The request that completed the parent carried both results as answers to its new_task calls.
    const final = fake.requests.filter((r) => promptOf(r.body).startsWith('orchestrate:')).at(-1)!;
    const toolTexts = (final.body.messages ?? [])
      .filter((m: { role: string }) => m.role === 'tool')
      .map((m: { content: string }) => m.content);
    expect(toolTexts.some((t: string) => /completed\.\n\nResult:\nPLAN-A/.test(t))).toBe(true);
    expect(toolTexts.some((t: string) => /completed\.\n\nResult:\nCODE-B/.test(t))).toBe(true);
    expect(history.find((m) => m.say === 'completion_result')?.text).toBe('Shipped: PLAN-A built as CODE-B.');
  }, 60_000);

  it('a failed subtask gives the parent a clear message and the parent goes on', async () => {
    const id = await start('guard: fail');
    const done = await until(id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const [child] = await childrenOf(id);
    expect(child.status).toBe('failed');
    const result = (await messages(id)).find((m) => m.say === 'subtask_result')!;
    expect(result.meta.toolResult).toMatchObject({ isError: true });
    expect(result.meta.toolResult!.content).toMatch(/failed: .*500/);
    expect(result.meta.subtask).toMatchObject({ taskId: child.id, status: 'failed' });
  }, 30_000);

  it('a subtask cancelled while no worker runs still resumes its parent once a worker is back (durable result)', async () => {
    const id = await start('guard: cancel');
    const child = await waitFor(async () => (await childrenOf(id))[0], 20_000, 'child');
    await until(child.id, ['waiting_for_input']);
    expect((await get(id)).awaitingTaskId).toBe(child.id);
    // No worker at all now: the cancel (API) alone writes the parent's result and queues it.
    await worker!.close();
    worker = undefined;
    await http(api).post(`/api/v1/tasks/${child.id}/cancel`).set(bearer(owner)).expect(200);
    const parked = await get(id);
    expect(parked.status).toBe('queued');
    expect(parked.awaitingTaskId).toBeNull();
    const result = (await messages(id)).find((m) => m.say === 'subtask_result')!;
    expect(result.meta.toolResult!.content).toMatch(/was cancelled by the user/);

    worker = await startWorker(api.config);
    const done = await until(id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const final = (await messages(id)).find((m) => m.say === 'completion_result')!;
    expect(final.text).toMatch(/parent saw: .*cancelled by the user/);
  }, 40_000);

  it('cancelling a waiting parent cancels its subtask and nothing resumes it', async () => {
    const id = await start('guard: cancel again');
    const child = await waitFor(async () => (await childrenOf(id))[0], 20_000, 'child');
    await until(id, ['waiting_for_subtask']);
    await http(api).post(`/api/v1/tasks/${id}/cancel`).set(bearer(owner)).expect(200);
    await until(child.id, ['cancelled'], 5_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await get(id)).status).toBe('cancelled');
    expect((await messages(id)).some((m) => m.say === 'subtask_result')).toBe(false);
  }, 30_000);
});
