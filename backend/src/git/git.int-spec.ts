import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeForge } from '../../test/fake-forge/server.mjs';
import { GitServer } from '../../test/git-server/server.mjs';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { TasksService } from '../tasks/tasks.service.js';
import { GitTasksService } from './git-tasks.service.js';

const TOKEN = 'ghp_RightToken0123456789abcdef';
const WRONG = 'ghp_WrongToken9876543210fedcba';

describe('git in and out (real API, real git http-backend, fake forge)', () => {
  const server = new GitServer({ token: TOKEN });
  const forge = new FakeForge({ token: TOKEN });
  let api: TestApi;
  let owner: Session;
  let member: Session;
  let ws: string;
  const binary = randomBytes(4096);
  let upstreamHead: string;

  const remote = () => `${server.url}/acme/app.git`;
  const newTask = async (title: string) =>
    api.app.get(TasksService).createTask({
      workspaceId: ws,
      createdBy: owner.id,
      parentId: null,
      mode: 'code',
      providerId: null,
      prompt: title,
      autoApprove: {},
    });
  const setStatus = (taskId: string, status: string) =>
    api.app.get(DataSource).query('UPDATE tasks SET status = $2 WHERE id = $1', [taskId, status]);

  beforeAll(async () => {
    await server.start();
    await forge.start();
    upstreamHead = server.createRepo('acme/app.git', {
      'README.md': '# app\n',
      'src/index.js': 'console.log(1);\n',
      'assets/logo.bin': binary,
      'docs/ünïcode.md': 'ü\n',
    });
    api = await startApi({ GIT_TRUSTED_HOSTS: `${server.hostPort},${forge.hostPort}` });
    owner = await signUp(api);
    member = await signUp(api);
    ws = await createWorkspace(api, owner);
    // Straight into the table: how someone becomes a member (invitation or not) is not what this tests.
    await api.app
      .get(DataSource)
      .query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'member')`, [
        ws,
        member.id,
      ]);
  });
  afterAll(async () => {
    await api?.close();
    await server.close();
    await forge.close();
  });

  describe('linking refuses hostile input with 400', () => {
    it.each([
      ['file:///etc', /scheme is not allowed/],
      ['/srv/git/app.git', /https:\/\//],
      ['https://127.0.0.1/acme/app.git', /private, loopback/],
      ['https://169.254.169.254/latest/meta-data', /private, loopback/],
      ['https://localhost/acme/app.git', /private, loopback/],
      [`https://x:${TOKEN}@github.com/acme/app.git`, /must not contain credentials/],
      ['--upload-pack=touch /tmp/pwned', /spaces|must not start/],
      ['ext::sh -c id', /spaces/],
    ])('%s', async (url, why) => {
      const res = await http(api)
        .put(`/api/v1/workspaces/${ws}/git`)
        .set(bearer(owner))
        .send({ url, token: TOKEN })
        .expect(400);
      expect(res.body.message).toMatch(why);
      expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    });

    it('a member is not allowed to link (admins and owners only)', async () => {
      await http(api)
        .put(`/api/v1/workspaces/${ws}/git`)
        .set(bearer(member))
        .send({ url: remote(), token: TOKEN })
        .expect(403);
    });

    it('a wrong token is refused with a clear message that never echoes it', async () => {
      const res = await http(api)
        .put(`/api/v1/workspaces/${ws}/git`)
        .set(bearer(owner))
        .send({ url: remote(), token: WRONG })
        .expect(400);
      expect(res.body.message).toMatch(/refused the credential/);
      expect(JSON.stringify(res.body)).not.toContain(WRONG);
      expect(api.logs.join('')).not.toContain(WRONG);
      await http(api).get(`/api/v1/workspaces/${ws}/git`).set(bearer(owner)).expect(404);
    });
  });

  it('links with the right token (sealed, never returned, audited), imports the branch byte for byte', async () => {
    const linked = await http(api)
      .put(`/api/v1/workspaces/${ws}/git`)
      .set(bearer(owner))
      .send({ url: remote(), token: TOKEN, forge: 'github', forgeApiUrl: forge.url })
      .expect(200);
    expect(linked.body).toMatchObject({ url: remote(), defaultBranch: 'main', forge: 'github' });
    expect(JSON.stringify(linked.body)).not.toContain(TOKEN);
    const [{ sealed }] = await api.app
      .get(DataSource)
      .query('SELECT secret_enc AS sealed FROM git_links WHERE workspace_id = $1', [ws]);
    expect(sealed).not.toContain(TOKEN);
    const audit = await api.app
      .get(DataSource)
      .query(`SELECT action FROM audit_logs WHERE target = $1 AND action LIKE 'git.%'`, [ws]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('git.linked');

    const imported = await http(api)
      .post(`/api/v1/workspaces/${ws}/git/import`)
      .set(bearer(member))
      .send({})
      .expect(200);
    expect(imported.body.commit).toBe(upstreamHead);
    expect(imported.body.written.sort()).toEqual(
      ['README.md', 'assets/logo.bin', 'docs/ünïcode.md', 'src/index.js'].sort(),
    );
    const logo = await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content`)
      .query({ path: 'assets/logo.bin' })
      .set(bearer(owner))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((logo.body as Buffer).equals(binary)).toBe(true);
    // Every request to the git server carried the credential as a header, never in the path.
    expect(server.requests.some((r) => r.path.includes(TOKEN) || r.path.includes(WRONG))).toBe(false);
  });

  it('refuses option injection and invalid names in branch names with 400', async () => {
    const task = await newTask('Injection');
    for (const branch of ['--upload-pack=touch /tmp/x', '-f', 'a..b', 'x.lock', 'a b', 'refs/../x']) {
      const res = await http(api)
        .post(`/api/v1/tasks/${task.id}/git/branch`)
        .set(bearer(owner))
        .send({ branch })
        .expect(400);
      expect(res.body.message).toMatch(/not a valid branch name/);
    }
    await http(api)
      .post(`/api/v1/workspaces/${ws}/git/import`)
      .set(bearer(owner))
      .send({ branch: '--upload-pack=id' })
      .expect(400);
  });

  it("commits the agent's changes with its message, pushes the branch, opens the PR with the right head/base/title", async () => {
    const task = await newTask('Fix the logger');
    // The agent's change set: edit one file, add one, delete one.
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content`)
      .query({ path: 'src/index.js' })
      .set(bearer(owner))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('console.log(2);\n'))
      .expect((r) => expect([200, 201]).toContain(r.status));
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content`)
      .query({ path: 'src/new.js' })
      .set(bearer(owner))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('export {};\n'))
      .expect((r) => expect([200, 201]).toContain(r.status));
    await http(api)
      .delete(`/api/v1/workspaces/${ws}/files`)
      .query({ path: 'README.md' })
      .set(bearer(owner))
      .expect(204);

    // Still running: no commit yet.
    await setStatus(task.id, 'running');
    await http(api).post(`/api/v1/tasks/${task.id}/git/commit`).set(bearer(owner)).send({}).expect(409);
    await setStatus(task.id, 'completed');
    await api.app.get(TaskJournal).record(task.id, [
      {
        type: 'say',
        say: 'completion_result',
        text: 'Log 2 instead of 1\n\nThe logger printed the wrong number; README moved to the wiki.',
      },
    ]);

    const res = await http(api)
      .post(`/api/v1/tasks/${task.id}/git/commit`)
      .set(bearer(member))
      .send({ pullRequest: true })
      .expect(200);
    const branch = res.body.branch as string;
    expect(branch).toMatch(new RegExp(`^roo/${task.id.slice(0, 8)}-fix-the-logger$`));
    expect(res.body.commits).toHaveLength(1);
    expect(res.body.prUrl).toMatch(/\/pull\/\d+$/);

    // The real server has the branch with the agent's commit on top of main.
    const head = server.git('acme/app.git', 'rev-parse', `refs/heads/${branch}`);
    expect(head).toBe(res.body.headCommit);
    expect(server.git('acme/app.git', 'rev-parse', `${head}^`)).toBe(upstreamHead);
    expect(server.git('acme/app.git', 'log', '-1', '--format=%B', head)).toContain('Log 2 instead of 1');
    expect(server.git('acme/app.git', 'log', '-1', '--format=%B', head)).toContain(`Roo-Task: ${task.id}`);
    expect(server.git('acme/app.git', 'show', `${head}:src/index.js`)).toBe('console.log(2);');
    expect(server.git('acme/app.git', 'show', `${head}:src/new.js`)).toBe('export {};');
    expect(server.git('acme/app.git', 'ls-tree', '--name-only', head)).not.toContain('README.md');
    // Untouched files keep their blobs (the binary is not re-encoded).
    expect(server.git('acme/app.git', 'rev-parse', `${head}:assets/logo.bin`)).toBe(
      server.git('acme/app.git', 'rev-parse', `${upstreamHead}:assets/logo.bin`),
    );

    const pr = forge.requests.at(-1)!;
    expect(pr.path).toBe('/repos/acme/app/pulls');
    expect(pr.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(pr.body).toMatchObject({ head: branch, base: 'main', title: 'Log 2 instead of 1' });

    const diff = await http(api).get(`/api/v1/tasks/${task.id}/git/diff`).set(bearer(owner)).expect(200);
    expect(diff.body.patch).toContain('-console.log(1);');
    expect(diff.body.patch).toContain('+console.log(2);');
    expect(diff.body.files).toEqual(
      expect.arrayContaining([
        { status: 'D', path: 'README.md' },
        { status: 'M', path: 'src/index.js' },
        { status: 'A', path: 'src/new.js' },
      ]),
    );
    const status = await http(api).get(`/api/v1/tasks/${task.id}/git`).set(bearer(owner)).expect(200);
    expect(status.body).toMatchObject({ branch, baseBranch: 'main', prUrl: res.body.prUrl });

    // Nothing new: a second commit is refused; the remote branch is not overwritten.
    await http(api).post(`/api/v1/tasks/${task.id}/git/commit`).set(bearer(owner)).send({}).expect(409);
  });

  it('at completion (autoPush) the worker hook pushes and opens a GitLab merge request', async () => {
    await http(api)
      .put(`/api/v1/workspaces/${ws}/git`)
      .set(bearer(owner))
      .send({
        url: remote(),
        token: TOKEN,
        forge: 'gitlab',
        forgeApiUrl: `${forge.url}/api/v4`,
        autoPush: true,
        autoPullRequest: true,
      })
      .expect(200);
    const task = await newTask('Second change');
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content`)
      .query({ path: 'src/second.js' })
      .set(bearer(owner))
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('2\n'))
      .expect((r) => expect([200, 201]).toContain(r.status));
    await setStatus(task.id, 'completed');
    await api.app
      .get(TaskJournal)
      .record(task.id, [{ type: 'say', say: 'completion_result', text: 'Add the second module' }]);
    await api.app.get(GitTasksService).onTaskCompleted(task.id);

    const status = await http(api).get(`/api/v1/tasks/${task.id}/git`).set(bearer(owner)).expect(200);
    expect(status.body.lastError).toBeNull();
    expect(server.git('acme/app.git', 'rev-parse', `refs/heads/${status.body.branch}`)).toBe(
      status.body.headCommit,
    );
    const mr = forge.requests.at(-1)!;
    expect(mr.path).toBe('/api/v4/projects/acme%2Fapp/merge_requests');
    expect(mr.headers['private-token']).toBe(TOKEN);
    expect(mr.body).toMatchObject({
      source_branch: status.body.branch,
      target_branch: 'main',
      title: 'Add the second module',
    });
    expect(status.body.prUrl).toMatch(/merge_requests\/\d+$/);
  });

  it('unlinks (admins only, audited)', async () => {
    await http(api).delete(`/api/v1/workspaces/${ws}/git`).set(bearer(member)).expect(403);
    await http(api).delete(`/api/v1/workspaces/${ws}/git`).set(bearer(owner)).expect(204);
    await http(api).get(`/api/v1/workspaces/${ws}/git`).set(bearer(owner)).expect(404);
    const audit = await api.app
      .get(DataSource)
      .query(`SELECT action FROM audit_logs WHERE target = $1 AND action = 'git.unlinked'`, [ws]);
    expect(audit).toHaveLength(1);
  });
});
