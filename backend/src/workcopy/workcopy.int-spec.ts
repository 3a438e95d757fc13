import { randomUUID } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { StorageService } from '../storage/storage.service.js';
import { WorkcopyService, type WorkCopy } from './workcopy.service.js';

describe('working copy per task (real Postgres and S3)', () => {
  let api: TestApi;
  let owner: Session;
  let ws: string;
  let svc: WorkcopyService;
  let root: string;

  const put = (path: string, body: string) =>
    http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send(body)
      .expect(200);
  const get = async (path: string) => {
    const r = await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
      .set(bearer(owner))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    return r.status === 200 ? (r.body as Buffer).toString('utf8') : null;
  };
  const task = () => ({ id: randomUUID(), workspaceId: ws, createdBy: owner.id });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'roo-wc-test-'));
    api = await startApi({ WORKCOPY_DIR: root });
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'wc' }).expect(201)).body
      .id;
    await put('README.md', '# hello\n');
    await put('src/a.ts', 'export const a = 1;\n');
    svc = new WorkcopyService(api.config, api.app.get(StorageService), api.app.get(DataSource));
  });
  afterAll(async () => {
    await api?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('materialises the files, syncs back only what changed, and removes the copy', async () => {
    const copy = await svc.materialise(task());
    expect(await readFile(join(copy.dir, 'src/a.ts'), 'utf8')).toBe('export const a = 1;\n');
    await writeFile(join(copy.dir, 'src/a.ts'), 'export const a = 2;\n');
    await mkdir(join(copy.dir, 'new'), { recursive: true });
    await writeFile(join(copy.dir, 'new/b.txt'), 'b');
    await unlink(join(copy.dir, 'README.md'));
    const r = await svc.syncBack(copy);
    expect(r.conflicts).toEqual([]);
    expect(r.uploaded.sort()).toEqual(['new/b.txt', 'src/a.ts']);
    expect(r.deleted).toEqual(['README.md']);
    expect(await get('src/a.ts')).toBe('export const a = 2;\n');
    expect(await get('new/b.txt')).toBe('b');
    expect(await get('README.md')).toBeNull();
    // Nothing changed since: a second sync writes nothing.
    expect(await svc.syncBack(copy)).toEqual({ uploaded: [], deleted: [], conflicts: [], skipped: [] });
    await svc.remove(copy);
    await expect(lstat(copy.dir)).rejects.toThrow();
    await put('README.md', '# hello\n');
  });

  it('a concurrent change is a conflict, never a silent overwrite; the copy takes the current version', async () => {
    const t1 = await svc.materialise(task());
    const t2 = await svc.materialise(task());
    await writeFile(join(t1.dir, 'README.md'), 'task 1\n');
    await writeFile(join(t2.dir, 'README.md'), 'task 2\n');
    expect((await svc.syncBack(t1)).uploaded).toEqual(['README.md']);
    const r2 = await svc.syncBack(t2);
    expect(r2.uploaded).toEqual([]);
    expect(r2.conflicts).toEqual([{ path: 'README.md', ours: 'modified', theirs: 'modified' }]);
    expect(await get('README.md')).toBe('task 1\n');
    expect(await readFile(join(t2.dir, 'README.md'), 'utf8')).toBe('task 1\n');
    // A user's upload meanwhile counts the same way; a deletion over it too.
    await put('README.md', 'by the user\n');
    await unlink(join(t1.dir, 'README.md'));
    const r1 = await svc.syncBack(t1);
    expect(r1.conflicts).toEqual([{ path: 'README.md', ours: 'deleted', theirs: 'modified' }]);
    expect(await get('README.md')).toBe('by the user\n');
    // Both adding the same new file: the second one conflicts.
    await writeFile(join(t1.dir, 'same.txt'), 'one');
    await writeFile(join(t2.dir, 'same.txt'), 'two');
    await svc.syncBack(t1);
    expect((await svc.syncBack(t2)).conflicts).toEqual([
      { path: 'same.txt', ours: 'added', theirs: 'added' },
    ]);
    expect(await get('same.txt')).toBe('one');
    // Identical content written by both is no conflict.
    await writeFile(join(t1.dir, 'src/a.ts'), 'same\n');
    await writeFile(join(t2.dir, 'src/a.ts'), 'same\n');
    await svc.syncBack(t1);
    expect((await svc.syncBack(t2)).conflicts).toEqual([]);
    await svc.remove(t1);
    await svc.remove(t2);
  });

  it('never follows or syncs symlinks, fifos or links through folders', async () => {
    const copy = await svc.materialise(task());
    await symlink('/', join(copy.dir, 'root-link'));
    await symlink('/etc', join(copy.dir, 'etc-dir'));
    await symlink('/etc/hostname', join(copy.dir, 'host.txt'));
    const r = await svc.syncBack(copy);
    expect(r.uploaded).toEqual([]);
    expect(r.skipped.map((s) => s.path).sort()).toEqual(['etc-dir', 'host.txt', 'root-link']);
    expect(await get('host.txt')).toBeNull();
    // The tools' file access refuses them too.
    await expect(svc.read(copy, 'host.txt')).rejects.toThrow(/link/);
    await expect(svc.read(copy, 'etc-dir/hostname')).rejects.toThrow(/not a folder/);
    await expect(svc.write(copy, 'etc-dir/evil', Buffer.from('x'))).rejects.toThrow(/not a folder/);
    await expect(svc.write(copy, 'host.txt', Buffer.from('x'))).rejects.toThrow(/not a regular file/);
    const listing = await svc.scan(copy);
    expect(listing.files.map((f) => f.path)).not.toContain('host.txt');
    await svc.remove(copy);
  });

  it('the crash sweep removes the copies of dead workers and keeps live ones', async () => {
    const dead = join(svc.root, `w-${(await import('node:os')).hostname()}-999999999`);
    const live = join(svc.root, `w-${(await import('node:os')).hostname()}-1`);
    await mkdir(join(dead, 'some-task'), { recursive: true });
    await mkdir(join(live, 'other-task'), { recursive: true });
    const copy: WorkCopy = await svc.materialise(task());
    await svc.sweep();
    const left = await readdir(svc.root);
    expect(left).not.toContain(`w-${(await import('node:os')).hostname()}-999999999`);
    expect(left).toContain(`w-${(await import('node:os')).hostname()}-1`);
    // Its own folder (an earlier life of this pid) goes too: nothing of it can be running at start.
    await expect(lstat(copy.dir)).rejects.toThrow();
    await rm(live, { recursive: true, force: true });
  });
});
