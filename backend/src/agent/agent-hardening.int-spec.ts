import { Writable } from 'node:stream';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import {
  FakeLlm,
  lastToolResult,
  toolResultsIn,
  type FakeRequest,
  type FakeTurn,
} from '../../test/fake-llm/server.mjs';
import { FAST_AGENT, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { WorkerModule } from '../roles/worker.module.js';
import { AgentModule } from './agent.module.js';

/**
 * The model as an attacker (issue 13: findings 3, 6, 7, 13, 14): real API, worker (in this
 * process, logs captured), Postgres, Redis, S3, and a scripted fake LLM per scenario.
 */

// Google-style key: the old `sk-`/`key-`/`token-` redaction missed this shape.
const AIZA_KEY = 'AIzaSyB-7f3Qx9Lk2mNpRsTuVwXyZ0123456789';
const TOKEN_BUDGET = 200_000;

interface Msg {
  seq: number;
  type: string;
  ask?: string;
  say?: string;
  text: string;
  meta: Record<string, unknown> & {
    toolResult?: { id: string; content: string; isError: boolean };
    toolCalls?: { id: string; name: string; input: Record<string, unknown> }[];
    droppedToolCalls?: { id: string; name: string }[];
    usage?: { tokensIn: number; tokensOut: number; estimated?: boolean };
  };
}
interface TaskView {
  id: string;
  status: string;
  error: string | null;
  mode: string;
  parentId: string | null;
  steps: number;
  tokensIn: number;
  tokensOut: number;
  autoApprove: Record<string, boolean>;
}

/** The prompt of the task a request belongs to (its first user message). */
function promptOf(body: FakeRequest['body']): string {
  for (const m of body.messages ?? []) {
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    const text = (m.content as { type: string; text?: string }[]).find((b) => b.type === 'text');
    if (text?.text) return text.text;
  }
  return '';
}

const done = (result = 'done'): FakeTurn => ({
  toolCalls: [{ name: 'attempt_completion', input: { result } }],
});
const BIG = 5 * 1024 * 1024;

function script(request: FakeRequest): FakeTurn {
  const prompt = promptOf(request.body);
  const step = toolResultsIn(request.body);
  const last = lastToolResult(request.body);
  const scenario = prompt.split(':')[0];
  switch (scenario) {
    case 'redos':
      if (step > 0) return done();
      return {
        toolCalls: [
          { name: 'search_files', input: { path: '', regex: '^(a+)+$' } },
          { name: 'search_files', input: { path: '', regex: 'x', file_pattern: `${'*a'.repeat(25)}*b` } },
          { name: 'search_files', input: { path: '', regex: 'foo(?=bar)' } },
        ],
      };
    case 'nul':
      if (step > 0) return done();
      return {
        toolCalls: [
          { name: 'read_file', input: { path: 'README\u0000.md' } },
          { name: 'update_todo_list', input: { todos: '[ ] a\u0000b' } },
          { name: 'write_to_file', input: { path: 'ok.md', content: 'fine\u0000' } },
          { name: 'read_file', input: { path: 'README.md' } },
        ],
        text: 'nul \u0000 in text',
      };
    case 'flood':
      if (step > 0) return done();
      return {
        toolCalls: Array.from({ length: 1000 }, (_, i) => ({
          name: 'read_file',
          input: { path: 'README.md' },
          id: `flood_${i}`,
        })),
      };
    case 'zero-usage':
      // A provider that never reports usage, with a long answer each turn.
      return {
        text: 'z'.repeat(100_000),
        toolCalls: [{ name: 'update_todo_list', input: { todos: `[ ] step ${step}` } }],
        usage: { input: 0, output: 0 },
      };
    case 'bigwrite':
      if (step > 0) return done();
      return { toolCalls: [{ name: 'write_to_file', input: { path: 'big.txt', content: 'b'.repeat(BIG) } }] };
    case 'names':
      if (step > 0) return done();
      return {
        toolCalls: [
          { name: 'write_to_file', input: { path: '\u202Etxt.exe', content: 'x' } },
          { name: 'write_to_file', input: { path: ' ', content: 'x' } },
          { name: 'write_to_file', input: { path: 'docs/ /a.md', content: 'x' } },
        ],
      };
    case 'redact-error':
      return { status: 400, error: 'API key not valid: {key} (sent as key={keyurl}, header {key64})' };
    case 'redact-text':
      if (step > 0) return done(`finished with {key}`);
      return {
        text: 'Your key is {key} and encoded {key64}',
        toolCalls: [{ name: 'update_todo_list', input: { todos: '[ ] use {key}' } }],
      };
    case 'escape':
      // Architect (edits limited to Markdown) tries to become code and write TypeScript.
      if (step === 0)
        return { toolCalls: [{ name: 'switch_mode', input: { mode_slug: 'code', reason: 'implement' } }] };
      if (step === 1)
        return {
          toolCalls: [{ name: 'write_to_file', input: { path: 'src/x.ts', content: 'export {};\n' } }],
        };
      return done();
    case 'spawn':
      if (step === 0)
        return { toolCalls: [{ name: 'new_task', input: { mode: 'code', message: 'leaf: write code' } }] };
      return done();
    case 'flood-subtasks':
      if (step > 0) return done();
      return {
        toolCalls: Array.from({ length: 50 }, () => ({
          name: 'new_task',
          input: { mode: 'ask', message: 'leaf: x' },
        })),
      };
    case 'many':
      if (step < 12) return { toolCalls: [{ name: 'new_task', input: { mode: 'ask', message: 'leaf: x' } }] };
      return done();
    case 'nest':
      // Each level starts one deeper; the deepest (refused) hangs in a running stream, the others wait.
      if (step === 0)
        return { toolCalls: [{ name: 'new_task', input: { mode: 'code', message: 'nest: deeper' } }] };
      if (last.includes('at most')) return { text: 'still working', hang: true };
      return { toolCalls: [{ name: 'ask_followup_question', input: { question: 'wait here?' } }] };
    case 'leaf':
      return done('leaf done');
    default:
      return { text: 'OK' };
  }
}

describe('hostile model (issue 13)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const workerLogs: string[] = [];
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;
  let providerId: string;
  let keyProviderId: string;

  beforeAll(async () => {
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '15000',
      TASK_MAX_TOKENS: String(TOKEN_BUDGET),
      PROVIDER_EGRESS_ALLOW: '127.0.0.1/32',
    });
    const logStream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        workerLogs.push(chunk.toString());
        cb();
      },
    });
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ ...api.config, ROLE: 'worker' }, { logStream }, [
        AgentModule.forRoot(FAST_AGENT),
      ]),
      { bufferLogs: true },
    );
    worker.useLogger(worker.get(Logger));
    await worker.init();
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'hostile' }).expect(201))
      .body.id;
    await put('README.md', `# Project\n${'a'.repeat(30)}!\n`);
    // A 100-character path for the pathological glob.
    await put(`${'a'.repeat(96)}.txt`, 'x\n');
    const provider = async (name: string, apiKey: string) =>
      (
        await http(api)
          .post(`/api/v1/workspaces/${ws}/providers`)
          .set(bearer(owner))
          .send({ name, kind: 'openai', baseUrl: `${fake.url}/v1`, model: 'fake', apiKey })
          .expect((r) => {
            if (r.status !== 201) throw new Error(JSON.stringify(r.body));
          })
      ).body.id as string;
    providerId = await provider('plain', 'sk-test-0123456789abcdef0123');
    keyProviderId = await provider('google-shaped', AIZA_KEY);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  async function put(path: string, body: string) {
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send(body)
      .expect(200);
  }
  const start = async (prompt: string, mode: string, extra: Record<string, unknown> = {}) => {
    const r = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt, mode, providerId, ...extra });
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id as string;
  };
  const get = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body as TaskView;
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as Msg[];
  const until = (id: string, statuses: string[], ms = 20_000) =>
    waitFor(
      async () => {
        const t = await get(id);
        return statuses.includes(t.status) && t;
      },
      ms,
      `task ${id} ${statuses.join('|')}`,
    );
  const results = (ms: Msg[]) => ms.filter((m) => m.meta.toolResult).map((m) => m.meta.toolResult!);
  const fileStatus = async (path: string) =>
    (
      await http(api)
        .get(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
        .set(bearer(owner))
    ).status;
  const children = async (parentId: string) => {
    const all = (
      await http(api).get(`/api/v1/workspaces/${ws}/tasks?limit=100`).set(bearer(owner)).expect(200)
    ).body.items as TaskView[];
    return all.filter((t) => t.parentId === parentId);
  };

  it('finding 3: a catastrophic regex or glob from the model neither blocks the worker nor hangs the task', async () => {
    // The worker runs in this process: a blocked event loop shows as a long gap between ticks.
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 20);
    try {
      const id = await start('redos: search', 'ask');
      await until(id, ['completed', 'failed'], 20_000);
      const r = results(await messages(id));
      expect(r.slice(0, 3).map((x) => x.isError)).toEqual([false, false, true]);
      expect(r[0].content).toBe('No matches.');
      expect(r[1].content).toBe('No matches.');
      expect(r[2].content).toMatch(/lookaround/);
      expect((await get(id)).status).toBe('completed');
    } finally {
      clearInterval(timer);
    }
    // Backtracking took ~58 s (regex) and ~29 s (glob) here; a generous bound proves it is gone.
    expect(maxGap).toBeLessThan(1_000);
  }, 40_000);

  it('finding 14: NUL in tool arguments or text is a tool error, the task goes on', async () => {
    const id = await start('nul: go', 'code', { autoApprove: { write: true } });
    const t = await until(id, ['completed', 'failed']);
    expect(t).toMatchObject({ status: 'completed', error: null });
    const ms = await messages(id);
    const r = results(ms);
    expect(r.slice(0, 3).every((x) => x.isError && /NUL/.test(x.content))).toBe(true);
    expect(r[3]).toMatchObject({ isError: false });
    expect(await fileStatus('ok.md')).toBe(404);
    expect(ms.find((m) => m.say === 'text' && m.meta.role === 'assistant')?.text).toBe('nul \ufffd in text');
    expect(JSON.stringify(ms)).not.toContain('\\u0000');
  });

  it('finding 14: 1,000 tool calls in one turn — only the first 25 run, each of the rest gets an error result', async () => {
    const id = await start('flood: go', 'ask');
    await until(id, ['completed', 'failed']);
    const ms = await messages(id);
    const started = ms.find((m) => m.say === 'api_req_started')!;
    expect(started.meta.toolCalls).toHaveLength(25);
    expect(started.meta.droppedToolCalls).toHaveLength(975);
    expect(results(ms).filter((r) => r.id.startsWith('flood_'))).toHaveLength(25);
    // The model saw an answer to every call it made.
    const second = fake.requests.find((r) => promptOf(r.body) === 'flood: go' && toolResultsIn(r.body) > 0)!;
    expect(toolResultsIn(second.body)).toBe(1000);
    expect(JSON.stringify(second.body)).toContain('only the first 25 tool calls of a turn run');
    expect(ms.length).toBeLessThan(40);
  });

  it('finding 14: a provider reporting 0 usage still runs into the token budget (estimated)', async () => {
    const id = await start('zero-usage: go', 'ask');
    const t = await until(id, ['failed', 'completed'], 30_000);
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/token budget/);
    expect(t.steps).toBeLessThan(10);
    expect(t.tokensIn + t.tokensOut).toBeGreaterThanOrEqual(TOKEN_BUDGET);
    const usage = (await messages(id)).find((m) => m.say === 'api_req_started')!.meta.usage!;
    expect(usage.estimated).toBe(true);
    expect(usage.tokensOut).toBeGreaterThanOrEqual(25_000);
  }, 40_000);

  it('finding 14: a 5 MB write is stored once (the call), the displays keep size, sha256 and a preview', async () => {
    const id = await start('bigwrite: go', 'code');
    await until(id, ['waiting_for_input']);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(200);
    await until(id, ['completed']);
    const ms = await messages(id);
    const total = JSON.stringify(ms).length;
    expect(total).toBeGreaterThan(BIG);
    expect(total).toBeLessThan(BIG + 100_000);
    const ask = JSON.parse(ms.find((m) => m.type === 'ask')!.text) as Record<string, unknown>;
    expect(ask).toMatchObject({ tool: 'newFileCreated', path: 'big.txt', truncated: true, size: BIG });
    expect(ask.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await fileStatus('big.txt')).toBe(200);
  }, 40_000);

  it('finding 14: names with bidi controls or blank segments are refused, by the tools and by REST', async () => {
    const id = await start('names: go', 'code', { autoApprove: { write: true } });
    await until(id, ['completed', 'failed']);
    const r = results(await messages(id));
    expect(r.slice(0, 3).map((x) => x.isError)).toEqual([true, true, true]);
    expect(r[0].content).toMatch(/bidirectional/);
    expect(r[1].content).toMatch(/blank/);
    for (const name of ['\u202Etxt.exe', ' ', 'docs/ /a.md', 'a\u2066b.md'])
      await http(api)
        .put(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(name)}`)
        .set(bearer(owner))
        .set('content-type', 'text/plain')
        .send('x')
        .expect(400);
  });

  it("finding 13: an upstream error or answer echoing the profile's key leaves it nowhere (error, messages, share, logs)", async () => {
    const encodings = [AIZA_KEY, encodeURIComponent(AIZA_KEY), Buffer.from(AIZA_KEY).toString('base64')];
    const check = (what: string, text: string) => {
      for (const e of encodings) expect(text, what).not.toContain(e);
      expect(text, what).not.toContain(AIZA_KEY.slice(6, 20));
    };
    const failed = await start('redact-error: go', 'ask', { providerId: keyProviderId });
    const t = await until(failed, ['failed']);
    expect(t.error).toMatch(/answered 400/);
    const echoed = await start('redact-text: go', 'ask', { providerId: keyProviderId });
    await until(echoed, ['completed']);
    // The fake LLM really did send the key back.
    expect(fake.requests.some((r) => r.headers.authorization === `Bearer ${AIZA_KEY}`)).toBe(true);
    for (const id of [failed, echoed]) {
      check('task', JSON.stringify(await get(id)));
      const ms = await messages(id);
      expect(ms.length).toBeGreaterThan(1);
      check('messages', JSON.stringify(ms));
      const share = await http(api).post(`/api/v1/tasks/${id}/share`).set(bearer(owner)).send({}).expect(201);
      check(
        'share',
        JSON.stringify((await http(api).get(`/api/v1/shared/${share.body.token}`).expect(200)).body),
      );
    }
    // nestjs-pino's root logger is per process: with API and worker in this one, the
    // worker's lines may land in either capture; both are checked.
    const logs = [...workerLogs, ...api.logs].join('\n');
    expect(logs).toContain(`task ${failed} failed: provider`);
    check('logs', logs);
  });

  it('finding 7: architect (Markdown only) cannot switch to code and write src/x.ts without approval', async () => {
    const id = await start('escape: go', 'architect', { autoApprove: { write: true } });
    await until(id, ['waiting_for_input', 'completed', 'failed']);
    const ask = (await messages(id)).at(-1)!;
    expect(ask).toMatchObject({ type: 'ask', ask: 'tool' });
    expect(JSON.parse(ask.text)).toMatchObject({ tool: 'switchMode', mode: 'code' });
    expect((await get(id)).mode).toBe('architect');
    expect(await fileStatus('src/x.ts')).toBe(404);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'deny' })
      .expect(200);
    await until(id, ['completed', 'failed']);
    const r = results(await messages(id));
    expect(r[0]).toMatchObject({ isError: true, content: expect.stringMatching(/denied/) });
    expect(r[1]).toMatchObject({ isError: true, content: expect.stringMatching(/Markdown/) });
    expect(await fileStatus('src/x.ts')).toBe(404);
    expect((await get(id)).mode).toBe('architect');

    // Explicitly allowed by the task's auto-approve: the switch happens without asking.
    const allowed = await start('escape: go', 'architect', {
      autoApprove: { write: true, modeSwitch: true },
    });
    await until(allowed, ['completed', 'failed']);
    expect((await get(allowed)).mode).toBe('code');
    expect(await fileStatus('src/x.ts')).toBe(200);
  }, 40_000);

  it('finding 7: an ask-mode task needs approval to spawn a code child, which gets no wider auto-approve', async () => {
    const id = await start('spawn: go', 'ask', { autoApprove: { write: true } });
    await until(id, ['waiting_for_input', 'completed', 'failed']);
    const ask = (await messages(id)).at(-1)!;
    expect(JSON.parse(ask.text)).toMatchObject({ tool: 'newTask', mode: 'code' });
    expect(await children(id)).toHaveLength(0);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(200);
    await until(id, ['completed']);
    const [child] = await children(id);
    expect(child).toMatchObject({ mode: 'code' });
    expect(child.autoApprove).toMatchObject({ write: false, modeSwitch: false });
  });

  it('finding 6: 50 new_task calls in one turn start one subtask; a task starts at most 10', async () => {
    const id = await start('flood-subtasks: go', 'code');
    await until(id, ['completed', 'failed']);
    expect(await children(id)).toHaveLength(1);
    const r = results(await messages(id));
    // 25 of the 50 calls run at all (the per-turn tool-call cap); of those only the first new_task.
    expect(r.filter((x) => x.isError && /per turn/.test(x.content))).toHaveLength(24);

    const many = await start('many: go', 'code');
    await until(many, ['completed', 'failed'], 40_000);
    expect(await children(many)).toHaveLength(10);
    expect(
      results(await messages(many)).filter((x) => /started its 10 subtasks/.test(x.content)),
    ).toHaveLength(2);
  }, 60_000);

  it('finding 6: subtasks nest at most 3 deep, and cancelling the root cancels the whole subtree', async () => {
    const root = await start('nest: go', 'code');
    const chain = [root];
    for (let depth = 1; depth <= 3; depth++) {
      const parent = chain[depth - 1];
      const child = await waitFor(async () => (await children(parent))[0], 20_000, `level ${depth}`);
      chain.push(child.id);
    }
    // The deepest was refused a fourth level and is now streaming; the others wait for their subtask.
    await waitFor(
      async () => (await get(chain[3])).status === 'running' && (await messages(chain[3])).length > 2,
    );
    for (const id of chain.slice(0, 3)) {
      const t = await until(id, ['waiting_for_subtask', 'failed', 'completed']).catch(async (e) => {
        console.log(JSON.stringify(await get(id)), JSON.stringify(await messages(id)).slice(0, 3000));
        throw e;
      });
      if (t.status !== 'waiting_for_subtask')
        console.log(JSON.stringify(t), JSON.stringify(await messages(id)).slice(0, 3000));
      expect(t.status).toBe('waiting_for_subtask');
    }
    expect(results(await messages(chain[3]))[0].content).toMatch(/at most 3 levels/);
    expect(await children(chain[3])).toHaveLength(0);

    await http(api).post(`/api/v1/tasks/${root}/cancel`).set(bearer(owner)).expect(200);
    for (const id of chain) await until(id, ['cancelled'], 5_000);
  }, 60_000);
});
