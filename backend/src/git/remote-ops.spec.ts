import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitServer } from '../../test/git-server/server.mjs';
import { git, gitText } from './git-exec.js';
import { RemoteOps } from './remote-ops.js';
import { parseRemote } from './remote-url.js';

const TOKEN = 'glpat-right-token-0123456789';

describe('RemoteOps against a real git http-backend', () => {
  const server = new GitServer({ token: TOKEN });
  let dir: string;
  let first: string;
  const ops = (token: string) =>
    new RemoteOps(
      parseRemote(`${server.url}/acme/app.git`, [server.hostPort]),
      { kind: 'token', username: 'oauth2', token },
      { trusted: [server.hostPort], timeoutMs: 30_000 },
    );

  beforeAll(async () => {
    await server.start();
    first = server.createRepo('acme/app.git', { 'README.md': '# app\n' });
    dir = mkdtempSync(join(tmpdir(), 'roo-remote-ops-'));
    await git(['init', '--bare', '-q', dir]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches with the right token, sent as a header and never in the URL', async () => {
    expect(await ops(TOKEN).defaultBranch()).toBe('main');
    expect(await ops(TOKEN).fetch(dir, 'main', 1)).toBe(first);
    const authed = server.requests.filter((r) => r.authorized);
    expect(authed.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => !r.path.includes(TOKEN))).toBe(true);
    // Nothing about the remote or the credential is written into the local repository.
    expect(await gitText(['config', '--list', '--local'], { gitDir: dir })).not.toContain('127.0.0.1');
  });

  it('refuses a wrong token with a clear message that does not echo it', async () => {
    const wrong = 'glpat-wrong-token-9876543210';
    const err = await ops(wrong)
      .fetch(dir, 'main')
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/refused the credential/);
    expect((err as Error).message).not.toContain(wrong);
    expect((err as { status?: number }).status).toBe(400);
  });

  it('pushes a new commit to a new branch, guarded by a lease', async () => {
    const tree = await gitText(['rev-parse', `${first}^{tree}`], { gitDir: dir });
    const commit = await gitText(['commit-tree', tree, '-p', first, '-m', 'agent change'], { gitDir: dir });
    await ops(TOKEN).push(dir, commit, 'roo/abc', null);
    expect(server.git('acme/app.git', 'rev-parse', 'refs/heads/roo/abc')).toBe(commit);
    expect(await ops(TOKEN).branchHead('roo/abc')).toBe(commit);
    // The branch exists now: a lease that says "must not exist" is refused.
    await expect(ops(TOKEN).push(dir, first, 'roo/abc', null)).rejects.toThrow(/rejected/);
  });
});
