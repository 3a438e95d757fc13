/**
 * Commands and checkpoints in the browser: the agent writes a file, asks to run a command (the user
 * approves it in the task view), the output and exit code show up, the task's checkpoints list opens
 * with a diff per file, and one file is restored to an earlier checkpoint after a confirm.
 * Runs its own scripted fake LLM on a free loopback port, like task-screen.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, call, capture, launch, newContext, signUp, uniqueEmail, withShots } from './support.ts';

const PASSWORD = 'correct horse battery staple';
const COMMAND = 'echo second > notes.txt && echo done-output';

interface Turn {
  text?: string;
  toolCalls?: Array<{ name: string; input: Record<string, unknown> }>;
}
interface FakeLlmServer {
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
type FakeLlmModule = {
  FakeLlm: new (script: (request: { body: unknown }) => Turn) => FakeLlmServer;
  toolResultsIn: (body: unknown) => number;
};

const fakeLlmPath = join(
  fileURLToPath(new URL('.', import.meta.url)),
  '..',
  '..',
  'backend',
  'test',
  'fake-llm',
  'server.mjs',
);

async function api(token: string, method: string, path: string, body?: unknown) {
  const res = await call(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.body}`);
  return res.body;
}

describe('commands and checkpoints in the task view', () => {
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let fake: FakeLlmServer;
  let fakeUrl = '';

  before(async () => {
    const { FakeLlm, toolResultsIn } = (await import(fakeLlmPath)) as FakeLlmModule;
    fake = new FakeLlm((request) => {
      const step = toolResultsIn(request.body);
      if (step === 0)
        return { toolCalls: [{ name: 'write_to_file', input: { path: 'notes.txt', content: 'first\n' } }] };
      if (step === 1) return { toolCalls: [{ name: 'execute_command', input: { command: COMMAND } }] };
      return { toolCalls: [{ name: 'attempt_completion', input: { result: 'Notes written.' } }] };
    });
    fakeUrl = await fake.start(0, '127.0.0.1');
    browser = await launch();
    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  test('approve a command, see its output and exit code, open the checkpoints, restore a file', () =>
    withShots(
      () => [page],
      'commands-checkpoints',
      async () => {
        const email = uniqueEmail('cmd');
        await signUp(page, 'Command E2E', email, PASSWORD);
        const login = await call(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
        const ws = (
          JSON.parse(await api(token, 'POST', '/workspaces', { name: 'Commands' })) as { id: string }
        ).id;
        const provider = JSON.parse(
          await api(token, 'POST', `/workspaces/${ws}/providers`, {
            name: 'Command fake',
            kind: 'openai',
            baseUrl: `${fakeUrl}/v1`,
            model: 'fake-model',
            apiKey: 'sk-e2e-commands',
          }),
        ) as { id: string };
        // Writes run without asking; the command asks (no execute auto-approve).
        const task = JSON.parse(
          await api(token, 'POST', `/workspaces/${ws}/tasks`, {
            prompt: 'Write notes and run the command.',
            mode: 'code',
            providerId: provider.id,
            autoApprove: { read: true, write: true },
          }),
        ) as { id: string };

        await page.goto(`/workspaces/${ws}/tasks/${task.id}`);
        const askBox = page.getByRole('region', { name: 'Run this command?' });
        await askBox.waitFor({ timeout: 30_000 });
        await askBox.locator('code', { hasText: COMMAND }).waitFor();
        await capture(page, 'command-ask');
        await askBox.getByRole('button', { name: 'Approve' }).click();

        const list = page.getByRole('list', { name: 'Task messages' });
        const output = list.getByRole('region', { name: `Output of ${COMMAND}` });
        await output.waitFor({ timeout: 30_000 });
        assert.match((await output.textContent()) ?? '', /done-output/);
        await list.getByText('Exit code 0').waitFor();
        await page.locator('.msg-completion').first().waitFor({ timeout: 30_000 });

        await page.getByText('Checkpoints', { exact: true }).click();
        const checkpoints = page.getByRole('list', { name: 'Checkpoints' });
        await checkpoints.waitFor();
        // The starting state, the write, the command's change.
        assert.equal(await checkpoints.getByRole('listitem').count(), 3);
        await page.getByRole('button', { name: 'Show changes of checkpoint 3' }).click();
        const changed = page.getByRole('region', { name: 'Changes to notes.txt' }).first();
        await changed.waitFor();
        assert.match((await changed.textContent()) ?? '', /second/);

        // Newest first: 3, 2, 1. Restore the file as the write left it (checkpoint 2).
        const second = checkpoints.getByRole('listitem').nth(1);
        await second.getByRole('button', { name: 'Show changes of checkpoint 2' }).click();
        await second.getByRole('button', { name: 'Restore this file (notes.txt)' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByText('Restore notes.txt to checkpoint 2?').waitFor();
        await dialog.getByRole('button', { name: 'Restore' }).click();
        await page
          .locator('.checkpoint-restored', { hasText: 'Restored notes.txt to checkpoint 2' })
          .waitFor();
        const file = await call(`${BASE_URL}/api/v1/workspaces/${ws}/files/content?path=notes.txt`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(file.body, 'first\n');
        // The restore is in the history too.
        await list.getByText('Restored notes.txt to checkpoint 2').waitFor();
        await capture(page, 'checkpoints-restored');
      },
    ));
});
