import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { BadInputError, NotFoundError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { FilesService } from '../files/files.service.js';
import { normalizePath } from '../files/file-path.js';
import { keyHint, SecretBox } from '../providers/secret-box.js';
import { StorageService } from '../storage/storage.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { GitLinkView, ImportGitDto, ImportResult, LinkGitDto } from './dto.js';
import { resolvePublic } from './egress.js';
import { GitLink, type Forge } from './entities.js';
import { checkForgeApiUrl } from './forge.js';
import { CatFileBatch, git, lsTree } from './git-exec.js';
import { RemoteOps, type GitCredential } from './remote-ops.js';
import { checkBranchName, parseRemote, type Remote } from './remote-url.js';

/** What an import brought in for one path: lets a later import or commit tell what changed. */
export interface ManifestEntry {
  sha256: string;
  oid: string;
  mode: string;
}
export type Manifest = Record<string, ManifestEntry>;

const toView = (l: GitLink): GitLinkView => ({
  workspaceId: l.workspaceId,
  url: l.url,
  authKind: l.authKind,
  username: l.username,
  secretHint: l.secretHint,
  defaultBranch: l.defaultBranch,
  forge: l.forge,
  forgeApiUrl: l.forgeApiUrl,
  autoPush: l.autoPush,
  autoPullRequest: l.autoPullRequest,
  importedBranch: l.importedBranch,
  importedCommit: l.importedCommit,
  importedAt: l.importedAt,
  createdAt: l.createdAt,
});

const guessForge = (r: Remote): Forge =>
  r.host === 'github.com' || r.host.includes('github')
    ? 'github'
    : r.host === 'gitlab.com' || r.host.includes('gitlab')
      ? 'gitlab'
      : 'none';

/** Serialises work per key inside this process (one import or commit per workspace at a time). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.tails.set(key, next);
    const done = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    // Both outcomes handled here; the caller gets the rejection through `next`.
    next.then(done, done);
    return next;
  }
}

/**
 * A workspace's link to a git remote (admins link and unlink; audited) and the import of
 * a branch's files into the workspace through the files service.
 */
@Injectable()
export class GitService {
  private readonly box: SecretBox;
  readonly locks = new KeyedLock();

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    @InjectRepository(GitLink) private readonly links: Repository<GitLink>,
    private readonly workspaces: WorkspacesService,
    private readonly files: FilesService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  get trusted(): string[] {
    return this.config.GIT_TRUSTED_HOSTS;
  }

  async get(user: AuthUser, workspaceId: string): Promise<GitLinkView> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return toView(await this.linkOf(workspaceId));
  }

  async link(user: AuthUser, workspaceId: string, dto: LinkGitDto, ip: string): Promise<GitLinkView> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const remote = parseRemote(dto.url, this.trusted);
    await resolvePublic(remote.host, remote.port, this.trusted);
    const existing = await this.links.findOneBy({ workspaceId });
    const forge = dto.forge ?? existing?.forge ?? guessForge(remote);
    const token = dto.token?.trim();
    const key = dto.sshPrivateKey?.trim();
    let cred: GitCredential;
    let username: string | null = null;
    if (remote.scheme === 'ssh') {
      if (!key) throw new BadInputError('an ssh remote needs sshPrivateKey (a deploy key)');
      if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
        throw new BadInputError('sshPrivateKey must be a private key in OpenSSH or PEM format');
      cred = { kind: 'ssh', privateKey: key, knownHosts: dto.sshKnownHosts?.trim() || null };
    } else {
      if (!token) throw new BadInputError('an https remote needs a token');
      username = dto.username?.trim() || (forge === 'gitlab' ? 'oauth2' : 'x-access-token');
      if (!/^[A-Za-z0-9._@-]{1,100}$/.test(username))
        throw new BadInputError('username has invalid characters');
      cred = { kind: 'token', username, token };
    }
    const forgeApiUrl = dto.forgeApiUrl ? checkForgeApiUrl(dto.forgeApiUrl, this.trusted) : null;
    // The credential must work before it is stored: a refused token is a 400 now, not a failed task later.
    const ops = this.opsFor(remote, cred);
    const defaultBranch = dto.defaultBranch
      ? checkBranchName(dto.defaultBranch)
      : ((await ops.defaultBranch()) ?? 'main');
    if (dto.defaultBranch && !(await ops.branchHead(defaultBranch)))
      throw new BadInputError(`the branch ${defaultBranch} does not exist on the remote`);
    const secret = cred.kind === 'ssh' ? cred.privateKey : cred.token;
    const url = dto.url.trim();
    const row = this.links.create({
      ...(existing ?? {}),
      workspaceId,
      url,
      authKind: cred.kind === 'ssh' ? 'ssh_key' : 'token',
      username,
      secretEnc: this.box.seal(secret),
      secretHint: cred.kind === 'ssh' ? 'ssh key' : keyHint(secret),
      knownHosts: cred.kind === 'ssh' ? cred.knownHosts : null,
      defaultBranch,
      forge,
      forgeApiUrl,
      autoPush: dto.autoPush ?? existing?.autoPush ?? false,
      autoPullRequest: dto.autoPullRequest ?? existing?.autoPullRequest ?? false,
      createdBy: existing?.createdBy ?? user.id,
      ...(existing && existing.url !== url
        ? { importedBranch: null, importedCommit: null, importedAt: null }
        : {}),
    });
    const saved = await this.links.save(row);
    await this.audit.record({
      actorId: user.id,
      action: existing ? 'git.relinked' : 'git.linked',
      target: workspaceId,
      ip,
      meta: { url, authKind: row.authKind, forge },
    });
    return toView(saved);
  }

  async unlink(user: AuthUser, workspaceId: string, ip: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'admin');
    const link = await this.linkOf(workspaceId);
    await this.links.delete({ workspaceId });
    await this.audit.record({
      actorId: user.id,
      action: 'git.unlinked',
      target: workspaceId,
      ip,
      meta: { url: link.url },
    });
  }

  /**
   * Fetches a branch and writes its files into the workspace. A file changed in the
   * workspace since the last import is kept (a conflict in the answer), never overwritten;
   * files the branch dropped are deleted only when the workspace did not change them.
   */
  async import(user: AuthUser, workspaceId: string, dto: ImportGitDto, ip: string): Promise<ImportResult> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const link = await this.linkOf(workspaceId);
    const branch = checkBranchName(dto.branch ?? link.defaultBranch);
    return this.locks.run(workspaceId, async () => {
      const repo = await this.cacheRepo(workspaceId);
      const commit = await this.opsOf(link).fetch(repo, branch, 1);
      const previous = link.importedCommit ? await this.manifest(workspaceId, link.importedCommit) : {};
      const current = new Map(
        (await this.files.listForAgent(workspaceId, '', true)).items.map((f) => [f.path, f.sha256]),
      );
      const result: ImportResult = {
        branch,
        commit,
        written: [],
        deleted: [],
        unchanged: 0,
        conflicts: [],
        skipped: [],
      };
      const manifest: Manifest = {};
      const cat = new CatFileBatch({ gitDir: repo });
      try {
        for (const e of await lsTree(commit, { gitDir: repo })) {
          if (e.type !== 'blob' || (e.mode !== '100644' && e.mode !== '100755')) {
            result.skipped.push({
              path: e.path,
              reason: e.type === 'commit' ? 'submodule' : e.mode === '120000' ? 'symlink' : e.type,
            });
            continue;
          }
          let path: string;
          try {
            path = normalizePath(e.path);
          } catch (err) {
            result.skipped.push({ path: e.path, reason: (err as Error).message });
            continue;
          }
          if (path !== e.path) {
            result.skipped.push({ path: e.path, reason: 'name not in NFC form' });
            continue;
          }
          if ((e.size ?? 0) > this.config.UPLOAD_MAX_BYTES) {
            result.skipped.push({ path, reason: `larger than ${this.config.UPLOAD_MAX_BYTES} bytes` });
            continue;
          }
          const blob = await cat.read(e.oid);
          if (!blob) throw new Error(`object ${e.oid} missing after fetch`);
          const sha256 = createHash('sha256').update(blob.data).digest('hex');
          const have = current.get(path);
          const before = previous[path]?.sha256;
          if (have === sha256) result.unchanged++;
          else if (have !== undefined && have !== before) {
            // Changed here since the last import (or there before any import): keep it.
            result.conflicts.push(path);
            manifest[path] = { sha256: before ?? sha256, oid: e.oid, mode: e.mode };
            continue;
          } else {
            await this.files.writeForAgent(workspaceId, path, blob.data, user.id);
            result.written.push(path);
          }
          manifest[path] = { sha256, oid: e.oid, mode: e.mode };
        }
      } finally {
        cat.close();
      }
      for (const [path, entry] of Object.entries(previous)) {
        if (manifest[path] || current.get(path) !== entry.sha256) continue;
        await this.files.remove(user, workspaceId, path, ip);
        result.deleted.push(path);
      }
      await this.storage.putBuffer(
        this.manifestKey(workspaceId, commit),
        Buffer.from(JSON.stringify(manifest)),
        'application/json',
      );
      await this.links.update(
        { workspaceId },
        { importedBranch: branch, importedCommit: commit, importedAt: new Date() },
      );
      await this.audit.record({
        actorId: user.id,
        action: 'git.imported',
        target: workspaceId,
        ip,
        meta: { branch, commit, written: result.written.length, deleted: result.deleted.length },
      });
      return result;
    });
  }

  // ---- for the task side (GitTasksService) ----

  async linkOf(workspaceId: string): Promise<GitLink> {
    const link = await this.links.findOneBy({ workspaceId });
    if (!link) throw new NotFoundError('this workspace is not linked to a git remote');
    return link;
  }

  async findLink(workspaceId: string): Promise<GitLink | null> {
    return this.links.findOneBy({ workspaceId });
  }

  remoteOf(link: GitLink): Remote {
    return parseRemote(link.url, this.trusted);
  }

  credentialOf(link: GitLink): GitCredential {
    const secret = this.box.open(link.secretEnc);
    return link.authKind === 'ssh_key'
      ? { kind: 'ssh', privateKey: secret, knownHosts: link.knownHosts }
      : { kind: 'token', username: link.username ?? 'x-access-token', token: secret };
  }

  opsOf(link: GitLink): RemoteOps {
    return this.opsFor(this.remoteOf(link), this.credentialOf(link));
  }

  private opsFor(remote: Remote, cred: GitCredential): RemoteOps {
    return new RemoteOps(remote, cred, { trusted: this.trusted, timeoutMs: this.config.GIT_TIMEOUT_MS });
  }

  /** This process's object cache of a workspace's repository (no remote, no credential in it). */
  async cacheRepo(workspaceId: string): Promise<string> {
    const root = this.config.GIT_CACHE_DIR || join(tmpdir(), 'roo-git');
    const dir = join(root, `${workspaceId}.git`);
    if (!(await stat(join(dir, 'HEAD')).catch(() => null))) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await git(['init', '--bare', '-q', dir]);
    }
    return dir;
  }

  private manifestKey(workspaceId: string, commit: string): string {
    return `git/${workspaceId}/manifests/${commit}.json`;
  }

  async manifest(workspaceId: string, commit: string): Promise<Manifest> {
    const data = await this.storage.getBuffer(this.manifestKey(workspaceId, commit)).catch(() => null);
    return data ? (JSON.parse(data.toString('utf8')) as Manifest) : {};
  }
}
