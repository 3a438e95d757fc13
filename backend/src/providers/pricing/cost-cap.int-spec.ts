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

  it("stops a workspace's tasks at its monthly budget until an admin raises it; usage per user and model", async () => {
    const other = await signUp(api);
    const budgetWs = (
      await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'budget' }).expect(201)
    ).body.id as string;
    // A member cannot raise the budget (admins only); bad values are 400.
    await http(api)
      .post(`/api/v1/workspaces/${budgetWs}/members`)
      .set(bearer(owner))
      .send({ email: other.email, role: 'member' })
      .expect(202);
    const invitation = (
      (await http(api).get('/api/v1/invitations').set(bearer(other)).expect(200)).body as { id: string }[]
    )[0];
    await http(api).post(`/api/v1/invitations/${invitation.id}/accept`).set(bearer(other)).expect(200);
    await http(api)
      .put(`/api/v1/workspaces/${budgetWs}/budget`)
      .set(bearer(owner))
      .send({ monthlyLimitUsd: -1 })
      .expect(400);
    const set = await http(api)
      .put(`/api/v1/workspaces/${budgetWs}/budget`)
      .set(bearer(owner))
      .send({ monthlyLimitUsd: 0.2 })
      .expect(200);
    expect(set.body).toMatchObject({ monthlyLimitUsd: 0.2, spentUsd: 0, exhausted: false });
    await http(api)
      .put(`/api/v1/workspaces/${budgetWs}/budget`)
      .set(bearer(other))
      .send({ monthlyLimitUsd: 99 })
      .expect(403);

    const profile = (
      await http(api)
        .post(`/api/v1/workspaces/${budgetWs}/providers`)
        .set(bearer(owner))
        .send({
          name: 'gpt',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'gpt-4.1',
          apiKey: 'sk-test-budget-0123456789',
        })
        .expect(201)
    ).body as { id: string };
    const start = async () =>
      (
        await http(api)
          .post(`/api/v1/workspaces/${budgetWs}/tasks`)
          .set(bearer(owner))
          .send({ prompt: 'Spend', mode: 'code', providerId: profile.id })
          .expect(201)
      ).body.id as string;
    const failed = (id: string) =>
      waitFor(
        async () => {
          const t = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;
          return t.status === 'failed' && t;
        },
        20_000,
        'the budget stop',
      );
    const before = fake.requests.length;
    // $0.158 per turn: the second turn passes the $0.20 budget, the third never happens.
    const first = await failed(await start());
    expect(fake.requests.length - before).toBe(2);
    expect(first.error).toMatch(
      /^monthly budget reached: this workspace has used \$0\.32 of its \$0\.20 budget for \d{4}-\d{2}/,
    );
    expect(first.error).toMatch(/A workspace admin can raise the budget/);
    // A new task is stopped before its first model call.
    const second = await failed(await start());
    expect(second.tokensIn).toBe(0);
    expect(fake.requests.length - before).toBe(2);
    const budget = (
      await http(api).get(`/api/v1/workspaces/${budgetWs}/budget`).set(bearer(other)).expect(200)
    ).body;
    expect(budget).toMatchObject({ monthlyLimitUsd: 0.2, exhausted: true });
    expect(budget.spentUsd).toBeCloseTo(0.316, 9);

    const usage = (await http(api).get(`/api/v1/workspaces/${budgetWs}/usage`).set(bearer(other)).expect(200))
      .body;
    expect(usage).toEqual([
      expect.objectContaining({
        userId: owner.id,
        model: 'gpt-4.1',
        tasks: 2,
        tokensIn: 100_000,
        cacheReads: 200_000,
      }),
    ]);
    expect(usage[0].costUsd).toBeCloseTo(0.316, 9);
    await http(api).get(`/api/v1/workspaces/${budgetWs}/usage?month=2026-13`).set(bearer(owner)).expect(400);

    // Raised by an admin: tasks run again.
    await http(api)
      .put(`/api/v1/workspaces/${budgetWs}/budget`)
      .set(bearer(owner))
      .send({ monthlyLimitUsd: 10 })
      .expect(200);
    const third = await start();
    await waitFor(async () => fake.requests.length - before > 2, 20_000, 'a model call after the raise');
    await http(api).post(`/api/v1/tasks/${third}/cancel`).set(bearer(owner));
  });
});
