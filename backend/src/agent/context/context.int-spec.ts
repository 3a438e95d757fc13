import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../../test/clients.js';
import { FakeLlm, type FakeRequest, type FakeTurn } from '../../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../../test/harness.js';

interface Msg {
  seq: number;
  say?: string;
  text: string;
  meta: {
    contextCondense?: { prevContextTokens: number; newContextTokens: number; cost: number; summary: string };
    contextTruncation?: { messagesRemoved: number; keepFromSeq: number };
    context?: { tokens: number; window: number };
  };
}

const WINDOW = 32_000;
const STEPS = 200;
/** ~9 KB: a few reads fill the window. */
const BIG = Array.from(
  { length: 150 },
  (_, i) => `line ${i}: ${'lorem ipsum dolor sit amet '.repeat(2)}`,
).join('\n');

/** A condense request: no tools offered (everything is text). */
const isCondense = (r: FakeRequest) => !r.body.tools?.length;

/**
 * Reads a large file STEPS times, then completes; condense requests get a summary (or,
 * with `failCondense`, a 500). Counts by request, not by tool results: condensing resets those.
 */
function longTask(opts: { failCondense?: boolean; steps: number }) {
  let step = 0;
  return (r: FakeRequest): FakeTurn => {
    if (isCondense(r)) {
      if (opts.failCondense) return { status: 500, error: 'summariser down' };
      return {
        text: `Summary: read big.txt ${step} times so far; keep reading it.`,
        usage: { input: 900, output: 40 },
      };
    }
    step++;
    if (step <= opts.steps)
      return {
        text: `Reading (${step}).`,
        toolCalls: [{ name: 'read_file', input: { path: 'big.txt' } }],
        usage: { input: 50, output: 10 },
      };
    return { toolCalls: [{ name: 'attempt_completion', input: { result: `read it ${opts.steps} times` } }] };
  };
}

describe('context management (real API, worker, Postgres, Redis, S3, fake LLM with a 32k window)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let owner: Session;
  let ws: string;
  const fakes: FakeLlm[] = [];

  beforeAll(async () => {
    api = await startApi({
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '5000',
      TASK_MAX_STEPS: '400',
      TASK_MAX_TOKENS: '100000000',
    });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'ctx' }).expect(201))
      .body.id;
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=big.txt`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send(BIG)
      .expect(200);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    for (const f of fakes) await f.close();
  });

  async function run(fake: FakeLlm, prompt: string, timeoutMs: number) {
    await fake.start();
    fakes.push(fake);
    const provider = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: `p-${Math.random()}`,
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'fake-model',
          apiKey: 'sk-test-ctx-0123456789',
          limits: { contextWindow: WINDOW, inputPricePerMTok: 1, outputPricePerMTok: 2 },
        })
        .expect(201)
    ).body.id as string;
    const id = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode: 'code', providerId: provider })
        .expect(201)
    ).body.id as string;
    const task = await waitFor(
      async () => {
        const t = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;
        return ['completed', 'failed', 'cancelled'].includes(t.status) && t;
      },
      timeoutMs,
      'task end',
    );
    const messages = (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200))
      .body as Msg[];
    return { task, messages };
  }

  it(`a ${STEPS}-step task of large reads finishes and the model never receives more than the window`, async () => {
    const fake = new FakeLlm(longTask({ steps: STEPS }), { maxContext: WINDOW });
    const { task, messages } = await run(fake, 'Read big.txt again and again.', 170_000);
    expect(task.status, task.error).toBe('completed');
    expect(task.steps).toBe(STEPS + 1);
    // The window held on every request, and no request was ever refused.
    expect(fake.contextRejections).toBe(0);
    expect(fake.maxRequestTokens).toBeLessThanOrEqual(WINDOW);
    expect(fake.maxRequestTokens).toBeGreaterThan(WINDOW / 2);
    // Without context management the last request would hold all 200 reads (~500k tokens).
    const condensed = messages.filter((m) => m.say === 'condense_context');
    expect(condensed.length).toBeGreaterThan(5);
    for (const c of condensed) {
      const cc = c.meta.contextCondense!;
      expect(cc.newContextTokens).toBeLessThan(cc.prevContextTokens);
      expect(cc.prevContextTokens).toBeGreaterThanOrEqual(Math.floor(WINDOW * 0.7));
      expect(cc.cost).toBeCloseTo((900 * 1 + 40 * 2) / 1e6, 9);
      expect(cc.summary).toMatch(/^Summary: read big.txt/);
    }
    // The task's cost includes the summaries'.
    expect(task.tokensIn).toBeGreaterThanOrEqual(STEPS * 50 + condensed.length * 900);
    // The first request after a condense carries the summary, not the old turns.
    const after = fake.requests.find((r, i) => i > 0 && isCondense(fake.requests[i - 1]))!;
    const firstUser = after.body.messages!.find((m: { role: string }) => m.role === 'user');
    expect(String(firstUser.content)).toMatch(/Summary: read big.txt[\s\S]*/);
    expect(String(firstUser.content)).toContain('Read big.txt again and again.');
    // Every turn says what it sent and into which window.
    const turns = messages.filter((m) => m.say === 'api_req_started');
    expect(Math.max(...turns.map((m) => m.meta.context!.tokens))).toBeLessThanOrEqual(WINDOW);
  }, 180_000);

  it('when condensing fails, the oldest turns are dropped (first request kept) and the task still finishes inside the window', async () => {
    const fake = new FakeLlm(longTask({ steps: 40, failCondense: true }), { maxContext: WINDOW });
    const { task, messages } = await run(fake, 'Keep reading big.txt.', 60_000);
    expect(task.status, task.error).toBe('completed');
    expect(fake.contextRejections).toBe(0);
    expect(fake.maxRequestTokens).toBeLessThanOrEqual(WINDOW);
    expect(messages.filter((m) => m.say === 'condense_context')).toHaveLength(0);
    const errors = messages.filter((m) => m.say === 'condense_context_error');
    const cuts = messages.filter((m) => m.say === 'sliding_window_truncation');
    expect(errors.length).toBeGreaterThan(0);
    expect(cuts.length).toBe(errors.length);
    expect(errors[0].text).toMatch(/summariser down|500/);
    expect(cuts[0].meta.contextTruncation!.messagesRemoved).toBeGreaterThan(0);
    // Later requests still start with the task's own request.
    const last = fake.requests.at(-1)!;
    const firstUser = last.body.messages!.find((m: { role: string }) => m.role === 'user');
    expect(String(firstUser.content)).toMatch(/^Keep reading big.txt/);
    expect(last.body.messages!.length).toBeLessThan(40);
  }, 90_000);

  it('a provider that refuses a request as too long (it counts more tokens than we estimate) gets a shorter one', async () => {
    // The fake's window is smaller than the profile says: the estimate fits, the provider refuses.
    const fake = new FakeLlm(longTask({ steps: 12, failCondense: true }), {
      maxContext: Math.floor(WINDOW * 0.5),
    });
    const { task, messages } = await run(fake, 'Read a lot.', 60_000);
    expect(task.status, task.error).toBe('completed');
    expect(fake.contextRejections).toBeGreaterThan(0);
    expect(messages.some((m) => m.say === 'sliding_window_truncation')).toBe(true);
  }, 90_000);
});
