import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, http, signUp, type Session } from '../../../test/clients.js';
import { FakeLlm, lastToolResult, type FakeRequest, type FakeTurn } from '../../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../../test/harness.js';

interface Msg {
  seq: number;
  ts: number;
  type: 'ask' | 'say';
  ask?: string;
  say?: string;
  text: string;
  meta: Record<string, unknown>;
}

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const THOUGHT = 'THOUGHT-42: the README holds the answer, read it first.';

/** A task that thinks, reads, asks a question with modes, then completes. */
function script(r: FakeRequest): FakeTurn {
  const last = lastToolResult(r.body);
  const usage = { input: 1000, output: 200 };
  if (!last)
    return {
      reasoning: THOUGHT,
      reasoningField: r.body.model === 'fake-reasoning-field' ? 'reasoning' : undefined,
      text: 'Reading the README.',
      toolCalls: [{ name: 'read_file', input: { path: 'README.md' } }],
      usage,
    };
  if (!last.includes('<answer>'))
    return {
      text: 'One question.',
      toolCalls: [
        {
          name: 'ask_followup_question',
          input: {
            question: 'Plan or build?',
            follow_up: [
              { text: 'Build it', mode: 'code' },
              { text: 'Plan it', mode: 'architect' },
            ],
          },
        },
      ],
      usage,
    };
  return { toolCalls: [{ name: 'attempt_completion', input: { result: 'Done: built it.' } }], usage };
}

/** What a reader of the history sees of a message. */
const visible = (m: Msg) => ({
  type: m.type,
  kind: m.type === 'ask' ? m.ask : m.say,
  text: m.text,
  role: m.meta.role,
  response: m.meta.response,
  suggestions: m.meta.suggestions,
  toolResult: m.meta.toolResult,
  usage: m.meta.usage,
});

describe('task history export and import (real API, worker, Postgres, Redis, S3, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let viewer: Session;
  let outsider: Session;
  let ws: string;
  const providers: Record<string, string> = {};

  beforeAll(async () => {
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    worker = await startWorker(api.config);
    [owner, viewer, outsider] = await Promise.all([signUp(api), signUp(api), signUp(api)]);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'hist' }).expect(201))
      .body.id;
    await addMember(api, owner, ws, viewer, 'viewer');
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=README.md`)
      .set(bearer(owner))
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from('# Readme\nBuild it.\n'))
      .expect((r) => expect([200, 201]).toContain(r.status));
    for (const [name, kind, model, baseUrl] of [
      ['openai', 'openai', 'gpt-4.1', `${fake.url}/v1`],
      ['field', 'openai', 'fake-reasoning-field', `${fake.url}/v1`],
      ['anthropic', 'anthropic', 'fake-claude', fake.url],
    ] as const) {
      providers[name] = (
        await http(api)
          .post(`/api/v1/workspaces/${ws}/providers`)
          .set(bearer(owner))
          .send({ name, kind, baseUrl, model, apiKey: `sk-hist-${name}-0123456789` })
          .expect(201)
      ).body.id;
    }
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  const messages = async (id: string, who = owner): Promise<Msg[]> =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(who)).expect(200)).body;
  const task = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;

  /** Runs the script to the end: answers the question with the suggestion that carries a mode. */
  async function runTask(provider: string): Promise<string> {
    const id = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt: 'Read the README and decide', mode: 'code', providerId: provider })
        .expect(201)
    ).body.id as string;
    await waitFor(async () => (await task(id)).status === 'waiting_for_input', 20_000, 'the question');
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'Build it', mode: 'code' })
      .expect(200);
    await waitFor(async () => (await task(id)).status === 'completed', 20_000, 'completion');
    return id;
  }

  const imported = (body: unknown, who = owner, query = '') =>
    http(api)
      .post(`/api/v1/workspaces/${ws}/tasks/import${query}`)
      .set(bearer(who))
      .set('content-type', 'application/json')
      .send(JSON.stringify(body));

  let finished: string;

  it('records the model reasoning as reasoning messages (OpenAI reasoning_content and reasoning, Anthropic thinking) and never sends it back', async () => {
    const [openai, field, anthropic] = await Promise.all([
      runTask(providers.openai),
      runTask(providers.field),
      runTask(providers.anthropic),
    ]);
    finished = openai;
    for (const id of [openai, field, anthropic]) {
      const all = await messages(id);
      const at = all.findIndex((m) => m.say === 'reasoning');
      expect(at, `reasoning of ${id}`).toBeGreaterThan(0);
      expect(all[at].text).toBe(THOUGHT);
      // In the turn: after its api_req_started, before its text.
      expect(all[at - 1].say).toBe('api_req_started');
      expect(all[at + 1]).toMatchObject({ say: 'text', text: 'Reading the README.' });
      expect(all[at].meta.turn).toBe(all[at - 1].meta.turn);
    }
    const thinking = (await messages(anthropic)).find((m) => m.say === 'reasoning')!;
    expect(thinking.meta.reasoningSignature).toBe('fake-signature');
    // Reasoning is shown, not replayed: no request carries it.
    expect(fake.requests.length).toBeGreaterThanOrEqual(9);
    for (const r of fake.requests) expect(JSON.stringify(r.body)).not.toContain('THOUGHT-42');
  });

  it('exports a task as Markdown and as Roo ui_messages.json / api_conversation_history.json (viewers too; outsiders 404)', async () => {
    const md = await http(api)
      .get(`/api/v1/tasks/${finished}/export?format=markdown`)
      .set(bearer(viewer))
      .expect(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.headers['content-disposition']).toMatch(/^attachment; filename="roo_task_.*\.md"$/);
    expect(md.text).toContain('# Read the README and decide');
    expect(md.text).toContain('[Reasoning]\nTHOUGHT-42');
    expect(md.text).toContain('[Tool call: read_file]\npath: README.md');
    expect(md.text).toContain('[Tool result]\n');
    expect(md.text).toContain('<answer>\nBuild it\n</answer>');

    const ui = await http(api)
      .get(`/api/v1/tasks/${finished}/export?format=ui_messages`)
      .set(bearer(viewer))
      .expect(200);
    expect(ui.headers['content-disposition']).toBe('attachment; filename="ui_messages.json"');
    const uiMessages = JSON.parse(ui.text) as {
      type: string;
      ask?: string;
      say?: string;
      text: string;
      ts: number;
    }[];
    expect(uiMessages.every((m) => typeof m.ts === 'number' && (m.type === 'ask' || m.type === 'say'))).toBe(
      true,
    );
    expect(JSON.parse(uiMessages.find((m) => m.ask === 'followup')!.text)).toEqual({
      question: 'Plan or build?',
      suggest: [
        { answer: 'Build it', mode: 'code' },
        { answer: 'Plan it', mode: 'architect' },
      ],
    });
    expect(JSON.parse(uiMessages.find((m) => m.say === 'api_req_started')!.text)).toMatchObject({
      tokensIn: 1000,
      tokensOut: 200,
    });

    const apiHistory = JSON.parse(
      (
        await http(api)
          .get(`/api/v1/tasks/${finished}/export?format=api_conversation_history`)
          .set(bearer(owner))
          .expect(200)
      ).text,
    ) as { role: string; content: { type: string; name?: string; tool_use_id?: string }[] }[];
    expect(apiHistory[0]).toMatchObject({ role: 'user', content: [{ type: 'text' }] });
    const names = apiHistory.flatMap((m) =>
      m.content.filter((b) => b.type === 'tool_use').map((b) => b.name),
    );
    expect(names).toEqual(['read_file', 'ask_followup_question', 'attempt_completion']);
    expect(apiHistory.flatMap((m) => m.content).filter((b) => b.type === 'tool_result')).toHaveLength(3);

    await http(api).get(`/api/v1/tasks/${finished}/export?format=markdown`).set(bearer(outsider)).expect(404);
    await http(api).get(`/api/v1/tasks/${finished}/export?format=pdf`).set(bearer(owner)).expect(400);
  });

  it('round trip: export ours, import it, the same visible messages; the import is read-only and costs this workspace nothing', async () => {
    const uiMessages = JSON.parse(
      (
        await http(api)
          .get(`/api/v1/tasks/${finished}/export?format=ui_messages`)
          .set(bearer(owner))
          .expect(200)
      ).text,
    );
    const apiConversationHistory = JSON.parse(
      (
        await http(api)
          .get(`/api/v1/tasks/${finished}/export?format=api_conversation_history`)
          .set(bearer(owner))
          .expect(200)
      ).text,
    );
    const before = (await http(api).get(`/api/v1/workspaces/${ws}/budget`).set(bearer(owner)).expect(200))
      .body;
    const usageTasks = async () =>
      (
        (await http(api).get(`/api/v1/workspaces/${ws}/usage`).set(bearer(owner)).expect(200)).body as {
          tasks: number;
        }[]
      ).reduce((n, r) => n + r.tasks, 0);
    const tasksBefore = await usageTasks();
    const res = await imported({ uiMessages, apiConversationHistory }, owner, '?mode=architect').expect(201);
    const copy = res.body.task;
    expect(copy).toMatchObject({
      status: 'completed',
      mode: 'architect',
      cost: 0,
      providerId: null,
      parentId: null,
    });
    expect(copy.imported).toMatchObject({ source: 'roo', tokensIn: 3000, tokensOut: 600 });
    expect(copy.imported.cost).toBeCloseTo((await task(finished)).cost, 8);
    const original = await messages(finished);
    const again = await messages(copy.id);
    expect(again.map(visible)).toEqual(original.map(visible));
    expect(again.map((m) => m.ts)).toEqual(original.map((m) => m.ts));
    // Read-only: nothing continues it, for anyone.
    await http(api)
      .post(`/api/v1/tasks/${copy.id}/messages`)
      .set(bearer(owner))
      .send({ text: 'go on' })
      .expect(409);
    await http(api)
      .post(`/api/v1/tasks/${copy.id}/resume`)
      .set(bearer(owner))
      .send({ text: 'go on' })
      .expect(409);
    await http(api)
      .post(`/api/v1/tasks/${copy.id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'x' })
      .expect(409);
    await http(api)
      .put(`/api/v1/tasks/${copy.id}/todos`)
      .set(bearer(owner))
      .send({ todos: '[ ] a' })
      .expect(409);
    expect((await task(copy.id)).status).toBe('completed');
    const after = (await http(api).get(`/api/v1/workspaces/${ws}/budget`).set(bearer(owner)).expect(200))
      .body;
    expect(after.spentUsd).toBeCloseTo(before.spentUsd, 10);
    // Nor is it this workspace's usage.
    expect(tasksBefore).toBeGreaterThanOrEqual(3);
    expect(await usageTasks()).toBe(tasksBefore);
    // Its own export again: the same file.
    const reexport = JSON.parse(
      (
        await http(api)
          .get(`/api/v1/tasks/${copy.id}/export?format=ui_messages`)
          .set(bearer(owner))
          .expect(200)
      ).text,
    );
    expect(reexport.map((m: { text: string; say?: string }) => [m.say, m.text])).toEqual(
      uiMessages.map((m: { text: string; say?: string }) => [m.say, m.text]),
    );
    // Its owner (or an admin) can delete it like any task.
    await http(api).delete(`/api/v1/tasks/${copy.id}`).set(bearer(owner)).expect(204);
  });

  it('imports a realistic Roo Code task (ui_messages.json + api_conversation_history.json)', async () => {
    const res = await imported({
      uiMessages: fixture('roo-ui_messages.json'),
      apiConversationHistory: fixture('roo-api_conversation_history.json'),
    }).expect(201);
    expect(res.body.messages).toBe(21);
    expect(res.body.notes.join('\n')).toMatch(/tool result\(s\) paired/);
    const t = res.body.task;
    expect(t.title).toBe('Add a `sum` function to src/math.ts and a test for it.');
    expect(t.imported.cost).toBeCloseTo(0.05159, 8);
    const all = await messages(t.id, viewer);
    expect(all[0]).toMatchObject({ seq: 1, say: 'text', meta: { role: 'user' }, ts: 1764500000000 });
    const read = all.find((m) => m.ask === 'tool')!;
    expect((read.meta.toolResult as { content: string }).content).toContain('export const PI');
    expect(all.find((m) => m.ask === 'followup')!.meta.suggestions).toHaveLength(3);
    expect(all.some((m) => m.text.includes('\u202e') || m.text.includes('\u0000'))).toBe(false);
    // It is listed with the workspace's tasks.
    const list = (await http(api).get(`/api/v1/workspaces/${ws}/tasks`).set(bearer(viewer)).expect(200)).body;
    expect(list.items.some((x: { id: string }) => x.id === t.id)).toBe(true);
  });

  it('refuses bad uploads with clear 4xx and stores nothing', async () => {
    const count = async () =>
      (await http(api).get(`/api/v1/workspaces/${ws}/tasks?limit=100`).set(bearer(owner)).expect(200)).body
        .items.length;
    const n = await count();
    const ok = { uiMessages: [{ type: 'say', say: 'text', text: 'hi' }] };
    await imported(ok, viewer).expect(403);
    await imported(ok, outsider).expect(404);
    const notJson = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks/import`)
      .set(bearer(owner))
      .set('content-type', 'application/json')
      .send('{"uiMessages": [');
    expect(notJson.status).toBe(400);
    expect(notJson.body.message).toMatch(/not valid JSON/);
    await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks/import`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send('hello')
      .expect(415);
    const bad = await imported({
      uiMessages: [{ type: 'say', say: 'text', text: 'a' }, { type: 'tell' }],
    }).expect(400);
    expect(bad.body.message).toMatch(/^ui_messages\[1\]\.type/);
    await imported(ok, owner, '?mode=Not%20A%20Slug').expect(400);
    const huge = JSON.stringify({
      uiMessages: [{ type: 'say', say: 'text', text: 'x'.repeat(33 * 1024 * 1024) }],
    });
    const tooLarge = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks/import`)
      .set(bearer(owner))
      .set('content-type', 'application/json')
      .send(huge)
      .expect(413);
    expect(tooLarge.body.message).toMatch(/larger than 32 MiB/);
    expect(await count()).toBe(n);
  });
});
