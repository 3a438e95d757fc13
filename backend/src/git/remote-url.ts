import { BadInputError } from '../common/errors/domain-errors.js';
import { isTrusted, type TrustedHosts } from './egress.js';

export interface Remote {
  scheme: 'https' | 'http' | 'ssh';
  /** ssh login (`git`); never set for https (the credential is kept apart from the URL). */
  user: string | null;
  host: string;
  port: number;
  /** Repository path without the leading slash, e.g. `acme/app.git`. */
  path: string;
  /** `git@host:path` form (kept so the path stays relative to the login's home, as ssh means it). */
  scpLike: boolean;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const IPV6 = /^\[[0-9a-f:.]+\]$/i;
const PATH = /^[A-Za-z0-9._~\-/+%]+$/;
const USER = /^[A-Za-z0-9._-]{1,64}$/;

function checkHost(host: string): string {
  if (!(HOST.test(host) || IPV6.test(host)) || host.startsWith('-'))
    throw new BadInputError('the remote URL has an invalid host');
  return host.toLowerCase();
}

function checkPath(path: string): string {
  const p = path.replace(/^\/+/, '');
  if (!p || !PATH.test(p) || p.split('/').some((s) => s === '..' || s.startsWith('-')))
    throw new BadInputError('the remote URL has an invalid repository path');
  return p;
}

/**
 * Parses a remote the user gives. Only https (or ssh) to a named host: no file://,
 * git://, ext::, local paths, option-looking values (`-u…`, `--upload-pack=…`), and no
 * credentials inside the URL (they would end up in logs and `.git/config`).
 */
export function parseRemote(input: unknown, trusted: TrustedHosts = []): Remote {
  if (typeof input !== 'string' || !input.trim()) throw new BadInputError('url is required');
  const raw = input.trim();
  if (raw.length > 500) throw new BadInputError('the remote URL is too long');
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) throw new BadInputError('the remote URL has spaces or controls');
  if (raw.startsWith('-')) throw new BadInputError('the remote URL must not start with "-"');
  const scp = /^([A-Za-z0-9._-]+)@([^:/]+):(?!\/\/)(.+)$/.exec(raw);
  if (scp && !raw.includes('://')) {
    if (!USER.test(scp[1])) throw new BadInputError('the remote URL has an invalid user');
    return {
      scheme: 'ssh',
      user: scp[1],
      host: checkHost(scp[2]),
      port: 22,
      path: checkPath(scp[3]),
      scpLike: true,
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadInputError('the remote must be an https:// or ssh:// URL (or git@host:path)');
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'https' && scheme !== 'ssh' && scheme !== 'http')
    throw new BadInputError(`the ${scheme}:// scheme is not allowed; use https:// or ssh://`);
  const host = checkHost(url.hostname);
  const port = url.port ? Number(url.port) : scheme === 'ssh' ? 22 : scheme === 'https' ? 443 : 80;
  if (scheme === 'http' && !isTrusted(trusted, host, port))
    throw new BadInputError('plain http:// is not allowed; use https://');
  if (url.password || (scheme !== 'ssh' && url.username))
    throw new BadInputError('the remote URL must not contain credentials; give the token in its own field');
  if (url.search || url.hash) throw new BadInputError('the remote URL must not have a query or fragment');
  if (url.username && !USER.test(url.username)) throw new BadInputError('the remote URL has an invalid user');
  return {
    scheme,
    user: scheme === 'ssh' ? url.username || 'git' : null,
    host,
    port,
    path: checkPath(decodeURIComponent(url.pathname)),
    scpLike: false,
  };
}

/** The URL as stored and shown: never holds a credential. */
export function remoteUrl(r: Remote, hostOverride?: string): string {
  const host = hostOverride ?? r.host;
  if (r.scheme === 'ssh') {
    if (r.scpLike && r.port === 22) return `${r.user}@${host}:${r.path}`;
    return `ssh://${r.user}@${host}${r.port === 22 ? '' : `:${r.port}`}/${r.path}`;
  }
  const defaultPort = r.scheme === 'https' ? 443 : 80;
  return `${r.scheme}://${host}${r.port === defaultPort ? '' : `:${r.port}`}/${r.path}`;
}

/** `owner/repo` (or a GitLab group path) from the repository path. */
export const projectPath = (r: Remote) => r.path.replace(/\.git$/, '').replace(/\/+$/, '');

/**
 * `git check-ref-format` rules for a branch name (refs/heads/<name>), plus: no leading
 * `-` (it would read as an option) and a length cap. Returns the name or throws 400.
 */
export function checkBranchName(input: unknown): string {
  if (typeof input !== 'string' || !input) throw new BadInputError('branch is required');
  const name = input;
  const bad = (why: string) =>
    new BadInputError(`"${name.slice(0, 100)}" is not a valid branch name: ${why}`);
  if (name.length > 200) throw bad('longer than 200 characters');
  if (name.startsWith('-')) throw bad('it must not start with "-"');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name)) throw bad('it has a space, control or one of ~^:?*[\\');
  if (name.includes('..')) throw bad('it contains ".."');
  if (name.includes('@{')) throw bad('it contains "@{"');
  if (name === '@') throw bad('"@" alone is reserved');
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) throw bad('empty path component');
  if (name.endsWith('.')) throw bad('it ends with "."');
  for (const part of name.split('/')) {
    if (part.startsWith('.')) throw bad('a component starts with "."');
    if (part.endsWith('.lock')) throw bad('a component ends with ".lock"');
  }
  if (name === 'HEAD') throw bad('HEAD is reserved');
  return name;
}

/** `roo/<short id>-<slug>`: readable and unique per task. */
export function taskBranchName(taskId: string, title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return checkBranchName(`roo/${taskId.slice(0, 8)}${slug ? `-${slug}` : ''}`);
}
