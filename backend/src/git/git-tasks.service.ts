import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors.js';
import { FilesService } from '../files/files.service.js';
import type { Task } from '../tasks/entities.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CommitDto, PullRequestDto, StartBranchDto, TaskDiffView, TaskGitView } from './dto.js';
import { TaskGit, type GitLink } from './entities.js';
import { forgeApiBase, openPullRequest } from './forge.js';
import { git, gitText } from './git-exec.js';
import { GitService } from './git.service.js';
import { checkBranchName, taskBranchName } from './remote-url.js';

const ZERO = '0'.repeat(40);
const hasGitComponent = (path: string) => path.split('/').some((s) => s.toLowerCase() === '.git');

/** Subject line of at most 72 characters, the rest as the body, and a trailer naming the task. */
export function commitMessage(text: string, taskId: string): string {
  const trimmed = text.trim().replace(/\r\n/g, '\n');
  const [first, ...rest] = trimmed.split('\n');
  let subject = first.trim();
  let body = rest.join('\n').trim();
  if (subject.length > 72) {
    body = trimmed;
    subject = `${subject.slice(0, 69).trimEnd()}...`;
  }
  return `${subject || 'Changes by Roo'}\n\n${body ? `${body}\n\n` : ''}Roo-Task: ${taskId}\n`;
}

const isUniqueViolation = (e: unknown) =>
  (e as { driverError?: { code?: string } })?.driverError?.code === '23505';

/**
 * A task's branch on the linked remote: the agent's changes (the workspace's files against
 * the imported commit) committed with the agent's message and pushed; a pull request on top.
 */
@Injectable()
export class GitTasksService {
  private readonly logger = new Logger('GitTasks');

  constructor(
    private readonly gitService: GitService,
    @InjectRepository(TaskGit) private readonly rows: Repository<TaskGit>,
    private readonly tasks: TasksService,
    private readonly journal: TaskJournal,
    private readonly files: FilesService,
    private readonly workspaces: WorkspacesService,
  ) {}

  private view(row: TaskGit, link: GitLink | null): TaskGitView {
    return {
      taskId: row.taskId,
      branch: row.branch,
      baseBranch: row.baseBranch,
      baseCommit: row.baseCommit,
      headCommit: row.headCommit,
      commits: row.commits,
      prUrl: row.prUrl,
      prNumber: row.prNumber,
      lastError: row.lastError,
      url: link?.url ?? '',
    };
  }

  async status(user: AuthUser, taskId: string): Promise<TaskGitView> {
    const task = await this.tasks.readable(user, taskId);
    const row = await this.rows.findOneBy({ taskId });
    if (!row) throw new NotFoundError('this task has no git branch');
    return this.view(row, await this.gitService.findLink(task.workspaceId));
  }

  async startBranch(user: AuthUser, taskId: string, dto: StartBranchDto): Promise<TaskGitView> {
    const task = await this.writable(user, taskId);
    if (await this.rows.existsBy({ taskId })) throw new ConflictError('this task already has a branch');
    const row = await this.createRow(task, dto.branch);
    return this.view(row, await this.gitService.findLink(task.workspaceId));
  }

  /** The button: commit the task's changes with its (or the given) message and push the branch. */
  async commit(user: AuthUser, taskId: string, dto: CommitDto): Promise<TaskGitView> {
    const task = await this.writable(user, taskId);
    if (task.status === 'running' || task.status === 'queued')
      throw new ConflictError('the task is still running; commit when it has stopped');
    const link = await this.gitService.linkOf(task.workspaceId);
    let row = await this.commitTask(task, link, dto.message);
    if (dto.pullRequest && !row.prUrl) row = await this.openPr(task, link, row, {});
    return this.view(row, link);
  }

  async pullRequest(user: AuthUser, taskId: string, dto: PullRequestDto): Promise<TaskGitView> {
    const task = await this.writable(user, taskId);
    const link = await this.gitService.linkOf(task.workspaceId);
    const row = await this.rows.findOneBy({ taskId });
    if (!row?.headCommit) throw new ConflictError('push the branch first (nothing was committed yet)');
    if (row.prUrl) throw new ConflictError(`a pull request is already open: ${row.prUrl}`);
    return this.view(await this.openPr(task, link, row, dto), link);
  }

  async diff(user: AuthUser, taskId: string): Promise<TaskDiffView> {
    const task = await this.tasks.readable(user, taskId);
    const row = await this.rows.findOneBy({ taskId });
    if (!row?.headCommit) throw new NotFoundError('this task has no pushed commit yet');
    const link = await this.gitService.linkOf(task.workspaceId);
    const repo = await this.gitService.cacheRepo(task.workspaceId);
    await this.ensureCommits(repo, link, row, [row.baseCommit, row.headCommit]);
    const opts = { gitDir: repo };
    const names = (
      await git(['diff', '--name-status', '-z', '--no-renames', row.baseCommit, row.headCommit], opts)
    )
      .toString('utf8')
      .split('\0');
    const files: { status: string; path: string }[] = [];
    for (let i = 0; i + 1 < names.length; i += 2) files.push({ status: names[i], path: names[i + 1] });
    const max = 1024 * 1024;
    const out = await git(
      ['diff', '--no-color', '--no-ext-diff', '--no-renames', row.baseCommit, row.headCommit],
      opts,
    );
    return {
      base: row.baseCommit,
      head: row.headCommit,
      files,
      patch: out.subarray(0, max).toString('utf8'),
      truncated: out.length > max,
    };
  }

  /**
   * For the worker when a task completes: with `autoPush` on, commit with the agent's
   * completion text, push, and (with `autoPullRequest`) open the pull request. A failure
   * is recorded in the task, never thrown (the task itself did complete).
   */
  async onTaskCompleted(taskId: string): Promise<void> {
    const task = await this.journal.task(taskId);
    if (!task) return;
    const link = await this.gitService.findLink(task.workspaceId);
    if (!link?.autoPush || !link.importedCommit) return;
    try {
      let row = await this.commitTask(task, link, undefined, true);
      if (link.autoPullRequest && !row.prUrl && link.forge !== 'none' && row.headCommit)
        row = await this.openPr(task, link, row, {});
    } catch (e) {
      const reason = (e as Error).message;
      this.logger.warn(`task ${taskId}: git push failed: ${reason}`);
      await this.rows.update({ taskId }, { lastError: reason }).catch(() => undefined);
      await this.journal.record(taskId, [{ type: 'say', say: 'error', text: `Git: ${reason}` }]);
    }
  }

  private async writable(user: AuthUser, taskId: string): Promise<Task> {
    const task = await this.tasks.readable(user, taskId);
    await this.workspaces.requireRole(user, task.workspaceId, 'member');
    return task;
  }

  private async createRow(task: Task, name?: string): Promise<TaskGit> {
    const link = await this.gitService.linkOf(task.workspaceId);
    if (!link.importedCommit || !link.importedBranch)
      throw new ConflictError('import a branch into the workspace first (POST /workspaces/:ws/git/import)');
    const branch = name !== undefined ? checkBranchName(name) : taskBranchName(task.id, task.title);
    if (branch === link.importedBranch) throw new BadInputError('a task branch must not be the base branch');
    if (await this.gitService.opsOf(link).branchHead(branch))
      throw new ConflictError(`the branch ${branch} already exists on the remote`);
    try {
      await this.rows.insert({
        taskId: task.id,
        workspaceId: task.workspaceId,
        branch,
        baseBranch: link.importedBranch,
        baseCommit: link.importedCommit,
        commits: [],
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`another task already uses the branch ${branch}`);
      throw e;
    }
    return this.rows.findOneByOrFail({ taskId: task.id });
  }

  /** Makes sure the cache repository has these commits (fetching the branch, then the base). */
  private async ensureCommits(repo: string, link: GitLink, row: TaskGit, commits: string[]): Promise<void> {
    const has = async (c: string) =>
      gitText(['cat-file', '-e', `${c}^{commit}`], { gitDir: repo }).then(
        () => true,
        () => false,
      );
    const ops = this.gitService.opsOf(link);
    for (const c of commits) {
      if (await has(c)) continue;
      if (row.headCommit) await ops.fetch(repo, row.branch, row.commits.length + 1).catch(() => undefined);
      if (!(await has(c))) await ops.fetch(repo, row.baseBranch, 50).catch(() => undefined);
      if (!(await has(c)))
        throw new ConflictError(
          `commit ${c.slice(0, 12)} is no longer on the remote; import the branch again`,
        );
    }
  }

  private async lastCompletion(taskId: string): Promise<string | null> {
    const history = await this.journal.history(taskId);
    for (let i = history.length - 1; i >= 0; i--)
      if (history[i].say === 'completion_result' && history[i].text.trim()) return history[i].text;
    return null;
  }

  /**
   * Builds the commit: the base commit's tree with the workspace's differences from what
   * the import brought (by sha256), so entries the workspace cannot hold (symlinks,
   * submodules, oversized files) stay as they are. Pushed with a lease on the branch head.
   */
  private async commitTask(
    task: Task,
    link: GitLink,
    message?: string,
    quietIfEmpty = false,
  ): Promise<TaskGit> {
    return this.gitService.locks.run(task.workspaceId, async () => {
      const row = (await this.rows.findOneBy({ taskId: task.id })) ?? (await this.createRow(task));
      const ops = this.gitService.opsOf(link);
      const repo = await this.gitService.cacheRepo(task.workspaceId);
      const remoteHead = await ops.branchHead(row.branch);
      if (remoteHead && remoteHead !== row.headCommit)
        throw new ConflictError(`the branch ${row.branch} moved on the remote; it was not overwritten`);
      const parent = row.headCommit ?? row.baseCommit;
      await this.ensureCommits(repo, link, row, [row.baseCommit, parent]);
      const manifest = await this.gitService.manifest(task.workspaceId, row.baseCommit);
      const { items } = await this.files.listForAgent(task.workspaceId, '', true);
      const tmp = await mkdtemp(join(tmpdir(), 'roo-index-'));
      const opts = { gitDir: repo, indexFile: join(tmp, 'index') };
      try {
        await git(['read-tree', row.baseCommit], opts);
        const lines: string[] = [];
        const present = new Set<string>();
        for (const f of items) {
          if (hasGitComponent(f.path)) continue;
          present.add(f.path);
          const m = manifest[f.path];
          if (m && m.sha256 === f.sha256) continue;
          const data = await this.files.readForAgent(task.workspaceId, f.path);
          const oid = await gitText(['hash-object', '-w', '--stdin'], { ...opts, input: data });
          lines.push(`${m?.mode ?? '100644'} ${oid}\t${f.path}`);
        }
        for (const path of Object.keys(manifest)) if (!present.has(path)) lines.push(`0 ${ZERO}\t${path}`);
        if (lines.length)
          await git(['update-index', '-z', '--index-info'], { ...opts, input: `${lines.join('\0')}\0` });
        const tree = await gitText(['write-tree'], opts);
        if (tree === (await gitText(['rev-parse', `${parent}^{tree}`], opts))) {
          if (quietIfEmpty) return row;
          throw new ConflictError('nothing to commit: the workspace has no changes since the last push');
        }
        const text = message?.trim() || (await this.lastCompletion(task.id)) || task.title;
        const commit = await gitText(['commit-tree', tree, '-p', parent, '-F', '-'], {
          ...opts,
          input: commitMessage(text, task.id),
        });
        await ops.push(repo, commit, row.branch, row.headCommit ?? null);
        const changed = (
          await gitText(['diff-tree', '-r', '--name-only', '--no-commit-id', parent, commit], opts)
        )
          .split('\n')
          .filter(Boolean).length;
        const commits = [
          ...row.commits,
          {
            sha: commit,
            subject: commitMessage(text, task.id).split('\n')[0],
            at: new Date().toISOString(),
            filesChanged: changed,
          },
        ];
        await this.rows.update({ taskId: task.id }, { headCommit: commit, commits, lastError: null });
        return this.rows.findOneByOrFail({ taskId: task.id });
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }

  private async openPr(task: Task, link: GitLink, row: TaskGit, dto: PullRequestDto): Promise<TaskGit> {
    if (link.forge === 'none') throw new BadInputError('this link has no forge (GitHub or GitLab) set');
    const cred = this.gitService.credentialOf(link);
    if (cred.kind !== 'token')
      throw new BadInputError('opening a pull request needs a token link (an API token)');
    const remote = this.gitService.remoteOf(link);
    const last = row.commits[row.commits.length - 1];
    const pr = await openPullRequest(
      link.forge,
      forgeApiBase(link.forge, remote, link.forgeApiUrl),
      remote,
      cred.token,
      {
        head: row.branch,
        base: row.baseBranch,
        title: dto.title?.trim() || last?.subject || task.title,
        body:
          dto.body?.trim() ||
          `${(await this.lastCompletion(task.id)) ?? ''}\n\nOpened by Roo Server for task ${task.id}.`.trim(),
      },
      this.gitService.trusted,
    );
    await this.rows.update({ taskId: task.id }, { prUrl: pr.url, prNumber: pr.number, lastError: null });
    return this.rows.findOneByOrFail({ taskId: task.id });
  }
}
