import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  signUp,
  type Session,
} from '../../test/clients.js';
import { FakeForge } from '../../test/fake-forge/server.mjs';
import { FakeLlm, lastToolResult, toolResultsIn, type FakeRequest } from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { GitServer } from '../../test/git-server/server.mjs';
import { startApi, type TestApi } from '../../test/harness.js';
import { stepMessage } from './task-workcopy.js';

const TOKEN = 'ghp_LifecycleToken0123456789ab';
// Bytes a text round trip would change: CRLF, non-ASCII, a trailing space, no final newline.
const FIRST = 'first version ü\r\nline two \r\nno newline';

const promptOf = (body: FakeRequest['body']) => {
  const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const user = messages.find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
};
const done = (result: string) => ({ toolCalls: [{ name: 'attempt_completion', input: { result } }] });

function script(request: FakeRequest) {
  const prompt = promptOf(request.body);
  const step = toolResultsIn(request.body);
  if (prompt.includes('WRITE-THEN-RUN')) {
    if (step === 0)
      return { toolCalls: [{ name: 'write_to_file', input: { path: 'notes/a.txt', content: FIRST } }] };
    if (step === 1)
      return {
        toolCalls: [
          {
            name: 'execute_command',
            input: { command: 'echo second > notes/a.txt && echo made > notes/b.txt' },
          },
        ],
      };
    return done(lastToolResult(request.body).split('\n')[0]);
  }
  if (prompt.includes('ON-A-BRANCH')) {
    if (step === 0)
      return {
        toolCalls: [{ name: 'write_to_file', input: { path: 'src/feature.js', content: 'export {};\n' } }],
      };
    return done('Add the feature module\n\nIt exports nothing yet.');
  }
  return done('nothing to do');
}

type Checkpoint = { seq: number; kind: string; message: string; files: { path: string; status: string }[] };

describe('task lifecycle: checkpoints and git around a real agent run (API, worker, fake LLM, git server)', () => {
  const server = new GitServer({ token: TOKEN });
  const forge = new FakeForge({ token: TOKEN });
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'roo-lifecycle-test-'));
    // The sandbox's uid passes through to the copies (as through the server's own folders).
    await chmod(root, 0o711);
    await server.start();
    await forge.start();
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '5000',
      WORKCOPY_DIR: join(root, 'copies'),
      CHECKPOINTS_DIR: join(root, 'checkpoints'),
      GIT_TRUSTED_HOSTS: `${server.hostPort},${forge.hostPort}`,
    });
    worker = await startWorker(api.config);
    owner = await signUp(api);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
    await server.close();
    await forge.close();
    await rm(root, { recursive: true, force: true });
  });

  const start = async (ws: string, prompt: string, autoApprove: Record<string, boolean>) => {
    const providerId = await createFakeProvider(api, owner, ws, fake.url);
    return (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode: 'code', providerId, autoApprove })
        .expect(201)
    ).body.id as string;
  };
  const status = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body.status as string;
  const until = (id: string, want: string) => waitFor(async () => (await status(id)) === want, 20_000, want);
  const fileBytes = async (ws: string, path: string) =>
    (
      await http(api)
        .get(`/api/v1/workspaces/${ws}/files/content`)
        .query({ path })
        .set(bearer(owner))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;

  it('names what a sync-back wrote in the checkpoint message', () => {
    expect(stepMessage({ uploaded: ['a', 'b'], deleted: ['c'] })).toBe('changed a, changed b, deleted c');
    expect(stepMessage({ uploaded: ['1', '2', '3', '4', '5', '6', '7'], deleted: [] })).toMatch(
      /changed 5 and 2 more$/,
    );
  });

  it('records checkpoints as the task writes and runs; diff shows the change; a file restores byte for byte', async () => {
    const ws = await createWorkspace(api, owner, 'lifecycle');
    await http(api)
      .put(`/api/v1/workspaces/${ws}/command-settings`)
      .set(bearer(owner))
      .send({ allowedCommands: ['echo'] })
      .expect(200);
    const id = await start(ws, 'WRITE-THEN-RUN', { write: true, execute: true });
    await until(id, 'completed');

    const list = (await http(api).get(`/api/v1/tasks/${id}/checkpoints`).set(bearer(owner)).expect(200))
      .body as Checkpoint[];
    // The starting state, the write, the command's change set.
    expect(list.map((c) => c.kind)).toEqual(['initial', 'step', 'step']);
    expect(list[1]).toMatchObject({ message: 'changed notes/a.txt', files: [{ path: 'notes/a.txt' }] });
    expect(list[2].message).toMatch(/changed notes\/(a|b)\.txt, changed notes\/(a|b)\.txt/);
    expect(list[2].files.map((f) => f.path).sort()).toEqual(['notes/a.txt', 'notes/b.txt']);
    // The history says so too (Roo's checkpoint_saved).
    const msgs = (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200))
      .body as { say?: string }[];
    expect(msgs.filter((m) => m.say === 'checkpoint_saved')).toHaveLength(3);

    const diff = await http(api)
      .get(`/api/v1/tasks/${id}/checkpoints/${list[2].seq}/diff`)
      .set(bearer(owner));
    expect(diff.status).toBe(200);
    expect(diff.body.patch).toContain('+second');
    expect(diff.body.patch).toContain('-line two ');
    expect(diff.body.patch).toContain('+made');

    expect((await fileBytes(ws, 'notes/a.txt')).toString()).toBe('second\n');
    const restored = await http(api)
      .post(`/api/v1/tasks/${id}/checkpoints/${list[1].seq}/restore`)
      .set(bearer(owner))
      .send({ path: 'notes/a.txt' })
      .expect(200);
    expect(restored.body).toMatchObject({ restoredFrom: list[1].seq, path: 'notes/a.txt', conflicts: [] });
    expect((await fileBytes(ws, 'notes/a.txt')).equals(Buffer.from(FIRST))).toBe(true);
    // One file only: the command's other file stays.
    expect((await fileBytes(ws, 'notes/b.txt')).toString()).toBe('made\n');
    const after = (await http(api).get(`/api/v1/tasks/${id}/checkpoints`).set(bearer(owner)).expect(200))
      .body as Checkpoint[];
    expect(after.at(-1)).toMatchObject({ kind: 'restore' });
  });

  it('a task in a workspace linked with autoPush ends with its branch pushed and the pull request opened', async () => {
    const upstream = server.createRepo('acme/lifecycle.git', { 'README.md': '# app\n' });
    const ws = await createWorkspace(api, owner, 'branchy');
    await http(api)
      .put(`/api/v1/workspaces/${ws}/git`)
      .set(bearer(owner))
      .send({
        url: `${server.url}/acme/lifecycle.git`,
        token: TOKEN,
        forge: 'github',
        forgeApiUrl: forge.url,
        autoPush: true,
        autoPullRequest: true,
      })
      .expect(200);
    await http(api).post(`/api/v1/workspaces/${ws}/git/import`).set(bearer(owner)).send({}).expect(200);
    const id = await start(ws, 'ON-A-BRANCH', { write: true });
    await until(id, 'completed');

    // The push runs after the final sync-back, once the task is completed.
    const git = await waitFor(
      async () => {
        const r = await http(api).get(`/api/v1/tasks/${id}/git`).set(bearer(owner));
        return r.status === 200 && r.body.prUrl ? (r.body as Record<string, string | null>) : undefined;
      },
      20_000,
      'pull request opened',
    );
    expect(git.lastError).toBeNull();
    const branch = git.branch!;
    expect(branch).toMatch(/^roo\//);
    const head = server.git('acme/lifecycle.git', 'rev-parse', `refs/heads/${branch}`);
    expect(head).toBe(git.headCommit);
    expect(server.git('acme/lifecycle.git', 'rev-parse', `${head}^`)).toBe(upstream);
    expect(server.git('acme/lifecycle.git', 'show', `${head}:src/feature.js`)).toBe('export {};');
    expect(server.git('acme/lifecycle.git', 'log', '-1', '--format=%s', head)).toBe('Add the feature module');

    const pr = forge.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'));
    expect(pr?.path).toBe('/repos/acme/lifecycle/pulls');
    expect(pr?.body).toMatchObject({ head: branch, base: 'main', title: 'Add the feature module' });
  });
});
