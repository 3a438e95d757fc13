import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, type Session } from '../../test/clients.js';
import { FakeLlm, lastToolResult, toolResultsIn, type FakeRequest } from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { sandboxUid } from '../sandbox/sandbox-uid.js';

const BUGGY = 'export function sum(a, b) {\n  return a - b;\n}\n';
const TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sum } from './sum.mjs';
test('sum adds', () => assert.equal(sum(2, 3), 5));
`;
const FIX =
  '<<<<<<< SEARCH\n:start_line:2\n-------\n  return a - b;\n=======\n  return a + b;\n>>>>>>> REPLACE';

const promptOf = (body: FakeRequest['body']) => {
  const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const user = messages.find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
};
const done = (result: string) => ({ toolCalls: [{ name: 'attempt_completion', input: { result } }] });
const run = (command: string, cwd?: string) => ({
  toolCalls: [{ name: 'execute_command', input: cwd ? { command, cwd } : { command } }],
});

/** One scripted agent per prompt keyword; the step is how many tool results the conversation holds. */
function script(request: FakeRequest) {
  const prompt = promptOf(request.body);
  const step = toolResultsIn(request.body);
  const last = lastToolResult(request.body);
  if (prompt.includes('FIX-LOOP')) {
    switch (step) {
      case 0:
        return { toolCalls: [{ name: 'write_to_file', input: { path: 'lib/sum.mjs', content: BUGGY } }] };
      case 1:
        return { toolCalls: [{ name: 'write_to_file', input: { path: 'lib/sum.test.mjs', content: TEST } }] };
      case 2:
        return run('node --test', 'lib');
      case 3:
        // The model reads the failure and fixes it.
        if (!/Exit code: 1/.test(last) || !/fail 1/.test(last)) return done(`unexpected: ${last}`);
        return { toolCalls: [{ name: 'apply_diff', input: { path: 'lib/sum.mjs', diff: FIX } }] };
      case 4:
        return run('node --test && echo generated > out.txt', 'lib');
      default:
        return done(last.split('\n')[0]);
    }
  }
  if (prompt.includes('ASK-FIRST')) return step === 0 ? run('echo approved-run') : done(last.split('\n')[0]);
  if (prompt.includes('DENIED')) return step === 0 ? run('ls && rm -rf lib') : done(last);
  if (prompt.includes('LONG')) return step === 0 ? run('sleep 1000 & sleep 1000') : done(last);
  if (prompt.includes('LINKS'))
    return step === 0
      ? run('ln -s / rootlink && ln -s /etc/hostname host.txt && mkfifo pipe && echo real > real.txt')
      : done(last);
  if (prompt.includes('ESCAPE-CWD')) return step === 0 ? run('pwd', '../..') : done(last);
  return done('nothing to do');
}

describe('execute_command in agent runs (real API, worker, Postgres, Redis, S3, bubblewrap, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let owner: Session;
  let ws: string;
  let providerId: string;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'roo-cmd-test-'));
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({ LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '5000', WORKCOPY_DIR: root });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'cmd' }).expect(201))
      .body.id;
    providerId = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'fake',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'fake-model',
          apiKey: 'sk-x',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
    await rm(root, { recursive: true, force: true });
  });

  const start = async (prompt: string, autoApprove: Record<string, boolean>) =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode: 'code', providerId, autoApprove })
        .expect(201)
    ).body.id as string;
  const task = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body as {
      status: string;
      error: string | null;
    };
  const until = (id: string, statuses: string[], ms = 20_000) =>
    waitFor(async () => statuses.includes((await task(id)).status) && task(id), ms, statuses.join('|'));
  type Msg = { type: string; say?: string; ask?: string; text: string; meta: Record<string, unknown> };
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as Msg[];
  const file = async (path: string) => {
    const r = await http(api)
      .get(`/api/v1/workspaces/${ws}/files/content?path=${encodeURIComponent(path)}`)
      .set(bearer(owner));
    return r.status === 200 ? r.text : null;
  };
  const settings = (body: Record<string, unknown>) =>
    http(api).put(`/api/v1/workspaces/${ws}/command-settings`).set(bearer(owner)).send(body);

  it('write a failing test, run it, read the failure, fix it with apply_diff, run again: green', async () => {
    await settings({ allowedCommands: ['node', 'echo'] }).expect(200);
    const id = await start('FIX-LOOP: make sum work', { write: true, execute: true });
    await until(id, ['completed', 'failed'], 15_000).catch(async (e) => {
      console.log(
        JSON.stringify(await task(id)),
        JSON.stringify(await messages(id)).slice(0, 3000),
        fake.requests.length,
      );
      throw e;
    });
    const msgs = await messages(id);
    const outputs = msgs.filter((m) => m.say === 'command_output');
    expect(outputs.map((m) => m.meta.exitCode)).toEqual([1, 0]);
    expect(outputs[0].text).toMatch(/fail 1/);
    expect(outputs[1].text).toMatch(/pass 1/);
    expect(msgs.at(-1)).toMatchObject({
      say: 'completion_result',
      text: 'Command executed in /workspace/lib. Exit code: 0',
    });
    expect(await file('lib/sum.mjs')).toContain('a + b');
    // A file the command made went back to the workspace.
    expect(await file('lib/out.txt')).toBe('generated\n');
    // The copy is gone once the task ended.
    await waitFor(async () => !(await copiesLeft()), 5_000, 'no copy left');
  });

  /** Task folders still under the working-copy root. */
  const copiesLeft = async () => {
    let n = 0;
    for (const w of await readdir(root)) n += (await readdir(join(root, w))).length;
    return n;
  };

  it('asks first (a `command` ask) without auto-approve, runs once approved', async () => {
    await settings({ allowedCommands: [] }).expect(200);
    const id = await start('ASK-FIRST', { execute: true });
    await until(id, ['waiting_for_input'], 8000).catch(async (e) => {
      console.log(
        JSON.stringify(await task(id)),
        JSON.stringify(await messages(id)).slice(0, 3000),
        fake.requests.length,
      );
      throw e;
    });
    const ask = (await messages(id)).find((m) => m.type === 'ask');
    expect(ask).toMatchObject({ ask: 'command', text: 'echo approved-run' });
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'x' })
      .expect(400);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(200);
    await until(id, ['completed']);
    const out = (await messages(id)).find((m) => m.say === 'command_output');
    expect(out).toMatchObject({
      text: 'approved-run\n',
      meta: { exitCode: 0, command: 'echo approved-run' },
    });
  });

  it('a denied prefix never runs, whatever the auto-approve', async () => {
    await settings({ allowedCommands: ['*'], deniedCommands: ['rm'] }).expect(200);
    await http(api)
      .put(`/api/v1/workspaces/${ws}/command-settings`)
      .set(bearer(owner))
      .send({ egress: 'everything' })
      .expect(400);
    const id = await start('DENIED', { execute: true });
    await until(id, ['completed']);
    const out = (await messages(id)).find((m) => m.say === 'command_output');
    expect(out?.meta.toolResult).toMatchObject({ isError: true });
    expect(String((out?.meta.toolResult as { content: string }).content)).toMatch(/denied prefix "rm"/);
    expect(await file('lib/sum.mjs')).not.toBeNull();
  });

  it('refuses a cwd outside the copy', async () => {
    const id = await start('ESCAPE-CWD', { execute: true });
    await until(id, ['completed']);
    const out = (await messages(id)).find((m) => m.say === 'command_output');
    expect(String((out?.meta.toolResult as { content: string }).content)).toMatch(/cwd refused/);
  });

  it('symlinks, fifos made by a command are not followed or synced; regular files are', async () => {
    await settings({ allowedCommands: ['*'], deniedCommands: [] }).expect(200);
    const id = await start('LINKS', { execute: true });
    await until(id, ['completed']);
    const out = (await messages(id)).find((m) => m.say === 'command_output');
    const content = String((out?.meta.toolResult as { content: string }).content);
    expect(content).toMatch(/rootlink is a symbolic link; not synced/);
    expect(content).toMatch(/pipe is a fifo; not synced/);
    expect(await file('real.txt')).toBe('real\n');
    expect(await file('rootlink')).toBeNull();
    expect(await file('host.txt')).toBeNull();
  });

  it('cancel during a long command stops it and every process within 2 s; the copy is removed', async () => {
    const id = await start('LONG', { execute: true });
    const uid = sandboxUid(id, api.config.SANDBOX_UID_BASE, api.config.SANDBOX_UID_COUNT);
    const live = () =>
      execFileSync('ps', ['-e', '-o', 'uid=,stat=,args='])
        .toString()
        .split('\n')
        .filter(
          (l) =>
            l.includes('sleep 1000') &&
            !/^\s*\d+\s+Z/.test(l) &&
            (uid === null || l.trim().startsWith(`${uid} `)),
        );
    await waitFor(() => live().length >= 2, 15_000, 'the command running');
    const t0 = Date.now();
    await http(api).post(`/api/v1/tasks/${id}/cancel`).set(bearer(owner)).expect(200);
    await waitFor(() => live().length === 0, 2_000, 'no sleep left');
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect((await task(id)).status).toBe('cancelled');
    await waitFor(async () => !(await copiesLeft()), 5_000, 'no copy left');
  });
});
