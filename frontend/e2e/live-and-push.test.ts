/**
 * Waiting-for-you, live: two browser contexts of the same user (a laptop and a phone). A task
 * started from "another device" appears in the other's open task list without a reload, and its
 * status follows. Then the push opt-in: the switch on Signed-in devices registers the service
 * worker and the manifest is served. Only the opt-in UI and the registration are tested here:
 * Chromium's push subscription needs Google's push service, which the test machines cannot
 * reach (delivery and encryption: backend/src/push/push.int-spec.ts, against a scripted push service).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  BASE_URL,
  call,
  FAKE_LLM_URL,
  launch,
  newContext,
  signIn,
  signUp,
  uniqueEmail,
  withShots,
} from './support.ts';

const PASSWORD = 'correct horse battery staple';

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.body}`);
  return (res.body ? JSON.parse(res.body) : undefined) as T;
}

describe('live task lists and the push opt-in', () => {
  let browser: Browser;
  let laptop: BrowserContext;
  let phone: BrowserContext;
  let a: Page;
  let b: Page;

  before(async () => {
    browser = await launch();
    laptop = await newContext(browser, 'desktop');
    phone = await newContext(browser, 'phone');
    a = await laptop.newPage();
    b = await phone.newPage();
  });
  after(async () => {
    await browser?.close();
  });

  test('a task started on one device appears in the other device’s list without a reload', () =>
    withShots(
      () => [a, b],
      'live-task-list',
      async () => {
        const email = uniqueEmail('live');
        await signUp(a, 'Live E2E', email, PASSWORD);
        await signIn(b, email, PASSWORD);
        const login = await call(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        const token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
        const ws = (await api<{ id: string }>(token, 'POST', '/workspaces', { name: 'Live project' })).id;
        await api<{ id: string }>(token, 'POST', `/workspaces/${ws}/providers`, {
          name: 'Live fake',
          kind: 'openai',
          baseUrl: FAKE_LLM_URL,
          model: 'fake-model',
          apiKey: 'sk-e2e-live',
        });
        await b.goto(`/workspaces/${ws}/tasks`);
        await b.getByText('No tasks yet.').waitFor();
        // A marker that a reload would wipe.
        await b.evaluate(() => {
          (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
        });

        // Started from the laptop's UI.
        await a.goto(`/workspaces/${ws}/tasks/new`);
        await a.getByLabel('What should the agent do?').fill('Summarise hello.txt for the team');
        await a.getByRole('button', { name: 'Start task' }).click();
        await a.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);

        const row = b.getByRole('link', { name: 'Summarise hello.txt for the team' });
        await row.waitFor({ timeout: 5_000 });
        assert.equal(
          await b.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
          true,
          'the list updated in place, without a reload',
        );
        // Its status follows too (the shared fake LLM finishes the task).
        await b
          .getByRole('listitem')
          .filter({ has: row })
          .getByText(/Completed|Failed|Waiting/)
          .waitFor({ timeout: 30_000 });
      },
    ));

  test('the push opt-in registers the service worker; the app has a manifest', () =>
    withShots(
      () => [a],
      'push-opt-in',
      async () => {
        await laptop.grantPermissions(['notifications'], { origin: BASE_URL });
        const manifest = await call(`${BASE_URL}/manifest.webmanifest`);
        assert.equal(manifest.status, 200);
        assert.equal((JSON.parse(manifest.body) as { name: string }).name, 'Roo Server');
        await a.goto('/account/sessions');
        assert.equal(await a.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest');
        const toggle = a.getByRole('switch', { name: 'Notify me on this device' });
        await toggle.waitFor();
        // The switch stays disabled while the server's push config and this device's state load.
        const enabled = await a
          .waitForFunction(
            () =>
              !(document.querySelector('.push-opt-in [role="switch"]') as HTMLInputElement | null)?.disabled,
            null,
            { timeout: 10_000 },
          )
          .then(() => true)
          .catch(() => false);
        assert.equal(
          enabled,
          true,
          `the server has a VAPID key and the browser supports push; the page says: ${await a
            .locator('.push-opt-in')
            .innerText()}`,
        );
        await toggle.click();
        // `ready` never settles when registration fails (it did for a certificate error): bounded, and the
        // failure says what the page showed.
        const script = await a.evaluate(() =>
          Promise.race([
            navigator.serviceWorker.ready.then((reg) => reg.active?.scriptURL ?? ''),
            new Promise<string>((resolve) => setTimeout(() => resolve(''), 10_000)),
          ]),
        );
        assert.ok(
          script,
          `no active service worker 10 s after opting in; the page says: ${await a
            .locator('.push-opt-in')
            .innerText()}`,
        );
        assert.equal(new URL(script).pathname, '/sw.js');
        // Subscribing needs Google's push service (unreachable here): the page says so instead of hanging.
        // Its own status or alert, not the app's always-present (empty) banner status region.
        const optIn = a.getByRole('region', { name: 'Notifications on this device' });
        await optIn.getByRole('status').or(optIn.getByRole('alert')).first().waitFor({ timeout: 15_000 });
      },
    ));
});
