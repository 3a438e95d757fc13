import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BadInputError } from '../common/errors/domain-errors.js';
import { checkedLookup, isTrusted, type TrustedHosts } from './egress.js';
import type { Forge } from './entities.js';
import { GitRemoteError } from './remote-ops.js';
import { projectPath, type Remote } from './remote-url.js';

export interface PullRequestInput {
  head: string;
  base: string;
  title: string;
  body: string;
}
export interface PullRequestResult {
  url: string;
  number: number;
}

/** The REST API root: the link's own (GitHub Enterprise, self-hosted GitLab) or the public one. */
export function forgeApiBase(forge: Forge, remote: Remote, configured: string | null): string {
  if (configured) return configured.replace(/\/+$/, '');
  if (forge === 'github')
    return remote.host === 'github.com' ? 'https://api.github.com' : `https://${remote.host}/api/v3`;
  return `https://${remote.host}/api/v4`;
}

/** Checks a forge API URL the user gives: https (http only to a trusted host), no credentials. */
export function checkForgeApiUrl(input: string, trusted: TrustedHosts): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new BadInputError('forgeApiUrl must be an https:// URL');
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isTrusted(trusted, url.hostname, port)))
    throw new BadInputError('forgeApiUrl must be an https:// URL');
  if (url.username || url.password || url.search || url.hash)
    throw new BadInputError('forgeApiUrl must not contain credentials, a query or a fragment');
  return url.toString().replace(/\/+$/, '');
}

interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

/** One JSON request; the connection goes only to addresses the egress rule allows (checked at connect time). */
function postJson(
  url: string,
  headers: Record<string, string>,
  payload: unknown,
  trusted: TrustedHosts,
  timeoutMs: number,
): Promise<JsonResponse> {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  const data = Buffer.from(JSON.stringify(payload));
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(data.length),
          'user-agent': 'roo-server',
          ...headers,
        },
        lookup: checkedLookup(trusted, port),
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 1024 * 1024) chunks.push(c);
        });
        res.on('end', () => {
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            /* a non-JSON answer keeps an empty body; the status says what happened */
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

const messageOf = (body: Record<string, unknown>) => {
  const m = body.message ?? body.error;
  const errors = Array.isArray(body.errors)
    ? body.errors.map((e) => (typeof e === 'object' && e ? (e as { message?: string }).message : e))
    : [];
  return [typeof m === 'string' ? m : JSON.stringify(m ?? ''), ...errors]
    .filter(Boolean)
    .join('; ')
    .slice(0, 300);
};

/**
 * Opens a pull request (GitHub: POST /repos/{owner}/{repo}/pulls) or merge request
 * (GitLab: POST /projects/:id/merge_requests) with the link's token.
 */
export async function openPullRequest(
  forge: Forge,
  apiBase: string,
  remote: Remote,
  token: string,
  pr: PullRequestInput,
  trusted: TrustedHosts,
  timeoutMs = 30_000,
): Promise<PullRequestResult> {
  const project = projectPath(remote);
  let res: JsonResponse;
  try {
    if (forge === 'github') {
      const [owner, repo] = project.split('/');
      res = await postJson(
        `${apiBase}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/pulls`,
        {
          authorization: `Bearer ${token}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
        },
        { title: pr.title, head: pr.head, base: pr.base, body: pr.body },
        trusted,
        timeoutMs,
      );
    } else if (forge === 'gitlab') {
      res = await postJson(
        `${apiBase}/projects/${encodeURIComponent(project)}/merge_requests`,
        { 'private-token': token },
        { source_branch: pr.head, target_branch: pr.base, title: pr.title, description: pr.body },
        trusted,
        timeoutMs,
      );
    } else throw new BadInputError('this link has no forge (GitHub or GitLab) to open a pull request on');
  } catch (e) {
    if (e instanceof BadInputError) throw e;
    throw new GitRemoteError(`the ${forge} API could not be reached: ${(e as Error).message}`);
  }
  if (res.status === 401 || res.status === 403)
    throw new BadInputError(`the ${forge} API refused the token (${res.status}): ${messageOf(res.body)}`);
  if (res.status < 200 || res.status >= 300)
    throw new GitRemoteError(`the ${forge} API answered ${res.status}: ${messageOf(res.body)}`);
  const url = forge === 'github' ? res.body.html_url : res.body.web_url;
  const number = forge === 'github' ? res.body.number : res.body.iid;
  if (typeof url !== 'string' || typeof number !== 'number')
    throw new GitRemoteError(`the ${forge} API answered without a pull request link`);
  return { url, number };
}
