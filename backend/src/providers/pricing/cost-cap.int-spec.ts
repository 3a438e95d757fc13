import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../../test/clients.js';
import { FakeLlm } from '../../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../../test/harness.js';

/**
 * Costs end to end: built-in list prices (gpt-4.1: $2 in, $8 out, $0.50 cached per MTok),
 * cached tokens billed as cache reads, and a task stopped by its profile's cost cap.
 */
describe('task cost and the per-task cost cap (real API, worker, Postgres, Redis, S3, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;

  beforeAll(async () => {
    // Every turn lists the files (no approval needed) and reports a large, partly cached prompt.
    fake = new FakeLlm(() => ({
      toolCalls: [{ name: 'list_files', input: { path: '' } }],
      usage: { input: 50_000, cacheRead: 100_000, output: 1_000 },
    }));
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000', LOG_LEVEL: 'silent' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'costs' }).expect(201))
      .body.id;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  it('bills each turn at the list price and stops the task with a clear message at its cap', async () => {
    const profile = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'gpt',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'gpt-4.1-2025-04-14',
          apiKey: 'sk-test-cost-0123456789',
          limits: { maxTaskCostUsd: 0.3 },
        })
        .expect(201)
    ).body as { id: string; limits: { maxTaskCostUsd: number } };
    expect(profile.limits.maxTaskCostUsd).toBe(0.3);
    const created = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: 'Look around forever', mode: 'code', providerId: profile.id })
      .expect(201);
    const id: string = created.body.id;
    const task = await waitFor(
      async () => {
        const t = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;
        return t.status === 'failed' && t;
      },
      20_000,
      'the cost cap',
    );
    // Per turn: 50,000 × $2 + 100,000 cached × $0.50 + 1,000 × $8 (per million) = 0.10 + 0.05 + 0.008 = $0.158.
    // Two turns ($0.316) pass the $0.30 cap, so the third model call never happens.
    expect(fake.requests).toHaveLength(2);
    expect(task).toMatchObject({ tokensIn: 100_000, cacheReads: 200_000, tokensOut: 2_000 });
    expect(task.cost).toBeCloseTo(0.316, 9);
    expect(task.error).toMatch(/^cost cap reached: this task has used \$0\.3160 of its \$0\.30 limit/);
    const messages = (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200))
      .body as { say?: string; text?: string }[];
    expect(messages.at(-1)).toMatchObject({ say: 'error', text: expect.stringMatching(/cost cap reached/) });
  });
});
