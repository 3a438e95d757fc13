/**
 * The task screen: agent output rendered as Markdown (task view, result box, share page) with hostile
 * Markdown kept inert, highlighted code with a copy button, the waiting count in the tab title, focus on
 * navigation and after dialogs, and the upload buttons' focus ring.
 * Runs its own scripted fake LLM (the shared one plays a plain-text script) on a free loopback port.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { BASE_URL, call, capture, launch, newContext, signUp, uniqueEmail, withShots } from './support.ts';

const PASSWORD = 'correct horse battery staple';
const PLAN = '## Plan\n\nI will **check the file** and then use `hello.txt`.';
const QUESTION = 'Which **colour** should it be?';
const RESULT = [
  '### Result',
  '',
  '**Done.** The code:',
  '',
  '```ts',
  'const colour: string = "blue";',
  '```',
  '',
  '[bad link](javascript:window.__xss=1) and <img src=x onerror="window.__xss=2"> and [site](https://example.com)',
].join('\n');

interface Turn {
  text?: string;
  toolCalls?: Array<{ name: string; input: Record<string, unknown> }>;
  usage?: { input: number; output: number };
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

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.body}`);
  return (res.body ? JSON.parse(res.body) : undefined) as T;
}

describe('task screen: rendered output, waiting signals, focus', () => {
  let browser: Browser;
  let desktop: BrowserContext;
  let anon: BrowserContext | undefined;
  let page: Page;
  let shared: Page | undefined;
  let fake: FakeLlmServer;
  let fakeUrl = '';
  let token = '';
  let ws = '';
  let taskId = '';

  before(async () => {
    const { FakeLlm, toolResultsIn } = (await import(fakeLlmPath)) as FakeLlmModule;
    fake = new FakeLlm((request) =>
      toolResultsIn(request.body) === 0
        ? {
            text: PLAN,
            toolCalls: [
              { name: 'ask_followup_question', input: { question: QUESTION, follow_up: ['Blue', 'Red'] } },
            ],
            usage: { input: 50, output: 20 },
          }
        : {
            text: 'Thanks.',
            toolCalls: [{ name: 'attempt_completion', input: { result: RESULT } }],
            usage: { input: 60, output: 30 },
          },
    );
    fakeUrl = await fake.start(0, '127.0.0.1');
    browser = await launch();
    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  test('a task whose answer is Markdown: rendered in the task view, tab title counts it while it waits', () =>
    withShots(
      () => [page],
      'task-screen-markdown',
      async () => {
        const email = uniqueEmail('md');
        await signUp(page, 'Markdown E2E', email, PASSWORD);
        const login = await call(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
        ws = (await api<{ id: string }>(token, 'POST', '/workspaces', { name: 'Markdown project' })).id;
        const provider = await api<{ id: string }>(token, 'POST', `/workspaces/${ws}/providers`, {
          name: 'Markdown fake',
          kind: 'openai',
          baseUrl: `${fakeUrl}/v1`,
          model: 'fake-model',
          apiKey: 'sk-e2e-markdown',
        });
        taskId = (
          await api<{ id: string }>(token, 'POST', `/workspaces/${ws}/tasks`, {
            prompt: 'Pick a colour and report back.',
            mode: 'code',
            providerId: provider.id,
          })
        ).id;

        await page.goto(`/workspaces/${ws}/tasks/${taskId}`);
        const question = page.getByRole('region', { name: 'The agent asks' });
        await question.waitFor({ timeout: 30_000 });
        const list = page.getByRole('list', { name: 'Task messages' });
        await list.getByRole('heading', { name: 'Plan' }).waitFor();
        assert.equal(await list.locator('strong', { hasText: 'check the file' }).count(), 1);
        assert.equal(await list.locator('code', { hasText: 'hello.txt' }).count(), 1);
        assert.equal(await question.locator('strong', { hasText: 'colour' }).count(), 1);
        assert.equal(await list.getByText('## Plan').count(), 0, 'no raw Markdown on screen');
        // One task waits for the user: the tab says so.
        await page.waitForFunction(() => document.title.startsWith('(1) '));
        await capture(page, 'task-markdown-question');

        // Navigation moves focus to the new page's heading.
        await page.getByRole('link', { name: 'All tasks' }).click();
        await page.waitForFunction(() => document.activeElement?.textContent === 'Tasks');
        await page.getByRole('link', { name: 'Pick a colour and report back.' }).click();
        await page.waitForFunction(() => document.activeElement?.id === 'task-title');
        assert.match(await page.title(), /^\(1\) /);

        await question.getByRole('button', { name: 'Blue' }).click();
        const result = page.locator('.msg-completion').first();
        await result.waitFor({ timeout: 30_000 });
        await result.getByRole('heading', { name: 'Result' }).waitFor();
        const block = result.locator('.code-block');
        // The lazily loaded highlighter colours the TypeScript.
        await block.locator('.hljs-keyword', { hasText: 'const' }).waitFor();
        await block.getByRole('button', { name: 'Copy code' }).click();
        await block.getByRole('button', { name: 'Copied' }).waitFor();
        // Hostile Markdown stays inert: no image, no javascript: link, the raw HTML shown as text.
        assert.equal(await list.locator('img').count(), 0);
        assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
        assert.equal(
          await result.getByRole('link', { name: 'site' }).getAttribute('href'),
          'https://example.com',
        );
        await result.getByText('<img src=x onerror="window.__xss=2">').waitFor();
        assert.equal(await page.evaluate(() => (window as { __xss?: number }).__xss), undefined);
        await page.waitForFunction(() => !document.title.startsWith('('));
        await capture(page, 'task-markdown-result');
      },
    ));

  test('the share page renders the same Markdown (phone, no sideways scroll)', () =>
    withShots(
      () => [page, shared],
      'task-screen-share',
      async () => {
        const link = await api<{ token: string }>(token, 'POST', `/tasks/${taskId}/share`, {
          expiresInHours: 1,
        });
        anon = await newContext(browser, 'phone');
        shared = await anon.newPage();
        await shared.goto(`/shared/${link.token}`);
        await shared.getByRole('heading', { name: 'Plan' }).waitFor();
        const result = shared.locator('.msg-completion').first();
        await result.getByRole('heading', { name: 'Result' }).waitFor();
        await result.locator('.code-block .hljs-keyword', { hasText: 'const' }).waitFor();
        assert.equal(await shared.locator('img').count(), 0);
        assert.equal(await shared.locator('a[href^="javascript"]').count(), 0);
        const overflow = await shared.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        assert.ok(overflow <= 0, `share page scrolls sideways by ${overflow}px`);
        await capture(shared, 'shared-markdown-phone');
      },
    ));

  test('a dialog gives focus back to its opener; the upload buttons show keyboard focus', () =>
    withShots(
      () => [page],
      'task-screen-focus',
      async () => {
        await page.goto('/workspaces');
        const opener = page.getByRole('button', { name: 'New workspace' });
        await opener.click();
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        assert.equal(await opener.evaluate((el) => el === document.activeElement), true);

        await page.goto(`/workspaces/${ws}/files`);
        const input = page.getByLabel('Choose files');
        await input.waitFor({ state: 'attached' });
        await page.getByRole('heading', { name: 'Markdown project' }).click();
        let reached = false;
        for (let i = 0; i < 40 && !reached; i++) {
          await page.keyboard.press('Tab');
          reached = await input.evaluate((el) => el === document.activeElement);
        }
        assert.ok(reached, 'the Choose files input is reachable with Tab');
        const outline = await page
          .locator('label', { hasText: 'Choose files' })
          .evaluate((el) => getComputedStyle(el).outlineStyle);
        assert.equal(outline, 'solid', 'the focused upload button shows a focus ring');
      },
    ));
});
