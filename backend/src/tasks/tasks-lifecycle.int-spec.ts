import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  type Session,
  signUp,
} from '../../test/clients.js';
import { FakeLlm } from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { TasksRepository } from './tasks.repository.js';

interface Turn {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown> }[];
  status?: number;
}

/**
 * The task lifecycle beyond the happy path: provider connection test, resume, share links,
 * delete, custom modes and the tools a mode may not call, switch_mode and new_task.
 */
describe('task lifecycle', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let viewer: Session;
  let stranger: Session;
  let ws: string;
  let providerId: string;
  /** Turns the fake answers with, per task prompt marker. */
  const scripts = new Map<string, Turn[]>();

  beforeAll(async () => {
    // Each task's prompt carries a marker; the fake plays that marker's turns in order.
    fake = new FakeLlm((request: { body: { messages?: { content?: unknown }[] } }) => {
      const all = JSON.stringify(request.body.messages ?? []);
      const marker = /\[script:([a-z-]+)\]/.exec(all)?.[1] ?? 'none';
      const turns = scripts.get(marker) ?? [];
      return (
        turns.shift() ?? {
          text: 'done',
          toolCalls: [{ name: 'attempt_completion', input: { result: 'ok' } }],
        }
      );
    });
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000' });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    viewer = await signUp(api);
    stranger = await signUp(api);
    ws = await createWorkspace(api, owner, 'life');
    await addMember(api, owner, ws, viewer, 'viewer');
    providerId = await createFakeProvider(api, owner, ws, fake.url, 'sk-life-0000');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
  });

  const start = async (
    marker: string,
    turns: Turn[],
    mode = 'code',
    autoApprove: Record<string, boolean> = { read: true, write: true },
  ) => {
    scripts.set(marker, turns);
    const res = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt: `[script:${marker}] go`, mode, providerId, autoApprove })
      .expect(201);
    return res.body.id as string;
  };
  const settled = (id: string, status = 'completed') =>
    waitFor(
      async () => {
        const t = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner))).body;
        return t.status === status && t;
      },
      15_000,
      `task ${id} ${status}`,
    );
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as {
      seq: number;
      type: string;
      say?: string;
      ask?: string;
      text: string;
    }[];

  it('tests a provider connection: ok against the fake, a clear error against a dead endpoint', async () => {
    const ok = await http(api)
      .post(`/api/v1/workspaces/${ws}/providers/${providerId}/test`)
      .set(bearer(owner))
      .expect(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.latencyMs).toBeGreaterThanOrEqual(0);
    const dead = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'dead',
          kind: 'openai',
          baseUrl: 'http://127.0.0.1:9/v1',
          model: 'm',
          apiKey: 'sk-dead-0000',
        })
        .expect(201)
    ).body.id;
    const bad = await http(api)
      .post(`/api/v1/workspaces/${ws}/providers/${dead}/test`)
      .set(bearer(owner))
      .expect(200);
    expect(bad.body.ok).toBe(false);
    expect(bad.body.error).toEqual(expect.any(String));
    await http(api)
      .post(`/api/v1/workspaces/${ws}/providers/${providerId}/test`)
      .set(bearer(stranger))
      .expect(404);
  });

  it('resumes a completed task with a new message, which the model then sees', async () => {
    const id = await start('resume', [
      { text: 'first', toolCalls: [{ name: 'attempt_completion', input: { result: 'one' } }] },
    ]);
    await settled(id);
    const firstRun = (await api.app.get(TasksRepository).find(id))!;
    expect(firstRun.startedAt).toBeInstanceOf(Date);
    expect(firstRun.startedAt!.getTime()).toBeLessThanOrEqual(firstRun.completedAt!.getTime());
    scripts.set('resume', [
      { text: 'second', toolCalls: [{ name: 'attempt_completion', input: { result: 'two' } }] },
    ]);
    await http(api)
      .post(`/api/v1/tasks/${id}/resume`)
      .set(bearer(viewer))
      .send({ text: 'and now?' })
      .expect(403);
    await http(api)
      .post(`/api/v1/tasks/${id}/resume`)
      .set(bearer(owner))
      .send({ text: 'and now?' })
      .expect(200);
    await waitFor(
      async () => (await messages(id)).filter((m) => m.say === 'completion_result').length === 2,
      15_000,
      'second completion',
    );
    expect(JSON.stringify(fake.requests.at(-1)?.body)).toContain('and now?');
    // Running again keeps the first start time.
    const secondRun = (await api.app.get(TasksRepository).find(id))!;
    expect(secondRun.startedAt?.getTime()).toBe(firstRun.startedAt!.getTime());
  });

  it('lists tasks newest first, page by page, filtered by status', async () => {
    const pageWs = await createWorkspace(api, owner, 'pages');
    const pageProvider = await createFakeProvider(api, owner, pageWs, fake.url, 'sk-page-0000');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await http(api)
        .post(`/api/v1/workspaces/${pageWs}/tasks`)
        .set(bearer(owner))
        .send({ prompt: `page ${i}`, mode: 'ask', providerId: pageProvider })
        .expect(201);
      ids.unshift(res.body.id as string);
    }
    for (const id of ids) await settled(id);
    await http(api).get(`/api/v1/workspaces/${pageWs}/tasks`).set(bearer(stranger)).expect(404);
    const read = async (query: string) =>
      (await http(api).get(`/api/v1/workspaces/${pageWs}/tasks?${query}`).set(bearer(owner)).expect(200))
        .body as { items: { id: string; status: string }[]; nextCursor: string | null };
    const first = await read('limit=2');
    expect(first.items.map((t) => t.id)).toEqual(ids.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await read(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((t) => t.id)).toEqual(ids.slice(2));
    expect(second.nextCursor).toBeNull();
    expect((await read('status=completed')).items.map((t) => t.id)).toEqual(ids);
    expect((await read('status=running,failed')).items).toEqual([]);
    await http(api).get(`/api/v1/workspaces/${pageWs}/tasks?status=bogus`).set(bearer(owner)).expect(400);
  });

  it('shares a read-only view that expires and never reaches another task', async () => {
    const id = await start('share', []);
    await settled(id);
    const share = await http(api)
      .post(`/api/v1/tasks/${id}/share`)
      .set(bearer(owner))
      .send({ expiresInHours: 1 })
      .expect(201);
    const view = await http(api).get(`/api/v1/shared/${share.body.token}`).expect(200);
    expect(view.body.task.id).toBe(id);
    for (const hidden of ['workspaceId', 'providerId', 'createdBy', 'autoApprove'])
      expect(view.body.task).not.toHaveProperty(hidden);
    expect(view.body.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(view.body)).not.toContain('sk-life');
    await http(api).get('/api/v1/shared/not-a-real-token').expect(404);
    // Expire it in the database: the same token then answers 404.
    const { getDataSourceToken } = await import('@nestjs/typeorm');
    await api.app
      .get(getDataSourceToken())
      .query(`UPDATE task_shares SET expires_at = now() - interval '1 second'`);
    await http(api).get(`/api/v1/shared/${share.body.token}`).expect(404);
  });

  it('deletes a task (not for viewers), after which it is gone', async () => {
    const id = await start('delete', []);
    await settled(id);
    await http(api).delete(`/api/v1/tasks/${id}`).set(bearer(viewer)).expect(403);
    await http(api).delete(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(204);
    await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(404);
  });

  it('custom modes: create, update, delete; a tool outside the mode is refused and reported to the model', async () => {
    await http(api)
      .post(`/api/v1/workspaces/${ws}/modes`)
      .set(bearer(owner))
      .send({ slug: 'reader', name: 'Reader', roleDefinition: 'You only read.', groups: ['read'] })
      .expect(201);
    await http(api)
      .post(`/api/v1/workspaces/${ws}/modes`)
      .set(bearer(viewer))
      .send({ slug: 'x', name: 'X', roleDefinition: 'x', groups: [] })
      .expect(403);
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/modes/reader`)
      .set(bearer(owner))
      .send({ name: 'Careful reader' })
      .expect(200);
    const modes = await http(api).get(`/api/v1/workspaces/${ws}/modes`).set(bearer(viewer)).expect(200);
    expect(modes.body.find((m: { slug: string }) => m.slug === 'reader').name).toBe('Careful reader');

    const id = await start(
      'refuse',
      [{ text: 'writing', toolCalls: [{ name: 'write_to_file', input: { path: 'x.txt', content: 'no' } }] }],
      'reader',
    );
    await settled(id);
    // The model was not offered write_to_file, and its call came back as an error it could read.
    const firstRequest = fake.requests.find((r) => JSON.stringify(r.body).includes('[script:refuse]'))!;
    const offered = ((firstRequest.body as { tools?: { function: { name: string } }[] }).tools ?? []).map(
      (t) => t.function.name,
    );
    expect(offered).toContain('read_file');
    expect(offered).not.toContain('write_to_file');
    const followUp = fake.requests.filter((r) => JSON.stringify(r.body).includes('[script:refuse]'))[1];
    expect(JSON.stringify(followUp.body)).toMatch(/not (allowed|available)|refused/i);
    await http(api).get(`/api/v1/workspaces/${ws}/files/content?path=x.txt`).set(bearer(owner)).expect(404);

    await http(api).delete(`/api/v1/workspaces/${ws}/modes/reader`).set(bearer(owner)).expect(204);
    await http(api)
      .delete(`/api/v1/workspaces/${ws}/modes/code`)
      .set(bearer(owner))
      .expect((r) => expect(r.status).toBe(409));
  });

  it('switch_mode changes the task mode; new_task creates a child task', async () => {
    // ask → code widens the rights: allowed here by the task's auto-approve (see agent-hardening for the ask).
    const id = await start(
      'switch',
      [
        {
          text: 'switching',
          toolCalls: [{ name: 'switch_mode', input: { mode_slug: 'ask', reason: 'questions only' } }],
        },
        {
          text: 'delegating',
          toolCalls: [
            { name: 'new_task', input: { mode: 'code', message: '[script:child] do the child part' } },
          ],
        },
      ],
      'code',
      { read: true, write: true, modeSwitch: true },
    );
    await settled(id);
    const task = (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body;
    expect(task.mode).toBe('ask');
    const list = await http(api)
      .get(`/api/v1/workspaces/${ws}/tasks?limit=100`)
      .set(bearer(owner))
      .expect(200);
    const child = list.body.items.find((t: { parentId: string | null }) => t.parentId === id);
    expect(child).toBeTruthy();
    expect(child.mode).toBe('code');
  });
});
