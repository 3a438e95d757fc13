/**
 * Phone layout, unsaved edits and connectivity (issue 16, items 4, 6, 7, 8), on a 390×844 phone:
 * no main screen scrolls sideways, the workspace tabs show Settings, the file viewer is in sight after
 * tapping a file and its Delete button is not clipped; leaving a file with unsaved edits asks first;
 * offline, the banner stays in sight and Save fails at once with a clear message instead of stalling;
 * a dropped live connection comes back at once with "Retry now"; the 404 page has the app's top bar
 * and sends signed-out visitors to sign-in.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import {
  BASE_URL,
  call,
  checkA11y,
  FAKE_LLM_URL,
  FAKE_MODEL,
  launch,
  newContext,
  SCENARIO_PROMPT,
  SCREENSHOTS,
  signUp,
  uniqueEmail,
  withShots,
} from './support.ts';

const PASSWORD = 'correct horse battery staple';
/** Enough files that the tree fills more than a phone screen: the last one's viewer used to open off-screen. */
const FILES = Array.from({ length: 18 }, (_, i) => `notes-${String(i + 1).padStart(2, '0')}.md`);
const LAST = FILES.at(-1) ?? '';
const LONG_TEXT = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`).join('\n');

async function api<T>(token: string, method: string, path: string, body?: unknown, raw?: string): Promise<T> {
  const res = await call(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': raw === undefined ? 'application/json' : 'text/plain',
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.body}`);
  return (res.body ? JSON.parse(res.body) : undefined) as T;
}

/** The page is no wider than the screen (the issue measured 413 px on the files page). */
async function assertNoSideScroll(page: Page, name: string): Promise<void> {
  const { width, inner } = await page.evaluate(() => ({
    width: (document.scrollingElement ?? document.documentElement).scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(width <= inner, `${name}: the page is ${width}px wide on a ${inner}px screen`);
}

/** Opens a screen, waits until it has its heading and no spinner, checks width, keeps a screenshot. */
async function screen(page: Page, url: string, heading: string | RegExp, name: string): Promise<void> {
  await page.goto(url);
  const wanted = page.getByRole('heading', { name: heading }).first();
  const routeError = page.getByRole('heading', { name: 'Something went wrong' });
  await wanted.or(routeError).waitFor();
  if (await routeError.isVisible()) {
    // A page load whose first request died in transit (seen once: the HTTP/2 stream of the session
    // refresh reset by the browser, nginx 499) is not what this test is about: load it once more.
    console.log(`${name}: ${await page.locator('#main').innerText()}; loading once more`);
    await page.reload();
  }
  await wanted.waitFor();
  await page.waitForFunction(() => !document.querySelector('.state-loading'));
  await assertNoSideScroll(page, name);
  await page.screenshot({ path: join(SCREENSHOTS, `phone-${name}.png`), fullPage: true });
}

/** True when the element's box lies within the viewport (fully, or at least its top edge). */
async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  }, selector);
}

describe('phone layout, unsaved edits, offline', () => {
  let browser: Browser;
  let phone: BrowserContext;
  let anon: BrowserContext | undefined;
  let page: Page;
  let visitor: Page | undefined;
  let token = '';
  let ws = '';
  let taskId = '';

  before(async () => {
    browser = await launch();
    phone = await newContext(browser, 'phone');
    page = await phone.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  test('no main screen scrolls sideways at 390 px; tabs show Settings; the viewer opens in sight', () =>
    withShots(
      () => [page],
      'phone-screens',
      async () => {
        const email = uniqueEmail('phone');
        await signUp(page, 'Phone E2E', email, PASSWORD);
        const login = await call(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        token = (JSON.parse(login.body) as { accessToken: string }).accessToken;
        ws = (await api<{ id: string }>(token, 'POST', '/workspaces', { name: 'Phone project' })).id;
        for (const name of FILES) {
          await api(token, 'PUT', `/workspaces/${ws}/files/content?path=${name}`, undefined, LONG_TEXT);
        }
        const provider = await api<{ id: string }>(token, 'POST', `/workspaces/${ws}/providers`, {
          name: 'Phone fake',
          kind: 'openai',
          baseUrl: FAKE_LLM_URL,
          model: FAKE_MODEL,
          apiKey: 'sk-e2e-phone',
        });
        taskId = (
          await api<{ id: string }>(token, 'POST', `/workspaces/${ws}/tasks`, {
            prompt: SCENARIO_PROMPT,
            mode: 'code',
            providerId: provider.id,
          })
        ).id;

        const w = `/workspaces/${ws}`;
        await screen(page, '/workspaces', 'Workspaces', 'workspaces');
        await screen(page, `${w}/tasks`, 'Tasks', 'tasks');
        // Every workspace tab, Settings last, is on screen (they wrap instead of scrolling out of sight).
        const tabs = page.getByRole('navigation', { name: 'Workspace' });
        const settingsTab = await tabs.getByRole('link', { name: 'Settings' }).boundingBox();
        assert.ok(settingsTab, 'the Settings tab is rendered');
        assert.ok(
          settingsTab.x >= 0 && settingsTab.x + settingsTab.width <= 390,
          `the Settings tab is off-screen at x=${settingsTab.x}`,
        );
        await screen(page, `${w}/tasks/new`, 'New task', 'new-task');
        await screen(page, `${w}/tasks/${taskId}`, /\S/, 'task');
        await screen(page, `${w}/files`, 'Files', 'files');
        await screen(page, `${w}/providers`, 'Provider profiles', 'providers');
        await screen(page, `${w}/modes`, 'Modes', 'modes');
        await screen(page, `${w}/members`, 'Members', 'members');
        await screen(page, `${w}/settings`, 'Settings', 'settings');
        await screen(page, '/account/sessions', 'Signed-in devices', 'sessions');
        await screen(page, '/account/tokens', 'API tokens', 'tokens');
        await screen(page, '/no/such/page', 'Page not found', 'not-found');

        // Tapping the last file of a long tree: the viewer is in sight, not below the whole tree.
        await page.goto(`${w}/files`);
        await page.getByRole('button', { name: new RegExp(LAST.replace('.', '\\.')) }).tap();
        await page.getByRole('heading', { name: LAST }).waitFor();
        await page.locator('.cm-content').waitFor();
        assert.ok(await inViewport(page, '#file-title'), 'the viewer is on screen after tapping a file');
        const focused = await page.evaluate(() => document.activeElement?.id);
        assert.equal(focused, 'file-title', 'focus moves to the file name');
        await assertNoSideScroll(page, 'file viewer');
        const del = await page.getByRole('button', { name: 'Delete' }).boundingBox();
        assert.ok(del && del.x >= 0 && del.x + del.width <= 390, `Delete is clipped: ${JSON.stringify(del)}`);
        await page.screenshot({ path: join(SCREENSHOTS, 'phone-file-viewer.png'), fullPage: true });
        await checkA11y(page, 'phone file viewer');
        // And back to the tree.
        await page.getByRole('link', { name: 'All files' }).tap();
        await page.getByRole('navigation', { name: 'File tree' }).waitFor();
      },
    ));

  test('leaving a file with unsaved edits asks first', () =>
    withShots(
      () => [page],
      'phone-unsaved',
      async () => {
        await page.goto(`/workspaces/${ws}/files?path=${LAST}`);
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\nedited on the phone');
        await page.getByText('unsaved', { exact: true }).waitFor();

        const tasksTab = page
          .getByRole('navigation', { name: 'Workspace' })
          .getByRole('link', { name: 'Tasks' });
        await tasksTab.tap();
        const dialog = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
        await dialog.waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, 'phone-unsaved-prompt.png') });
        await dialog.getByRole('button', { name: 'Keep editing' }).tap();
        await dialog.waitFor({ state: 'hidden' });
        assert.match(page.url(), /\/files\?path=/);
        await page.getByText('edited on the phone').waitFor();

        await tasksTab.tap();
        await dialog.getByRole('button', { name: 'Discard changes' }).tap();
        await page.waitForURL(/\/tasks$/);
      },
    ));

  test('offline: the banner stays in sight and Save fails at once with a clear message', () =>
    withShots(
      () => [page],
      'phone-offline',
      async () => {
        await page.goto(`/workspaces/${ws}/files?path=${LAST}`);
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\nsaved after the network came back');
        await phone.setOffline(true);
        const banner = page.locator('.banner-slot');
        await banner.getByText('You are offline').waitFor();

        const started = Date.now();
        await page.getByRole('button', { name: 'Save' }).tap();
        await page.getByRole('alert').filter({ hasText: 'You are offline' }).waitFor({ timeout: 3000 });
        const failedAfter = Date.now() - started;
        assert.ok(failedAfter < 3000, `Save took ${failedAfter} ms to fail offline`);
        await page.getByRole('button', { name: 'Save' }).waitFor(); // not stuck on "Saving…"

        // Sticky: scrolled to the end of a long page, the banner is still at the top of the screen.
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        const scrolled = await page.evaluate(() => window.scrollY);
        assert.ok(scrolled > 0, 'the page is long enough to scroll');
        const box = await banner.boundingBox();
        assert.ok(box && box.y >= 0 && box.y < 5, `the banner scrolled away: ${JSON.stringify(box)}`);
        await page.screenshot({ path: join(SCREENSHOTS, 'phone-offline.png') });

        await phone.setOffline(false);
        await banner.getByText('You are offline').waitFor({ state: 'hidden' });
        await page.getByRole('button', { name: 'Save' }).tap();
        await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      },
    ));

  test('a dropped live connection comes back at once with "Retry now"', () =>
    withShots(
      () => [page],
      'phone-retry',
      async () => {
        // Stand between the page and the Socket.IO endpoint, so the test can drop and refuse connections.
        // A refused attempt is left hanging, as on a dead network: Socket.IO then waits for its 20 s
        // connect timeout before trying again (the 13–15 s the issue measured).
        let refuse = false;
        let refused = 0;
        let live: WebSocketRoute | undefined;
        let connected = false;
        await page.routeWebSocket(/\/socket\.io\//, (route) => {
          if (refuse) {
            refused += 1;
            return;
          }
          live = route;
          const server = route.connectToServer();
          server.onMessage((message) => {
            if (String(message).startsWith('40')) connected = true; // Socket.IO's connect answer
            route.send(message);
          });
        });
        await page.goto(`/workspaces/${ws}/tasks/${taskId}`);
        await page.locator('#task-title').waitFor();
        const deadline = Date.now() + 20_000;
        while (!(live && connected) && Date.now() < deadline) await page.waitForTimeout(50);
        assert.ok(live && connected, 'the task page opened a live connection');

        refuse = true;
        await live.close();
        const banner = page.locator('.banner-slot');
        await banner.getByText('Live connection lost').waitFor();
        while (refused < 1 && Date.now() < deadline + 20_000) await page.waitForTimeout(50);
        assert.ok(refused >= 1, 'Socket.IO tried to reconnect');
        await page.screenshot({ path: join(SCREENSHOTS, 'phone-reconnecting.png') });
        refuse = false;
        const started = Date.now();
        await banner.getByRole('button', { name: 'Retry now' }).tap();
        await banner.getByText('Live connection lost').waitFor({ state: 'hidden', timeout: 3000 });
        const back = Date.now() - started;
        assert.ok(back < 3000, `reconnected ${back} ms after "Retry now"`);
        await page.unrouteAll({ behavior: 'ignoreErrors' });
      },
    ));

  test('the 404 page has the top bar and sends a signed-out visitor to sign-in', () =>
    withShots(
      () => [visitor],
      'phone-not-found',
      async () => {
        anon = await newContext(browser, 'phone');
        visitor = await anon.newPage();
        await screen(visitor, '/sign-in', 'Sign in to Roo Server', 'sign-in');
        await screen(visitor, '/no/such/page', 'Page not found', 'not-found-signed-out');
        assert.equal(await visitor.getByRole('banner').getByRole('link', { name: 'Roo Server' }).count(), 1);
        assert.equal(await visitor.getByRole('link', { name: 'Go to your workspaces' }).count(), 0);
        await checkA11y(visitor, 'phone 404 signed out');
        await visitor.getByRole('link', { name: 'Sign in' }).tap();
        await visitor.waitForURL(/\/sign-in/);
      },
    ));
});
