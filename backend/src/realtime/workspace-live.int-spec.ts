import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskJournal } from '../tasks/task-journal.service.js';
import type { Ack, WorkspaceRevokedEvent, WorkspaceTaskEvent } from './events.js';
import {
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  signUp,
  type Session,
} from '../../test/clients.js';
import { connect, startApiReplica } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

/**
 * Live task lists: a socket subscribed to a workspace gets every task created there and
 * every status change, whichever API replica made it (two real replicas share Postgres and
 * Redis), and loses the subscription the moment its user leaves the workspace.
 */
describe('realtime: workspace task lists (2 API replicas)', () => {
  let api: TestApi;
  let replica: Awaited<ReturnType<typeof startApiReplica>>;
  let owner: Session;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    replica = await startApiReplica(api.config);
    owner = await signUp(api);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await replica?.app.close();
    await api?.close();
  });

  const open = async (token: string, url = replica.url) => {
    const s = await connect(url, token);
    sockets.push(s);
    return s;
  };
  const emit = (s: Socket, event: string, body: unknown) =>
    s.timeout(3_000).emitWithAck(event, body) as Promise<Ack>;
  /** Every `workspace:task` the socket receives, in order. */
  const collect = (s: Socket) => {
    const got: WorkspaceTaskEvent[] = [];
    s.on('workspace:task', (e: WorkspaceTaskEvent) => got.push(e));
    return got;
  };
  const until = async <T>(check: () => T | undefined, ms = 2_000, what = 'event'): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > end) throw new Error(`no ${what} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const join = (ws: string, s: Session, role: 'viewer' | 'member') =>
    api.app
      .get(DataSource)
      .query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)`, [ws, s.id, role]);
  const createTask = async (ws: string, provider: string, prompt: string) =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode: 'ask', providerId: provider })
        .expect(201)
    ).body as { id: string; createdAt: string };

  it('a task created over REST on replica A appears on a socket of replica B, then follows its status', async () => {
    const ws = await createWorkspace(api, owner, 'live');
    const other = await createWorkspace(api, owner, 'elsewhere');
    const provider = await createFakeProvider(api, owner, ws, 'http://127.0.0.1:9');
    const otherProvider = await createFakeProvider(api, owner, other, 'http://127.0.0.1:9');
    const viewer = await signUp(api);
    await join(ws, viewer, 'viewer');
    const phone = await open(viewer.token);
    const got = collect(phone);
    expect(await emit(phone, 'workspace:subscribe', { workspaceId: ws })).toEqual({ ok: true });
    // Not a member of the other workspace: refused like REST (404), and nothing from it arrives.
    expect(await emit(phone, 'workspace:subscribe', { workspaceId: other })).toEqual({
      ok: false,
      error: 'workspace not found',
      statusCode: 404,
    });
    expect(await emit(phone, 'workspace:subscribe', { workspaceId: 'nope' })).toMatchObject({
      ok: false,
      statusCode: 400,
    });

    await createTask(other, otherProvider, 'not for the viewer');
    const t0 = Date.now();
    const task = await createTask(ws, provider, 'Write the release notes\nwith every detail');
    const created = await until(() => got.find((e) => e.task.id === task.id), 2_000, 'created task');
    const latency = Date.now() - t0;
    expect(created).toEqual({
      workspaceId: ws,
      task: {
        id: task.id,
        workspaceId: ws,
        parentId: null,
        title: 'Write the release notes',
        status: 'queued',
        mode: 'ask',
        createdBy: owner.id,
        createdAt: task.createdAt,
        updatedAt: expect.any(String) as string,
        cost: 0,
        waiting: false,
      },
    });
    // The list row only: no prompt, messages or result travel to the workspace's room.
    expect(JSON.stringify(created)).not.toContain('every detail');
    expect(latency).toBeLessThan(1_000);

    // Status changes made by the worker's journal reach the list too (waiting flag included)…
    const journal = api.app.get(TaskJournal);
    await journal.setStatus(task.id, 'running');
    await journal.setStatus(task.id, 'waiting_for_input');
    const waiting = await until(() => got.find((e) => e.task.status === 'waiting_for_input'));
    expect(waiting.task).toMatchObject({ id: task.id, waiting: true });
    // …and so does the end (cancelled over REST on replica A).
    await http(api).post(`/api/v1/tasks/${task.id}/cancel`).set(bearer(owner)).expect(200);
    const ended = await until(() => got.find((e) => e.task.status === 'cancelled'));
    expect(ended.task).toMatchObject({ id: task.id, waiting: false });
    expect(got.map((e) => e.task.status)).toEqual(['queued', 'running', 'waiting_for_input', 'cancelled']);
    expect(got.every((e) => e.workspaceId === ws)).toBe(true);

    // Unsubscribed: nothing more arrives.
    expect(await emit(phone, 'workspace:unsubscribe', { workspaceId: ws })).toEqual({ ok: true });
    await createTask(ws, provider, 'after unsubscribe');
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toHaveLength(4);
  });

  it("a removed member's workspace subscription ends at once on another replica", async () => {
    const ws = await createWorkspace(api, owner, 'leaving');
    const provider = await createFakeProvider(api, owner, ws, 'http://127.0.0.1:9');
    const member = await signUp(api);
    await join(ws, member, 'member');
    const theirs = await open(member.token);
    const mine = await open(owner.token, api.url);
    const gotTheirs = collect(theirs);
    const gotMine = collect(mine);
    expect(await emit(theirs, 'workspace:subscribe', { workspaceId: ws })).toEqual({ ok: true });
    expect(await emit(mine, 'workspace:subscribe', { workspaceId: ws })).toEqual({ ok: true });
    await createTask(ws, provider, 'before');
    await until(() => gotTheirs[0], 2_000, 'first task');

    const revoked = new Promise<WorkspaceRevokedEvent>((resolve) =>
      theirs.once('workspace:revoked', resolve),
    );
    const t0 = Date.now();
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${member.id}`).set(bearer(owner)).expect(204);
    expect(await revoked).toEqual({ workspaceId: ws, statusCode: 404, error: 'workspace not found' });
    expect(Date.now() - t0).toBeLessThan(1_000);

    const after = await createTask(ws, provider, 'after');
    await until(() => gotMine.find((e) => e.task.id === after.id), 2_000, 'owner event');
    await new Promise((r) => setTimeout(r, 200));
    expect(gotTheirs.map((e) => e.task.title)).toEqual(['before']);
    // Subscribing again is refused, like REST.
    expect(await emit(theirs, 'workspace:subscribe', { workspaceId: ws })).toMatchObject({
      ok: false,
      statusCode: 404,
    });
    expect((await http(api).get(`/api/v1/workspaces/${ws}/tasks`).set(bearer(member))).status).toBe(404);
  });
});
