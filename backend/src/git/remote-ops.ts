import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { BadInputError, DomainError } from '../common/errors/domain-errors.js';
import { resolvePublic, type TrustedHosts } from './egress.js';
import { git, GitError, gitText, type GitRunOptions } from './git-exec.js';
import { remoteUrl, type Remote } from './remote-url.js';

/** The remote could not be reached or answered with an error that is not the user's input. */
export class GitRemoteError extends DomainError {
  constructor(message: string) {
    super(502, message);
  }
}

export type GitCredential =
  | { kind: 'token'; username: string; token: string }
  | { kind: 'ssh'; privateKey: string; knownHosts: string | null };

/** How one operation reaches the remote: the URL to give git and the settings that carry the credential. */
interface Connection {
  url: string;
  opts: GitRunOptions;
  dispose(): Promise<void>;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Resolves and checks the host once, then pins git to the checked addresses (curl's
 * resolve list for https; the address itself for ssh, with the name kept as the host key
 * alias), so a DNS answer that changes in between cannot reach an internal address.
 * The token travels as an `http.extraHeader` in the child's environment: never in the
 * URL, argv, `.git/config` or a log.
 */
async function connect(
  remote: Remote,
  cred: GitCredential,
  trusted: TrustedHosts,
  timeoutMs: number,
): Promise<Connection> {
  const addresses = await resolvePublic(remote.host, remote.port, trusted);
  const bracket = (a: string) => (ipaddr.parse(a).kind() === 'ipv6' ? `[${a}]` : a);
  if (remote.scheme !== 'ssh') {
    if (cred.kind !== 'token') throw new BadInputError('an https remote needs a token, not an ssh key');
    const basic = Buffer.from(`${cred.username}:${cred.token}`).toString('base64');
    return {
      url: remoteUrl(remote),
      opts: {
        timeoutMs,
        secrets: [cred.token, basic],
        config: {
          'http.extraHeader': `Authorization: Basic ${basic}`,
          'http.curloptResolve': `${remote.host.replace(/^\[|\]$/g, '')}:${remote.port}:${addresses.map(bracket).join(',')}`,
          'http.lowSpeedLimit': '1000',
          'http.lowSpeedTime': '60',
        },
      },
      dispose: async () => undefined,
    };
  }
  if (cred.kind !== 'ssh') throw new BadInputError('an ssh remote needs a deploy key, not a token');
  const dir = await mkdtemp(join(tmpdir(), 'roo-ssh-'));
  const key = join(dir, 'key');
  const known = join(dir, 'known_hosts');
  await writeFile(key, cred.privateKey.endsWith('\n') ? cred.privateKey : `${cred.privateKey}\n`, {
    mode: 0o600,
  });
  await writeFile(known, cred.knownHosts ?? '', { mode: 0o600 });
  const ssh = [
    'ssh',
    '-F',
    '/dev/null',
    '-i',
    shellQuote(key),
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `StrictHostKeyChecking=${cred.knownHosts ? 'yes' : 'accept-new'}`,
    '-o',
    `UserKnownHostsFile=${shellQuote(known)}`,
    '-o',
    `HostKeyAlias=${shellQuote(remote.host)}`,
    '-o',
    'ConnectTimeout=20',
  ].join(' ');
  return {
    url: remoteUrl(remote, bracket(addresses[0])),
    opts: { timeoutMs, secrets: [cred.privateKey], env: { GIT_SSH_COMMAND: ssh, GIT_SSH_VARIANT: 'ssh' } },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Turns git's words into one the user can act on; never echoes the credential. */
export function explain(e: unknown, remote: Remote): Error {
  if (e instanceof DomainError) return e;
  const text = e instanceof GitError ? `${e.message}\n${e.stderr}` : String(e);
  const where = remoteUrl(remote);
  if (
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|HTTP 40[13]|returned error: 40[13]|Permission denied \(publickey/i.test(
      text,
    )
  )
    return new BadInputError(
      `the git server refused the credential for ${where}: check the token (or deploy key) and that it may read and write this repository`,
    );
  if (/Repository not found|not found|does not appear to be a git repository|HTTP 404/i.test(text))
    return new BadInputError(`repository ${where} not found (or the credential cannot see it)`);
  if (/couldn't find remote ref|Remote branch .* not found/i.test(text))
    return new BadInputError(`the branch was not found on ${where}`);
  if (/non-fast-forward|fetch first|rejected|stale info/i.test(text))
    return new GitRemoteError(`the push to ${where} was rejected (the branch moved on the remote)`);
  const first = e instanceof Error ? e.message : String(e);
  return new GitRemoteError(`git could not talk to ${where}: ${first.slice(0, 300)}`);
}

export interface RemoteOpsOptions {
  trusted: TrustedHosts;
  timeoutMs: number;
}

/** Fetch, list and push against one linked remote, in a local (bare) repository. */
export class RemoteOps {
  constructor(
    private readonly remote: Remote,
    private readonly cred: GitCredential,
    private readonly options: RemoteOpsOptions,
  ) {}

  private async with<T>(fn: (c: Connection) => Promise<T>): Promise<T> {
    const c = await connect(this.remote, this.cred, this.options.trusted, this.options.timeoutMs);
    try {
      return await fn(c);
    } catch (e) {
      throw explain(e, this.remote);
    } finally {
      await c.dispose();
    }
  }

  /** The commit a remote branch points at, or null when it does not exist. */
  async branchHead(branch: string): Promise<string | null> {
    return this.with(async (c) => {
      const out = await gitText(['ls-remote', '--heads', '--', c.url, `refs/heads/${branch}`], c.opts);
      const line = out.split('\n').find((l) => l.endsWith(`\trefs/heads/${branch}`));
      return line ? line.split('\t')[0] : null;
    });
  }

  /** The remote's default branch (what HEAD points at), or null. */
  async defaultBranch(): Promise<string | null> {
    return this.with(async (c) => {
      const out = await gitText(['ls-remote', '--symref', '--', c.url, 'HEAD'], c.opts);
      const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
      return m ? m[1] : null;
    });
  }

  /** Fetches one branch into `refs/remotes/origin/<branch>` of `gitDir`; returns its commit. */
  async fetch(gitDir: string, branch: string, depth?: number): Promise<string> {
    return this.with(async (c) => {
      const ref = `refs/remotes/origin/${branch}`;
      await git(
        [
          'fetch',
          '--no-tags',
          '--no-write-fetch-head',
          '--no-recurse-submodules',
          ...(depth ? [`--depth=${depth}`] : []),
          '--',
          c.url,
          `+refs/heads/${branch}:${ref}`,
        ],
        { ...c.opts, gitDir },
      );
      return gitText(['rev-parse', '--verify', `${ref}^{commit}`], { gitDir });
    });
  }

  /** Pushes `commit` to `refs/heads/<branch>`; `expect` (a commit or null for "must not exist") guards a lost update. */
  async push(gitDir: string, commit: string, branch: string, expect?: string | null): Promise<void> {
    await this.with(async (c) => {
      const lease = expect === undefined ? [] : [`--force-with-lease=refs/heads/${branch}:${expect ?? ''}`];
      await git(['push', '--no-verify', ...lease, '--', c.url, `${commit}:refs/heads/${branch}`], {
        ...c.opts,
        gitDir,
      });
    });
  }
}
