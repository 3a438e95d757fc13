import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WorkcopyService } from '../workcopy/workcopy.service.js';
import { CheckpointsService } from './checkpoints.service.js';

describe('checkpoints (real API, bucket, working copy, shadow git)', () => {
  let api: TestApi;
  let owner: Session;
  let ws: string;
  const original: Record<string, Buffer> = {
    'data/blob.bin': randomBytes(200_000),
    'naïve/日本語 ファイル.txt': Buffer.from('こんにちは\r\n'),
    'keep.txt': Buffer.from('keep\n'),
  };

  const upload = (path: string, data: Buffer) =>
    http(api)
      .put(`/api/v1/workspaces/${ws}/files/content`)
      .query({ path })
      .set(bearer(owner))
      .set('Content-Type', 'application/octet-stream')
      .send(data)
      .expect((r) => expect([200, 201]).toContain(r.status));
  const download = async (path: string) =>
    (
      await http(api)
        .get(`/api/v1/workspaces/${ws}/files/content`)
        .query({ path })
        .set(bearer(owner))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
  const listing = async () =>
    (
      (
        await http(api)
          .get(`/api/v1/workspaces/${ws}/files`)
          .query({ recursive: true })
          .set(bearer(owner))
          .expect(200)
      ).body.items as { path: string }[]
    )
      .map((f) => f.path)
      .sort();

  beforeAll(async () => {
    api = await startApi();
    owner = await signUp(api);
    ws = await createWorkspace(api, owner);
    for (const [path, data] of Object.entries(original)) await upload(path, data);
  });
  afterAll(() => api?.close());

  it('records each change set, diffs it, and restores the workspace byte for byte (and one file), recorded in the task', async () => {
    const task = await api.app.get(TasksService).createTask({
      workspaceId: ws,
      createdBy: owner.id,
      parentId: null,
      mode: 'code',
      providerId: null,
      prompt: 'change things',
      autoApprove: {},
    });
    const copies = api.app.get(WorkcopyService);
    const checkpoints = api.app.get(CheckpointsService);

    // What the worker does: materialise, checkpoint the start, change, sync back, checkpoint.
    const copy = await copies.materialise(task);
    expect((await checkpoints.record(copy, 'step', 'start'))!.kind).toBe('initial');
    writeFileSync(join(copy.dir, 'data/blob.bin'), randomBytes(10));
    rmSync(join(copy.dir, 'naïve/日本語 ファイル.txt'));
    mkdirSync(join(copy.dir, 'new'));
    writeFileSync(join(copy.dir, 'new/file.txt'), 'new\n');
    const report = await copies.syncBack(copy);
    expect(report.conflicts).toEqual([]);
    expect((await checkpoints.record(copy, 'step', 'edit'))!.seq).toBe(2);
    expect(await checkpoints.record(copy, 'step', 'no change')).toBeNull();
    await copies.remove(copy);
    await checkpoints.release(task.id);

    const list = await http(api).get(`/api/v1/tasks/${task.id}/checkpoints`).set(bearer(owner)).expect(200);
    expect(list.body.map((c: { seq: number; kind: string }) => [c.seq, c.kind])).toEqual([
      [1, 'initial'],
      [2, 'step'],
    ]);
    const diff = await http(api)
      .get(`/api/v1/tasks/${task.id}/checkpoints/2/diff`)
      .set(bearer(owner))
      .expect(200);
    expect(diff.body.files).toEqual(
      expect.arrayContaining([
        { status: 'M', path: 'data/blob.bin' },
        { status: 'D', path: 'naïve/日本語 ファイル.txt' },
        { status: 'A', path: 'new/file.txt' },
      ]),
    );
    expect(diff.body.patch).toContain('+new');

    // A running task is not restored under the agent's feet.
    const db = api.app.get(DataSource);
    await db.query(`UPDATE tasks SET status = 'running' WHERE id = $1`, [task.id]);
    await http(api)
      .post(`/api/v1/tasks/${task.id}/checkpoints/1/restore`)
      .set(bearer(owner))
      .send({})
      .expect(409);
    await db.query(`UPDATE tasks SET status = 'completed' WHERE id = $1`, [task.id]);

    // One file first.
    const one = await http(api)
      .post(`/api/v1/tasks/${task.id}/checkpoints/1/restore`)
      .set(bearer(owner))
      .send({ path: 'data/blob.bin' })
      .expect(200);
    expect(one.body.files).toEqual([{ status: 'M', path: 'data/blob.bin' }]);
    expect((await download('data/blob.bin')).equals(original['data/blob.bin'])).toBe(true);
    expect(await listing()).toContain('new/file.txt');

    // Then the whole workspace: exactly the files and bytes of checkpoint 1.
    const all = await http(api)
      .post(`/api/v1/tasks/${task.id}/checkpoints/1/restore`)
      .set(bearer(owner))
      .send({})
      .expect(200);
    expect(all.body.conflicts).toEqual([]);
    expect(await listing()).toEqual(Object.keys(original).sort());
    for (const [path, data] of Object.entries(original))
      expect((await download(path)).equals(data), path).toBe(true);

    // Each restore is a checkpoint and a message of the task.
    const after = await http(api).get(`/api/v1/tasks/${task.id}/checkpoints`).set(bearer(owner)).expect(200);
    expect(after.body.filter((c: { kind: string }) => c.kind === 'restore')).toHaveLength(2);
    const messages = await http(api).get(`/api/v1/tasks/${task.id}/messages`).set(bearer(owner)).expect(200);
    const restores = (
      messages.body as {
        say?: string;
        meta: { checkpoint?: { kind: string; restoredFrom?: number; path?: string } };
      }[]
    )
      .filter((m) => m.say === 'checkpoint_saved' && m.meta.checkpoint?.kind === 'restore')
      .map((m) => ({ from: m.meta.checkpoint!.restoredFrom, path: m.meta.checkpoint!.path ?? null }));
    expect(restores).toEqual([
      { from: 1, path: 'data/blob.bin' },
      { from: 1, path: null },
    ]);

    // Hostile input: a path outside the workspace, an unknown checkpoint.
    await http(api)
      .post(`/api/v1/tasks/${task.id}/checkpoints/1/restore`)
      .set(bearer(owner))
      .send({ path: '../etc/passwd' })
      .expect(400);
    await http(api).get(`/api/v1/tasks/${task.id}/checkpoints/99/diff`).set(bearer(owner)).expect(404);
  });
});
