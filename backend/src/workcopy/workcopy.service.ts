import { AsyncLocalStorage } from 'node:async_hooks';
import { constants } from 'node:fs';
import { chmod, chown, lstat, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { contentTypeFor } from '../files/file-path.js';
import { sandboxUid } from '../sandbox/sandbox-uid.js';
import { StorageService } from '../storage/storage.service.js';
import { workspacePrefix } from '../workspaces/workspaces.service.js';
import { hashFile, makeParents, openRegular, UnsafePathError, walk, type LocalFile } from './copy-fs.js';

/** What the copy knows of one path. */
export interface Entry {
  /** sha256 of the bucket's version this copy is based on; null = not in the bucket. */
  base: string | null;
  /** sha256 of the local file when last hashed, and the stat it had then. */
  sha: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface WorkCopy {
  taskId: string;
  workspaceId: string;
  /** Who the synced changes are attributed to (the task's creator). */
  userId: string | null;
  /** Host folder of the files (bound at /workspace in the sandbox). */
  dir: string;
  /** Owner of the files and of the task's commands when the worker is root. */
  uid: number | null;
  manifest: Map<string, Entry>;
  /** Called after a sync-back that uploaded or deleted files (the worker records a checkpoint). */
  afterSync?: (report: SyncReport) => Promise<void>;
}

export interface SyncConflict {
  path: string;
  /** What this task did to the file and what someone else did meanwhile. */
  ours: 'added' | 'modified' | 'deleted';
  theirs: 'added' | 'modified' | 'deleted';
}

export interface SyncReport {
  uploaded: string[];
  deleted: string[];
  conflicts: SyncConflict[];
  skipped: { path: string; reason: string }[];
}

const CONCURRENCY = 8;

/** Runs `fn` over items with at most `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const pidAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export function conflictText(conflicts: SyncConflict[]): string {
  return conflicts
    .map(
      (c) =>
        `Conflict on ${c.path}: this task ${c.ours} it, but it was ${c.theirs} by someone else since the task read it. ` +
        `The task's version was not saved; the working copy now has the current version. Read it again and redo the change if it is still needed.`,
    )
    .join('\n');
}

/**
 * A task's working copy: the workspace's files materialised from the bucket into a folder
 * of their own, changes written back by sha256 difference, each checked against the
 * version the task started from so a concurrent change is a reported conflict, never a
 * silent overwrite (docs/tasks.md).
 */
@Injectable()
export class WorkcopyService {
  private readonly logger = new Logger('Workcopy');
  /** The copy (and cancel signal) of the task this async call chain runs for; the agent's tools read it. */
  readonly current = new AsyncLocalStorage<{ copy: WorkCopy; signal?: AbortSignal }>();
  readonly root: string;
  /** This process's own folder: a crash sweep can tell whose copies are orphans. */
  readonly mine: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: StorageService,
    private readonly db: DataSource,
  ) {
    this.root = config.WORKCOPY_DIR || join(tmpdir(), 'roo-workcopies');
    this.mine = join(this.root, `w-${hostname()}-${process.pid}`);
  }

  /** Removes the copies of dead worker processes of this host (and of an earlier life of this pid). */
  async sweep(): Promise<number> {
    const prefix = `w-${hostname()}-`;
    let removed = 0;
    for (const name of await readdir(this.root).catch(() => [] as string[])) {
      if (!name.startsWith(prefix)) continue;
      const pid = Number(name.slice(prefix.length));
      if (!Number.isInteger(pid) || (pid !== process.pid && pidAlive(pid))) continue;
      await rm(join(this.root, name), { recursive: true, force: true });
      removed++;
    }
    if (removed) this.logger.log(`removed ${removed} orphaned working-copy folder(s)`);
    return removed;
  }

  async materialise(task: { id: string; workspaceId: string; createdBy: string | null }): Promise<WorkCopy> {
    // Sandbox uids may pass through these folders but not list them.
    for (const d of [this.root, this.mine]) {
      await mkdir(d, { recursive: true, mode: 0o711 });
      await chmod(d, 0o711);
    }
    const dir = join(this.mine, task.id);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { mode: 0o700 });
    const uid = sandboxUid(task.id, this.config.SANDBOX_UID_BASE, this.config.SANDBOX_UID_COUNT);
    if (uid !== null) await chown(dir, uid, uid);
    const copy: WorkCopy = {
      taskId: task.id,
      workspaceId: task.workspaceId,
      userId: task.createdBy,
      dir,
      uid,
      manifest: new Map(),
    };
    const rows: { path: string }[] = await this.db.query(
      'SELECT path FROM files WHERE workspace_id = $1 ORDER BY path',
      [task.workspaceId],
    );
    await pool(rows, CONCURRENCY, async ({ path }) => {
      await this.download(copy, path);
    });
    return copy;
  }

  /** Fetches the bucket's version of `path` into the copy and records it as the base. */
  private async download(copy: WorkCopy, path: string): Promise<void> {
    await makeParents(copy.dir, path, copy.uid);
    const target = join(copy.dir, path);
    await rm(target, { force: true, recursive: true });
    const fh = await open(
      target,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o644,
    );
    const hash = createHash('sha256');
    try {
      const body = await this.storage.get(`${workspacePrefix(copy.workspaceId)}${path}`);
      await pipeline(
        body,
        async function* (src: AsyncIterable<Buffer>) {
          for await (const chunk of src) {
            hash.update(chunk);
            yield chunk;
          }
        },
        fh.createWriteStream(),
      );
    } finally {
      await fh.close().catch(() => undefined);
    }
    if (copy.uid !== null) await chown(target, copy.uid, copy.uid);
    const st = await lstat(target);
    // The bytes' own hash is the base: an upload racing this read updates its metadata to it.
    const sha = hash.digest('hex');
    copy.manifest.set(path, {
      base: sha,
      sha,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ctimeMs: st.ctimeMs,
      ino: st.ino,
    });
  }

  /** The local file's sha256, hashing only when its stat changed since the last time. */
  private async localSha(copy: WorkCopy, f: LocalFile): Promise<string> {
    const e = copy.manifest.get(f.path);
    if (e && e.size === f.size && e.mtimeMs === f.mtimeMs && e.ctimeMs === f.ctimeMs && e.ino === f.ino)
      return e.sha;
    const sha = await hashFile(copy.dir, f.path);
    copy.manifest.set(f.path, { base: e?.base ?? null, sha, ...pickStat(f) });
    return sha;
  }

  /** Every regular file of the copy with its sha256 (for listings), plus what is not synced. */
  async scan(copy: WorkCopy, prefix = '') {
    const w = await walk(copy.dir, prefix);
    const files: { path: string; size: number; sha256: string }[] = [];
    for (const f of w.files) files.push({ path: f.path, size: f.size, sha256: await this.localSha(copy, f) });
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files, skipped: w.skipped };
  }

  /**
   * Writes what changed in the copy back to the bucket and the file metadata: added and
   * modified files are uploaded, deleted ones removed, each only if the bucket still has
   * the version the copy is based on. `only` limits it to some paths (a file tool's write).
   */
  async syncBack(copy: WorkCopy, only?: string[]): Promise<SyncReport> {
    const report: SyncReport = { uploaded: [], deleted: [], conflicts: [], skipped: [] };
    const local = new Map<string, LocalFile>();
    if (only) {
      for (const path of only) {
        const st = await lstat(join(copy.dir, path)).catch(() => null);
        if (st?.isFile())
          local.set(path, { path, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
        else if (st) report.skipped.push({ path, reason: `${path} is not a regular file; not synced` });
      }
    } else {
      const w = await walk(copy.dir);
      for (const f of w.files) local.set(f.path, f);
      report.skipped.push(...w.skipped);
    }
    const paths = only ?? [...new Set([...local.keys(), ...copy.manifest.keys()])];
    // Files are independent (one lock each): several at a time, as materialise does.
    await pool(paths, CONCURRENCY, async (path) => {
      const f = local.get(path);
      const e = copy.manifest.get(path);
      if (f && f.size > this.config.UPLOAD_MAX_BYTES) {
        report.skipped.push({
          path,
          reason: `${path} is larger than ${this.config.UPLOAD_MAX_BYTES} bytes; not synced`,
        });
        return;
      }
      const sha = f ? await this.localSha(copy, f) : null;
      const base = e?.base ?? null;
      if (sha === base) {
        if (!f) copy.manifest.delete(path);
        return;
      }
      await this.syncOne(copy, path, base, sha, report);
    });
    if (copy.afterSync && (report.uploaded.length || report.deleted.length)) await copy.afterSync(report);
    return report;
  }

  private async syncOne(
    copy: WorkCopy,
    path: string,
    base: string | null,
    sha: string | null,
    report: SyncReport,
  ): Promise<void> {
    const key = `${workspacePrefix(copy.workspaceId)}${path}`;
    type Outcome = 'same' | 'deleted' | { stored: string } | { conflict: string | null };
    const outcome = await this.db.transaction(async (m): Promise<Outcome> => {
      // One writer per file at a time across tasks and workers: check, write, record.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`workcopy:${copy.workspaceId}:${path}`]);
      const [row] = (await m.query('SELECT sha256 FROM files WHERE workspace_id = $1 AND path = $2', [
        copy.workspaceId,
        path,
      ])) as { sha256: string }[];
      const current = row?.sha256 ?? null;
      if (current === sha) return 'same';
      if (current !== base) return { conflict: current };
      if (sha === null) {
        await m.query('DELETE FROM files WHERE workspace_id = $1 AND path = $2', [copy.workspaceId, path]);
        await this.storage.delete(key);
        return 'deleted';
      }
      const fh = await openRegular(copy.dir, path);
      const stored = await this.storage
        .put(key, fh.createReadStream(), contentTypeFor(path), this.config.UPLOAD_MAX_BYTES)
        .finally(() => fh.close().catch(() => undefined));
      await m.query(
        `INSERT INTO files (workspace_id, path, size, sha256, content_type, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, now(), $6)
         ON CONFLICT (workspace_id, path) DO UPDATE
           SET size = EXCLUDED.size, sha256 = EXCLUDED.sha256, content_type = EXCLUDED.content_type,
               updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
        [copy.workspaceId, path, stored.size, stored.sha256, contentTypeFor(path), copy.userId],
      );
      return { stored: stored.sha256 };
    });
    const e = copy.manifest.get(path);
    if (outcome === 'same') {
      if (e) e.base = sha;
      if (sha === null) copy.manifest.delete(path);
    } else if (outcome === 'deleted') {
      copy.manifest.delete(path);
      report.deleted.push(path);
    } else if ('stored' in outcome) {
      if (e) e.base = outcome.stored;
      report.uploaded.push(path);
    } else {
      const theirs = outcome.conflict;
      report.conflicts.push({
        path,
        ours: sha === null ? 'deleted' : base === null ? 'added' : 'modified',
        theirs: theirs === null ? 'deleted' : base === null ? 'added' : 'modified',
      });
      // Theirs wins in the copy, so the task goes on from what the workspace holds now.
      if (theirs === null) {
        await rm(join(copy.dir, path), { force: true });
        copy.manifest.delete(path);
      } else await this.download(copy, path);
    }
  }

  // ---- file access of the agent's tools ----

  async read(copy: WorkCopy, path: string): Promise<Buffer> {
    const fh = await openRegular(copy.dir, path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') throw new UnsafePathError(`file ${path} not found`);
      if (e.code === 'ELOOP') throw new UnsafePathError(`${path} is a symbolic link; links are not followed`);
      throw e;
    });
    try {
      return await fh.readFile();
    } finally {
      await fh.close();
    }
  }

  /** Writes into the copy and syncs that file at once; a conflict is an error for the tool. */
  async write(copy: WorkCopy, path: string, data: Buffer): Promise<SyncReport> {
    await makeParents(copy.dir, path, copy.uid);
    const target = join(copy.dir, path);
    const st = await lstat(target).catch(() => null);
    if (st && !st.isFile()) throw new UnsafePathError(`${path} is not a regular file; not written`);
    await writeFile(target, data, {
      flag: constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    });
    if (copy.uid !== null) await chown(target, copy.uid, copy.uid);
    return this.syncBack(copy, [path]);
  }

  async remove(copy: WorkCopy): Promise<void> {
    await rm(copy.dir, { recursive: true, force: true });
  }
}

const pickStat = (f: LocalFile) => ({ size: f.size, mtimeMs: f.mtimeMs, ctimeMs: f.ctimeMs, ino: f.ino });
