import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { normalizePath } from '../files/file-path.js';
import { gitText } from '../git/git-exec.js';
import { KeyedLock } from '../git/git.service.js';
import { StorageService } from '../storage/storage.service.js';
import type { Task } from '../tasks/entities.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WorkcopyService } from '../workcopy/workcopy.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import { Checkpoint, type CheckpointKind } from './checkpoint.entity.js';
import { CHECKPOINT_REF, ShadowRepo, type ChangedFile } from './shadow-repo.js';

/** What a task's history says about a checkpoint (kept beside Roo's `checkpoint_saved` say). */
export interface CheckpointMessageMeta {
  seq: number;
  commit: string;
  kind: CheckpointKind;
  filesChanged: number;
  restoredFrom?: number;
  path?: string;
}

export interface CheckpointView {
  seq: number;
  commit: string;
  kind: CheckpointKind;
  message: string;
  files: ChangedFile[];
  filesChanged: number;
  createdAt: Date;
}

const FILES_KEPT = 200;
const toView = (c: Checkpoint): CheckpointView => ({
  seq: c.seq,
  commit: c.commit,
  kind: c.kind,
  message: c.message,
  files: c.files,
  filesChanged: c.filesChanged,
  createdAt: c.createdAt,
});

/** A working copy as the checkpoints see it. */
export interface CheckpointCopy {
  taskId: string;
  workspaceId: string;
  dir: string;
}

/**
 * Checkpoints of tasks: every change set becomes a commit of the task's shadow repository
 * (on the worker, outside the copy); its new objects go to the bucket as an incremental
 * bundle and a row here, so any process can list, diff and restore them later.
 */
@Injectable()
export class CheckpointsService {
  private readonly logger = new Logger('Checkpoints');
  private readonly locks = new KeyedLock();
  private readonly open = new Map<string, ShadowRepo>();
  private readonly root: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(Checkpoint) private readonly rows: Repository<Checkpoint>,
    private readonly storage: StorageService,
    private readonly tasks: TasksService,
    private readonly journal: TaskJournal,
    private readonly workspaces: WorkspacesService,
    private readonly copies: WorkcopyService,
  ) {
    this.root = join(config.CHECKPOINTS_DIR || join(tmpdir(), 'roo-checkpoints'), `p-${process.pid}`);
  }

  // ---- worker: record as the task runs ----

  /**
   * Records the copy as a checkpoint when it differs from the last one (the first call
   * of a task always records: the state it started from). Never throws into the agent:
   * a checkpoint that cannot be saved is logged, the task goes on.
   */
  async record(copy: CheckpointCopy, kind: CheckpointKind, message: string): Promise<CheckpointView | null> {
    return this.locks
      .run(copy.taskId, async () => {
        let repo = this.open.get(copy.taskId);
        if (!repo || repo.workTree !== copy.dir) {
          repo = await this.hydrate(copy.taskId, join(this.root, `${copy.taskId}.git`), copy.dir, true);
          this.open.set(copy.taskId, repo);
        }
        const snap = await repo.snapshot(message);
        if (!snap) return null;
        return this.persist(
          copy.taskId,
          copy.workspaceId,
          repo,
          snap.commit,
          snap.parent,
          kind,
          message,
          snap.files,
        );
      })
      .catch((e: Error) => {
        this.logger.warn(`task ${copy.taskId}: checkpoint not saved: ${e.message}`);
        return null;
      });
  }

  /** Drops this process's shadow repository of a task (its checkpoints stay in the bucket). */
  async release(taskId: string): Promise<void> {
    this.open.delete(taskId);
    await rm(join(this.root, `${taskId}.git`), { recursive: true, force: true });
  }

  // ---- API ----

  async list(user: AuthUser, taskId: string): Promise<CheckpointView[]> {
    await this.tasks.readable(user, taskId);
    return (await this.rows.find({ where: { taskId }, order: { seq: 'ASC' } })).map(toView);
  }

  async diff(user: AuthUser, taskId: string, seq: number) {
    await this.tasks.readable(user, taskId);
    const row = await this.row(taskId, seq);
    return this.withRepo(taskId, null, async (repo) => ({
      ...toView(row),
      files: await repo.changes(row.parent, row.commit),
      ...(await repo.diff(row.commit, row.parent)),
    }));
  }

  /**
   * Puts the workspace (or one file) back to a checkpoint: through a working copy, so the
   * write-back is checked like any task's (a file changed meanwhile is a reported conflict).
   * The restore becomes a checkpoint and a message of the task.
   */
  async restore(user: AuthUser, taskId: string, seq: number, pathInput?: string) {
    const task = await this.tasks.readable(user, taskId);
    await this.workspaces.requireRole(user, task.workspaceId, 'member');
    if (task.status === 'running' || task.status === 'queued')
      throw new ConflictError('the task is running; restore when it has stopped (or cancel it first)');
    const path = pathInput === undefined ? undefined : normalizePath(pathInput);
    const row = await this.row(taskId, seq);
    return this.locks.run(taskId, async () => {
      const copy = await this.copies.materialise({
        id: task.id,
        workspaceId: task.workspaceId,
        createdBy: user.id,
      });
      try {
        return await this.withRepo(taskId, copy.dir, async (repo) => {
          const before = await repo.head();
          const { files } = await repo.restore(row.commit, path);
          if (path && !files.length && !(await repo.readFile(row.commit, path)))
            throw new NotFoundError(`${path} is not in checkpoint ${seq}`);
          const report = await this.copies.syncBack(copy);
          const saved = await this.persistNew(task, repo, before, { restoredFrom: seq, path });
          const last = saved[saved.length - 1];
          await this.journal.record(taskId, [
            {
              type: 'say',
              say: 'checkpoint_saved',
              text: last?.commit ?? before ?? '',
              meta: {
                checkpoint: {
                  seq: last?.seq ?? row.seq,
                  commit: last?.commit ?? row.commit,
                  kind: 'restore',
                  filesChanged: files.length,
                  restoredFrom: seq,
                  ...(path ? { path } : {}),
                },
              },
            },
          ]);
          return {
            restoredFrom: seq,
            path: path ?? null,
            files,
            conflicts: report.conflicts,
            checkpoint: last ?? null,
          };
        });
      } finally {
        await this.copies.remove(copy);
      }
    });
  }

  // ---- storage ----

  private async row(taskId: string, seq: number): Promise<Checkpoint> {
    const row = await this.rows.findOneBy({ taskId, seq });
    if (!row) throw new NotFoundError('checkpoint not found');
    return row;
  }

  /** A shadow repository of the task rebuilt from its bundles (in a temporary folder unless `gitDir` is given). */
  private async hydrate(
    taskId: string,
    gitDir: string,
    workTree: string,
    reuse = false,
  ): Promise<ShadowRepo> {
    const repo = new ShadowRepo(gitDir, workTree);
    const exists = reuse && (await stat(join(gitDir, 'HEAD')).catch(() => null));
    if (!exists) {
      await rm(gitDir, { recursive: true, force: true });
      await repo.init();
    }
    const rows = await this.rows.find({ where: { taskId }, order: { seq: 'ASC' } });
    for (const r of rows) {
      const have = await gitText(['cat-file', '-e', `${r.commit}^{commit}`], { gitDir }).then(
        () => true,
        () => false,
      );
      if (!have) await repo.unbundle(await this.storage.getBuffer(r.bundleKey), r.commit);
    }
    if (rows.length) {
      await gitText(['update-ref', CHECKPOINT_REF, rows[rows.length - 1].commit], { gitDir });
      await repo.resetIndex();
    }
    return repo;
  }

  private async withRepo<T>(
    taskId: string,
    workTree: string | null,
    fn: (repo: ShadowRepo) => Promise<T>,
  ): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'roo-cp-'));
    try {
      const tree = workTree ?? join(dir, 'empty');
      if (!workTree) await mkdir(tree);
      const repo = await this.hydrate(taskId, join(dir, 'shadow.git'), tree);
      return await fn(repo);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Stores every commit after `since` (a restore makes one or two) as checkpoints. */
  private async persistNew(
    task: Task,
    repo: ShadowRepo,
    since: string | null,
    meta: { restoredFrom: number; path?: string },
  ): Promise<CheckpointView[]> {
    const head = await repo.head();
    if (!head || head === since) return [];
    const list = (
      await gitText(['rev-list', '--reverse', since ? `${since}..${head}` : head], { gitDir: repo.gitDir })
    )
      .split('\n')
      .filter(Boolean);
    const out: CheckpointView[] = [];
    for (const commit of list) {
      const parent = await repo.parentOf(commit);
      const message = await gitText(['log', '-1', '--format=%B', commit], { gitDir: repo.gitDir });
      const kind: CheckpointKind = message.startsWith('restore') ? 'restore' : 'step';
      out.push(
        await this.persist(
          task.id,
          task.workspaceId,
          repo,
          commit,
          parent,
          kind,
          kind === 'restore'
            ? `restore ${meta.path ?? 'workspace'} to checkpoint ${meta.restoredFrom}`
            : message,
          await repo.changes(parent, commit),
        ),
      );
    }
    return out;
  }

  private async persist(
    taskId: string,
    workspaceId: string,
    repo: ShadowRepo,
    commit: string,
    parent: string | null,
    kind: CheckpointKind,
    message: string,
    files: ChangedFile[],
  ): Promise<CheckpointView> {
    const data = await repo.bundle(parent);
    const last = await this.rows.findOne({ where: { taskId }, order: { seq: 'DESC' } });
    const seq = (last?.seq ?? 0) + 1;
    const bundleKey = `checkpoints/${workspaceId}/${taskId}/${seq}-${commit.slice(0, 12)}.bundle`;
    await this.storage.putBuffer(bundleKey, data, 'application/x-git-bundle');
    const row = this.rows.create({
      taskId,
      seq,
      commit,
      parent,
      kind: seq === 1 && kind === 'step' ? 'initial' : kind,
      message,
      files: files.slice(0, FILES_KEPT),
      filesChanged: files.length,
      bundleKey,
      bundleBytes: data.length,
    });
    await this.rows.insert(row);
    if (kind !== 'restore')
      await this.journal.record(taskId, [
        {
          type: 'say',
          say: 'checkpoint_saved',
          text: commit,
          meta: { checkpoint: { seq, commit, kind: row.kind, filesChanged: files.length } },
        },
      ]);
    return toView(await this.rows.findOneByOrFail({ taskId, seq }));
  }
}
