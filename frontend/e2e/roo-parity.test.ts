/**
 * What a Roo Code user sees of issue 15 in the browser: an orchestrator's subtask (links parent →
 * child → back), a follow-up suggestion that carries a mode, a condense row when the context window
 * fills, a pasted .roomodes file imported in the Modes tab, a Roo history imported as a read-only
 * task, and the Usage tab (budget and spend per person and model). Runs its own scripted fake LLM
 * on a free loopback port, like commands-checkpoints.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  BASE_URL,
  call,
  capture,
  checkA11y,
  launch,
  newContext,
  signUp,
  uniqueEmail,
  withShots,
} from './support.ts';

const PASSWORD = 'correct horse battery staple';
const NAME = 'Parity E2E';

interface Turn {
  text?: string;
  toolCalls?: Array<{ name: string; input: Record<string, unknown> }>;
  usage?: { input: number; output: number };
}
interface Body {
  messages?: Array<{ role: string; content: unknown }>;
  tools?: unknown[];
}
interface FakeLlmServer {
  start(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}
type FakeLlmModule = {
  FakeLlm: new (script: (request: { body: Body }) => Turn) => FakeLlmServer;
  toolResultsIn: (body: unknown) => number;
  lastToolResult: (body: unknown) => string;
};

const here = fileURLToPath(new URL('.', import.meta.url));
const fakeLlmPath = join(here, '..', '..', 'backend', 'test', 'fake-llm', 'server.mjs');
const rooFixture = (name: string) =>
  join(here, '..', '..', 'backend', 'src', 'tasks', 'history-io', 'fixtures', name);

const firstUserText = (body: Body): string => {
  const m = body.messages?.find((x) => x.role === 'user');
  return typeof m?.content === 'string' ? m.content : '';
};

/** Routes by the task's prompt: an orchestrator with a subtask and a question, a child, a long reader. */
function script(mod: FakeLlmModule) {
  return ({ body }: { body: Body }): Turn => {
    const prompt = firstUserText(body);
    const done = mod.toolResultsIn(body);
    const usage = { input: 2_000, output: 300 };
    // A condense request offers no tools: answer with the summary.
    if (!body.tools?.length) return { text: '## Summary\nThe file big.txt was read twice.', usage };
    if (prompt.includes('Summary of the conversation so far'))
      return { toolCalls: [{ name: 'attempt_completion', input: { result: 'Read it all.' } }], usage };
    if (prompt.startsWith('[child]'))
      return {
        toolCalls: [{ name: 'attempt_completion', input: { result: 'Child: greeting written.' } }],
        usage,
      };
    if (prompt.startsWith('[reader]'))
      return { toolCalls: [{ name: 'read_file', input: { path: 'big.txt' } }], usage };
    // The orchestrator: a subtask, then a question whose answers carry modes, then done.
    if (done === 0)
      return {
        toolCalls: [{ name: 'new_task', input: { mode: 'code', message: '[child] Write the greeting.' } }],
        usage,
      };
    if (!mod.lastToolResult(body).includes('<answer>'))
      return {
        toolCalls: [
          {
            name: 'ask_followup_question',
            input: {
              question: 'The child finished. What next?',
              follow_up: [
                { text: 'Ship it', mode: 'code' },
                { text: 'Plan more', mode: 'architect' },
              ],
            },
          },
        ],
        usage,
      };
    return { toolCalls: [{ name: 'attempt_completion', input: { result: 'Shipped.' } }], usage };
  };
}

async function api(token: string, method: string, path: string, body?: unknown): Promise<string> {
  const res = await call(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.body}`);
  return res.body;
}

describe('Roo Code parity in the browser', () => {
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let fake: FakeLlmServer;
  let fakeUrl = '';

  before(async () => {
    const mod = (await import(fakeLlmPath)) as FakeLlmModule;
    fake = new mod.FakeLlm(script(mod));
    fakeUrl = await fake.start(0, '127.0.0.1');
    browser = await launch();
    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  });

  after(async () => {
    await browser?.close();
    await fake?.close();
  });

  test('subtask links, a suggestion with a mode, a condense row, .roomodes import, a Roo history import, the Usage tab', () =>
    withShots(
      () => [page],
      'roo-parity',
      async () => {
        const email = uniqueEmail('parity');
        await signUp(page, NAME, email, PASSWORD);
        const login = await call(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
        const ws = (JSON.parse(await api(token, 'POST', '/workspaces', { name: 'Parity' })) as { id: string })
          .id;
        const provider = (
          JSON.parse(
            await api(token, 'POST', `/workspaces/${ws}/providers`, {
              name: 'Parity fake',
              kind: 'openai',
              baseUrl: `${fakeUrl}/v1`,
              model: 'gpt-4.1',
              apiKey: 'sk-e2e-parity',
              // A small window, so two reads of big.txt fill it and the task condenses.
              limits: { contextWindow: 32_000 },
            }),
          ) as { id: string }
        ).id;

        // 1. Orchestrator → code subtask → back; then a suggestion that switches the mode.
        const parent = (
          JSON.parse(
            await api(token, 'POST', `/workspaces/${ws}/tasks`, {
              prompt: 'Coordinate: have the greeting written, then ask me what is next.',
              mode: 'orchestrator',
              providerId: provider,
              autoApprove: { read: true, write: true, modeSwitch: true },
            }),
          ) as { id: string }
        ).id;
        await page.goto(`/workspaces/${ws}/tasks/${parent}`);
        const related = page.getByRole('navigation', { name: 'Related tasks' });
        const childLink = related.getByRole('link', { name: /Subtask 1 \(code\)/ });
        await childLink.waitFor({ timeout: 30_000 });
        await childLink.click();
        await page.getByRole('heading', { name: '[child] Write the greeting.' }).waitFor();
        await page
          .locator('.msg-completion', { hasText: 'Child: greeting written.' })
          .waitFor({ timeout: 30_000 });
        await page.getByRole('link', { name: 'Back to the parent task' }).click();
        await page.getByRole('heading', { name: /^Coordinate: have the greeting written/ }).waitFor();
        await page
          .locator('.msg-subtask-result', { hasText: 'Child: greeting written.' })
          .waitFor({ timeout: 30_000 });
        const suggestions = page.getByRole('group', { name: 'Suggested answers' });
        await suggestions.waitFor({ timeout: 30_000 });
        await suggestions.getByRole('button', { name: 'Plan more → architect mode' }).waitFor();
        await capture(page, 'parity-suggestions');
        await suggestions.getByRole('button', { name: 'Ship it → code mode' }).click();
        await page.locator('.msg-completion', { hasText: 'Shipped.' }).waitFor({ timeout: 30_000 });
        await page.getByText('mode code', { exact: false }).first().waitFor();
        const parentView = JSON.parse(await api(token, 'GET', `/tasks/${parent}`)) as {
          mode: string;
          status: string;
        };
        assert.deepEqual([parentView.mode, parentView.status], ['code', 'completed']);

        // 2. A long read fills the 32k window: the conversation is condensed, shown as a row.
        const big = await call(`${BASE_URL}/api/v1/workspaces/${ws}/files/content?path=big.txt`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
          body: `${'lorem ipsum dolor sit amet '.repeat(1_500)}\n`,
        });
        assert.ok(big.status < 300, `upload big.txt: ${big.status}`);
        const reader = (
          JSON.parse(
            await api(token, 'POST', `/workspaces/${ws}/tasks`, {
              prompt: '[reader] Read big.txt until you have it all.',
              mode: 'code',
              providerId: provider,
            }),
          ) as { id: string }
        ).id;
        await page.goto(`/workspaces/${ws}/tasks/${reader}`);
        const condensed = page.locator('.msg-condense_context summary', { hasText: 'Context condensed' });
        await condensed.waitFor({ timeout: 60_000 });
        assert.match(
          (await condensed.textContent()) ?? '',
          /Context condensed · [\d,]+ → [\d,]+ tokens · \$/,
        );
        await condensed.click();
        await page.getByText('The file big.txt was read twice.').waitFor();
        await page.locator('.msg-completion', { hasText: 'Read it all.' }).waitFor({ timeout: 30_000 });
        // A finished task of this server can be continued…
        await page.getByRole('form', { name: 'Resume task' }).waitFor();
        await capture(page, 'parity-condensed');

        // 3. A Roo custom mode pasted in the Modes tab (source/description are Roo's extra fields).
        await page.goto(`/workspaces/${ws}/modes`);
        await page.getByRole('button', { name: 'Import .roomodes' }).click();
        const dialog = page.getByRole('dialog', { name: 'Import custom modes' });
        await dialog
          .getByLabel('Or paste it')
          .fill(
            [
              'customModes:',
              '  - slug: docs-writer',
              '    name: Docs Writer',
              '    description: Writes the docs',
              '    roleDefinition: You write clear documentation.',
              '    groups:',
              '      - read',
              '      - - edit',
              '        - fileRegex: \\.md$',
              '    source: project',
            ].join('\n'),
          );
        await dialog.getByRole('button', { name: 'Import' }).click();
        await dialog.getByText('Created: docs-writer').waitFor();
        await page.keyboard.press('Escape');
        await page.getByText('Docs Writer').first().waitFor();

        // 4. A Roo Code task history imported from its two files: a read-only task.
        await page.goto(`/workspaces/${ws}/tasks`);
        await page.getByRole('button', { name: 'Import Roo history' }).click();
        const importDialog = page.getByRole('dialog', { name: 'Import a Roo Code task' });
        await importDialog.getByLabel('ui_messages.json').setInputFiles(rooFixture('roo-ui_messages.json'));
        await importDialog
          .getByLabel('api_conversation_history.json (optional)')
          .setInputFiles(rooFixture('roo-api_conversation_history.json'));
        await importDialog.getByRole('button', { name: 'Import' }).click();
        await importDialog.getByText('Imported 21 messages').waitFor();
        await importDialog.getByRole('link', { name: /Add a `sum` function/ }).click();
        await page.getByText(/Imported from a Roo Code history .* read-only/).waitFor();
        // Markdown renders `sum` as code: match the rest of the question.
        await page.getByText('also accept an array of numbers?').waitFor();
        await page.getByRole('region', { name: 'Output of npx vitest run src/math.test.ts' }).waitFor();
        // …an imported one cannot.
        assert.equal(await page.getByRole('form', { name: 'Resume task' }).count(), 0);
        await capture(page, 'parity-imported');

        // 5. Usage: the owner sets a budget; spend per person and per model.
        await page
          .getByRole('navigation', { name: 'Workspace' })
          .getByRole('link', { name: 'Usage' })
          .click();
        await page.getByRole('heading', { name: 'Usage' }).waitFor();
        await page.getByRole('button', { name: 'Set a budget' }).click();
        await page.getByLabel('Limit per month (USD)').fill('5');
        await page.getByRole('button', { name: 'Save budget' }).click();
        await page.getByText(/spent in .* of \$5\.00/).waitFor();
        const byPerson = page.getByRole('table', { name: 'By person' });
        await byPerson.getByRole('row', { name: new RegExp(NAME) }).waitFor();
        const byModel = page.getByRole('table', { name: 'By model' });
        const row = byModel.getByRole('row', { name: /gpt-4\.1/ });
        await row.waitFor();
        assert.match((await row.textContent()) ?? '', /\$\d+\.\d{2}/);
        await checkA11y(page, 'usage');
        await capture(page, 'parity-usage');
      },
    ));
});
