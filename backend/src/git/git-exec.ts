import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A git command failed; the message is safe to show (secrets redacted, stderr trimmed). */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitRunOptions {
  /** Working directory (a repository, or a work tree with `gitDir`). */
  cwd?: string;
  gitDir?: string;
  workTree?: string;
  /** Temporary index (building trees without touching the repository's own index). */
  indexFile?: string;
  input?: Buffer | string;
  /** Extra `git -c` settings, passed through the environment so nothing shows in `ps`. */
  config?: Record<string, string>;
  /** Extra environment (e.g. GIT_SSH_COMMAND); never the worker's own environment. */
  env?: Record<string, string>;
  /** Strings that must never appear in an error message (tokens). */
  secrets?: string[];
  timeoutMs?: number;
  maxBytes?: number;
}

let emptyHome: string | undefined;
/** An empty HOME: no ~/.gitconfig, ~/.ssh/config, credential store or netrc of the process owner applies. */
function home(): string {
  if (!emptyHome) {
    const root = join(tmpdir(), 'roo-git-home');
    mkdirSync(root, { recursive: true, mode: 0o700 });
    emptyHome = mkdtempSync(join(root, 'h-'));
  }
  return emptyHome;
}

/**
 * Settings every git call runs with: no hooks, no credential helpers, no redirects
 * (an Authorization header must not follow a redirect to another host), checked packs,
 * no background maintenance.
 */
const BASE_CONFIG: Record<string, string> = {
  'core.hooksPath': '/dev/null',
  'core.fsmonitor': 'false',
  'core.askPass': '',
  'core.quotePath': 'false',
  'core.autocrlf': 'false',
  'credential.helper': '',
  'http.followRedirects': 'false',
  'transfer.fsckObjects': 'true',
  'gc.auto': '0',
  'maintenance.auto': 'false',
  'commit.gpgSign': 'false',
  'init.defaultBranch': 'main',
  'advice.detachedHead': 'false',
};

/**
 * The whole environment of a git child: nothing inherited but PATH. No terminal prompt,
 * no askpass, no system or global config, transports limited to https/http/ssh
 * (no file://, ext::, fd::).
 */
export function gitEnv(opts: GitRunOptions = {}): NodeJS.ProcessEnv {
  const config = { ...BASE_CONFIG, ...(opts.config ?? {}) };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home(),
    LANG: 'C',
    LC_ALL: 'C',
    TZ: 'UTC',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ALLOW_PROTOCOL: 'https:http:ssh',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_AUTHOR_NAME: 'Roo Server',
    GIT_AUTHOR_EMAIL: 'roo@localhost',
    GIT_COMMITTER_NAME: 'Roo Server',
    GIT_COMMITTER_EMAIL: 'roo@localhost',
    ...(opts.env ?? {}),
  };
  const keys = Object.keys(config);
  env.GIT_CONFIG_COUNT = String(keys.length);
  keys.forEach((k, i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = config[k];
  });
  if (opts.gitDir) env.GIT_DIR = opts.gitDir;
  if (opts.workTree) env.GIT_WORK_TREE = opts.workTree;
  if (opts.indexFile) env.GIT_INDEX_FILE = opts.indexFile;
  return env;
}

export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  // Belt and braces: any Authorization header or URL userinfo git might echo.
  return out
    .replace(/(authorization:\s*\w+\s+)\S+/gi, '$1[redacted]')
    .replace(/(https?:\/\/)[^/@\s]+@/gi, '$1[redacted]@');
}

/** Runs `git <args>` (no shell) and resolves with its stdout; rejects with a redacted GitError. */
export function git(args: string[], opts: GitRunOptions = {}): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: gitEnv(opts),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `git ${args[0]} took longer than ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        failure = `git ${args[0]} printed more than ${maxBytes} bytes`;
        child.kill('SIGKILL');
      } else out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      if (err.reduce((n, b) => n + b.length, 0) < 64 * 1024) err.push(c);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new GitError(`git could not start: ${e.message}`, null, ''));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = redact(Buffer.concat(err).toString('utf8'), opts.secrets);
      if (failure) return reject(new GitError(failure, code, stderr));
      if (code !== 0) {
        const line = stderr.trim().split('\n').slice(-3).join(' ').slice(0, 500);
        return reject(new GitError(`git ${args[0]} failed: ${line || `exit ${code}`}`, code, stderr));
      }
      resolve(Buffer.concat(out));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

export const gitText = async (args: string[], opts: GitRunOptions = {}) =>
  (await git(args, opts)).toString('utf8').trim();

/** One object of `git cat-file --batch`. */
export interface CatFileObject {
  oid: string;
  type: string;
  data: Buffer;
}

/**
 * Reads many objects through one `git cat-file --batch` process (one process for
 * thousands of files instead of one each). Requests are answered in order.
 */
export class CatFileBatch {
  private readonly child;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: {
    resolve: (o: CatFileObject | null) => void;
    reject: (e: Error) => void;
  }[] = [];
  private closed = false;

  constructor(opts: GitRunOptions) {
    this.child = spawn('git', ['cat-file', '--batch'], {
      cwd: opts.cwd,
      env: gitEnv(opts),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child.stdout.on('data', (c: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, c]) : c;
      this.drain();
    });
    const fail = (e: Error) => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    this.child.on('error', fail);
    this.child.on('close', () => fail(new GitError('git cat-file ended early', null, '')));
    this.child.stdin.on('error', () => undefined);
  }

  private drain(): void {
    while (this.waiting.length) {
      const nl = this.buffer.indexOf(10);
      if (nl === -1) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()!.resolve(null);
        continue;
      }
      const [oid, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      if (this.buffer.length < nl + 1 + size + 1) return;
      const data = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.waiting.shift()!.resolve({ oid, type, data });
    }
  }

  read(oid: string): Promise<CatFileObject | null> {
    if (this.closed) return Promise.reject(new GitError('git cat-file is closed', null, ''));
    if (!/^[0-9a-f]{40,64}$/.test(oid)) return Promise.reject(new GitError(`bad object id ${oid}`, null, ''));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.closed = true;
    this.child.stdin.end();
  }
}

/** One entry of `git ls-tree -r -z --full-tree -l`. */
export interface TreeEntry {
  mode: string;
  type: string;
  oid: string;
  size: number | null;
  path: string;
}

export async function lsTree(treeish: string, opts: GitRunOptions): Promise<TreeEntry[]> {
  const out = await git(['ls-tree', '-r', '-z', '-l', '--full-tree', treeish, '--'], opts);
  const entries: TreeEntry[] = [];
  for (const rec of out.toString('utf8').split('\0')) {
    if (!rec) continue;
    const tab = rec.indexOf('\t');
    const [mode, type, oid, size] = rec.slice(0, tab).split(/\s+/);
    entries.push({ mode, type, oid, size: size === '-' ? null : Number(size), path: rec.slice(tab + 1) });
  }
  return entries;
}
