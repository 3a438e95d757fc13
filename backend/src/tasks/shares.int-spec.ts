import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { Membership } from '../workspaces/entities.js';
import type { Role } from '../workspaces/entities.js';
import { TasksService } from './tasks.service.js';

const HOUR = 3600_000;

/** Share links: list, revoke, revoked with their creator, capped lifetime, never in logs; audit. */
describe('task share links', () => {
  let api: TestApi;
  let db: DataSource;
  let owner: Session;
  let member: Session;
  let other: Session;
  let viewer: Session;
  let stranger: Session;
  let ws: string;

  const join = (s: Session, role: Role) =>
    db.getRepository(Membership).insert({ workspaceId: ws, userId: s.id, role });
  const newTask = async (by: Session, prompt = 'share me') =>
    (
      await api.app.get(TasksService).createTask({
        workspaceId: ws,
        createdBy: by.id,
        parentId: null,
        mode: 'code',
        providerId: null,
        prompt,
        autoApprove: {},
      })
    ).id;
  const share = (s: Session, task: string, body: Record<string, unknown> = {}) =>
    http(api).post(`/api/v1/tasks/${task}/share`).set(bearer(s)).send(body);
  const audit = async (action: string) =>
    (await db.query(`SELECT actor_id, target, ip, meta FROM audit_logs WHERE action = $1 ORDER BY at`, [
      action,
    ])) as { actor_id: string | null; target: string; ip: string | null; meta: Record<string, unknown> }[];

  beforeAll(async () => {
    api = await startApi({ SHARE_MAX_TTL_DAYS: '2' });
    db = api.app.get(DataSource);
    [owner, member, other, viewer, stranger] = await Promise.all(
      Array.from({ length: 5 }, () => signUp(api)),
    );
    ws = await createWorkspace(api, owner, 'shares');
    await join(member, 'member');
    await join(other, 'member');
    await join(viewer, 'viewer');
  });
  afterAll(() => api.close());

  it('lists a task’s and a workspace’s live links with creator and expiry, never the token', async () => {
    const task = await newTask(member, 'listed task');
    const created = (await share(member, task, { expiresInHours: 5 }).expect(201)).body;
    expect(created.token).toMatch(/^rs_/);
    await http(api).get(`/api/v1/shared/${created.token}`).expect(200);

    const list = (await http(api).get(`/api/v1/tasks/${task}/shares`).set(bearer(member)).expect(200)).body;
    expect(list).toEqual([
      expect.objectContaining({
        id: created.id,
        taskId: task,
        taskTitle: 'listed task',
        createdBy: member.id,
        createdByName: expect.any(String),
        expiresAt: created.expiresAt,
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(created.token);
    const all = (await http(api).get(`/api/v1/workspaces/${ws}/shares`).set(bearer(owner)).expect(200)).body;
    expect(all.map((s: { id: string }) => s.id)).toContain(created.id);
    // Viewers cannot make links, so they do not see them; outsiders learn nothing.
    await http(api).get(`/api/v1/tasks/${task}/shares`).set(bearer(viewer)).expect(403);
    await http(api).get(`/api/v1/workspaces/${ws}/shares`).set(bearer(stranger)).expect(404);

    const [entry] = (await audit('share.created')).filter((a) => a.meta.shareId === created.id);
    expect(entry).toMatchObject({ actor_id: member.id, target: `${ws}/${task}` });
    expect(JSON.stringify(entry)).not.toContain(created.token);
  });

  it('revokes a link: its creator or an admin may, another member may not', async () => {
    const task = await newTask(member);
    const a = (await share(member, task).expect(201)).body;
    const b = (await share(member, task).expect(201)).body;
    await http(api).delete(`/api/v1/shares/${a.id}`).set(bearer(other)).expect(403);
    await http(api).delete(`/api/v1/shares/${a.id}`).set(bearer(viewer)).expect(403);
    await http(api).delete(`/api/v1/shares/${a.id}`).set(bearer(stranger)).expect(404);
    await http(api).get(`/api/v1/shared/${a.token}`).expect(200);

    await http(api).delete(`/api/v1/shares/${a.id}`).set(bearer(member)).expect(204);
    await http(api).get(`/api/v1/shared/${a.token}`).expect(404);
    await http(api).delete(`/api/v1/shares/${b.id}`).set(bearer(owner)).expect(204);
    await http(api).get(`/api/v1/shared/${b.token}`).expect(404);
    await http(api).delete(`/api/v1/shares/${b.id}`).set(bearer(owner)).expect(404);
    expect(
      (await http(api).get(`/api/v1/tasks/${task}/shares`).set(bearer(member)).expect(200)).body,
    ).toEqual([]);

    const revoked = (await audit('share.revoked')).filter((r) =>
      [a.id, b.id].includes(r.meta.shareId as string),
    );
    expect(revoked.map((r) => r.actor_id)).toEqual([member.id, owner.id]);
  });

  it('revokes every link of a member who leaves the workspace, and only theirs', async () => {
    const leaver = await signUp(api);
    await join(leaver, 'member');
    const task = await newTask(owner);
    const mine = [(await share(leaver, task).expect(201)).body, (await share(leaver, task).expect(201)).body];
    const kept = (await share(owner, task).expect(201)).body;
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${leaver.id}`).set(bearer(owner)).expect(204);
    for (const s of mine) await http(api).get(`/api/v1/shared/${s.token}`).expect(404);
    await http(api).get(`/api/v1/shared/${kept.token}`).expect(200);
    const ids = (await http(api).get(`/api/v1/tasks/${task}/shares`).set(bearer(owner)).expect(200)).body.map(
      (s: { id: string }) => s.id,
    );
    expect(ids).toEqual([kept.id]);
    const [entry] = (await audit('share.revoked')).filter((r) => r.meta.createdBy === leaver.id);
    expect(entry?.meta).toMatchObject({ reason: 'creator left the workspace' });
    expect((entry?.meta.shareIds as string[]).sort()).toEqual(mine.map((s) => s.id).sort());
  });

  it('caps the lifetime at SHARE_MAX_TTL_DAYS, also for links made before it was lowered', async () => {
    const task = await newTask(member);
    const tooLong = await share(member, task, { expiresInHours: 49 }).expect(400);
    expect(tooLong.body.message).toMatch(/at most 48 .*SHARE_MAX_TTL_DAYS/);
    // The default (72 h) is cut to the maximum.
    const capped = (await share(member, task).expect(201)).body;
    const life = new Date(capped.expiresAt).getTime() - Date.now();
    expect(life).toBeGreaterThan(47.9 * HOUR);
    expect(life).toBeLessThanOrEqual(48 * HOUR);

    // A link made 3 days ago for 90 days (as the old 90-day maximum allowed) is dead now.
    const old = (await share(member, task).expect(201)).body;
    await db.query(
      `UPDATE task_shares SET created_at = now() - interval '3 days', expires_at = now() + interval '87 days' WHERE id = $1`,
      [old.id],
    );
    await http(api).get(`/api/v1/shared/${old.token}`).expect(404);
    const ids = (
      await http(api).get(`/api/v1/tasks/${task}/shares`).set(bearer(member)).expect(200)
    ).body.map((s: { id: string }) => s.id);
    expect(ids).toEqual([capped.id]);
  });

  it('keeps share tokens out of the API access log', async () => {
    const task = await newTask(member);
    const { token } = (await share(member, task).expect(201)).body;
    await http(api).get(`/api/v1/shared/${token}`).expect(200);
    await http(api).get(`/api/v1/shared/${token}x`).expect(404);
    await new Promise((r) => setTimeout(r, 50));
    const logs = api.logs.join('');
    expect(logs).toContain('/api/v1/shared/[redacted]');
    expect(logs).not.toContain(token);
  });

  it('records task deletion in the audit log', async () => {
    const task = await newTask(member, 'to be deleted');
    await http(api).delete(`/api/v1/tasks/${task}`).set(bearer(member)).expect(204);
    const [entry] = (await audit('task.deleted')).filter((a) => a.target === `${ws}/${task}`);
    expect(entry).toMatchObject({
      actor_id: member.id,
      meta: { title: 'to be deleted', createdBy: member.id },
    });
    expect(entry?.ip).toBeTruthy();
  });
});
