/**
 * The main journey on two devices of one user, plus a viewer and sign-out revocation:
 * sign up → workspace → upload → provider (fake LLM) → task streams → answer → approve (phone) →
 * file changed → completion → share → viewer is read-only → sign out revokes the refresh token.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  BASE_URL,
  capture,
  FAKE_LLM_URL,
  FAKE_MODEL,
  launch,
  newContext,
  openNav,
  SCENARIO_PROMPT,
  signIn,
  signUp,
  tarArchive,
  uniqueEmail,
  withShots,
} from './support.ts';

const PASSWORD = 'correct horse battery staple';
const ORIGINAL = 'Hello world\n';
/** What a viewer reads where a member would start a task (src/features/tasks/new-task-page.tsx). */
const VIEWER_CANNOT_START = /^Viewers can follow tasks but cannot start them\./;

describe('Roo Server in the browser', () => {
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let mobile: Page;
  let vp: Page | undefined;
  const owner = { name: 'Owner E2E', email: uniqueEmail('owner') };
  const viewer = { name: 'Viewer E2E', email: uniqueEmail('viewer') };
  let workspaceUrl = '';
  let taskUrl = '';
  let shareUrl = '';

  before(async () => {
    browser = await launch();
    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  test('sign-in and sign-up pages are accessible', () =>
    withShots(
      () => [page, mobile, vp],
      'sign-in-and-sign-up-pages-are-accessible',
      async () => {
        await page.goto('/sign-in');
        await page.getByRole('heading', { name: 'Sign in to Roo Server' }).waitFor();
        await capture(page, 'sign-in');
        // Client-side validation shows errors without a request.
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByText('Enter a valid email address.').waitFor();
        await page.goto('/sign-up');
        await capture(page, 'sign-up');
      },
    ));

  test('sign up, create a workspace and upload a file', () =>
    withShots(
      () => [page, mobile, vp],
      'sign-up-create-a-workspace-and-upload-a-',
      async () => {
        await signUp(page, owner.name, owner.email, PASSWORD);
        await page.getByRole('heading', { name: 'Workspaces' }).waitFor();
        await capture(page, 'workspaces-empty');

        await page.getByRole('button', { name: 'New workspace' }).click();
        await page.getByRole('dialog').getByLabel('Name').fill('E2E project');
        await page.getByRole('dialog').getByRole('button', { name: 'Create workspace' }).click();
        await page.waitForURL(/\/workspaces\/[^/]+\/files/);
        workspaceUrl = new URL(page.url()).pathname.replace(/\/files$/, '');

        await page.getByLabel('Choose files').setInputFiles({
          name: 'hello.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from(ORIGINAL),
        });
        await page.getByRole('list', { name: 'Uploads' }).getByText('Uploaded').waitFor();
        await page
          .getByRole('navigation', { name: 'File tree' })
          .getByRole('button', { name: /hello\.txt/ })
          .click();
        await page
          .getByRole('textbox', { name: /Contents of hello\.txt/ })
          .getByText('Hello world')
          .waitFor();
        await capture(page, 'files');
      },
    ));

  test('configure a provider pointing at the fake LLM and test it', () =>
    withShots(
      () => [page, mobile, vp],
      'configure-a-provider-pointing-at-the-fak',
      async () => {
        await page
          .getByRole('navigation', { name: 'Workspace' })
          .getByRole('link', { name: 'Providers' })
          .click();
        await page.getByRole('button', { name: 'Add provider' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Name').fill('Fake LLM');
        await dialog.getByLabel('Kind').selectOption('openai');
        await dialog
          .getByLabel('Base URL')
          .fill(FAKE_LLM_URL.endsWith('/v1') ? FAKE_LLM_URL : `${FAKE_LLM_URL}/v1`);
        await dialog.getByLabel('Model').fill(FAKE_MODEL);
        await dialog.getByLabel('API key').fill('sk-e2e-test-key-abcd');
        await dialog.getByRole('button', { name: 'Add profile' }).click();
        const card = page.getByRole('listitem').filter({ hasText: 'Fake LLM' });
        await card.waitFor();
        // The key is write-only: only its hint comes back.
        assert.equal(await page.getByText('sk-e2e-test-key-abcd').count(), 0);
        await card.getByRole('button', { name: /Test connection/ }).click();
        await card.getByText(/Connected \(\d+ ms\)/).waitFor();
        await capture(page, 'providers');
      },
    ));

  test('start a task, watch it stream, answer its question', () =>
    withShots(
      () => [page, mobile, vp],
      'start-a-task-watch-it-stream-answer-its-',
      async () => {
        await page
          .getByRole('navigation', { name: 'Workspace' })
          .getByRole('link', { name: 'Tasks' })
          .click();
        await capture(page, 'tasks-empty');
        await page.getByRole('link', { name: 'New task' }).click();
        await page.getByLabel('What should the agent do?').fill(SCENARIO_PROMPT);
        await page.getByLabel('Writing files (no approval prompts for edits)').setChecked(false);
        await capture(page, 'new-task');
        await page.getByRole('button', { name: 'Start task' }).click();
        // Wait for the task page itself (the new-task form is at /tasks/new).
        await page.waitForURL(
          (url) => /\/tasks\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/tasks/new'),
        );
        taskUrl = new URL(page.url()).pathname;

        // Model text streams in (partial text or persisted text messages).
        await page.locator('.msg-partial, .msg-say.msg-text .msg-text').first().waitFor({ timeout: 30_000 });
        const ask = page.getByRole('region', { name: 'The agent asks' });
        await ask.waitFor({ timeout: 30_000 });
        await capture(page, 'task-question');
        await ask.getByLabel('Your answer').fill('Hello Roo');
        await ask.getByRole('button', { name: 'Send answer' }).click();
      },
    ));

  test('a phone signed in as the same user sees the task live and approves the edit', () =>
    withShots(
      () => [page, mobile, vp],
      'a-phone-signed-in-as-the-same-user-sees-',
      async () => {
        phone = await newContext(browser, 'phone');
        mobile = await phone.newPage();
        await signIn(mobile, owner.email, PASSWORD);
        await mobile.goto(taskUrl);
        const approval = mobile.getByRole('region', { name: 'Approve this action?' });
        await approval.waitFor({ timeout: 30_000 });
        // The desktop sees the same pending approval live.
        await page.getByRole('region', { name: 'Approve this action?' }).waitFor();
        await approval.getByRole('region', { name: /Proposed changes to/ }).waitFor();
        await capture(mobile, 'task-approval-phone');
        const approve = approval.getByRole('button', { name: 'Approve' });
        const box = await approve.boundingBox();
        assert.ok(box && box.height >= 44 && box.width >= 44, 'touch target at least 44×44 px');
        await approve.click();

        // Completion reaches both devices.
        await mobile.getByText('Completed').first().waitFor({ timeout: 30_000 });
        await page.getByText('Completed').first().waitFor({ timeout: 30_000 });
        await capture(page, 'task-completed');
        await capture(mobile, 'task-completed-phone');
        const usage = await page.getByLabel('Token usage and cost').textContent();
        assert.match(usage ?? '', /Tokens in/);
      },
    ));

  test('the edited file changed', () =>
    withShots(
      () => [page, mobile, vp],
      'the-edited-file-changed',
      async () => {
        await page.goto(`${workspaceUrl}/files?path=hello.txt`);
        const editor = page.getByRole('textbox', { name: /Contents of hello\.txt/ });
        await editor.waitFor();
        const text = (await editor.textContent()) ?? '';
        assert.notEqual(text.trim(), ORIGINAL.trim(), 'hello.txt was changed by the approved edit');
      },
    ));

  test('resume the finished task with a new message', () =>
    withShots(
      () => [page, mobile, vp],
      'resume',
      async () => {
        await page.goto(taskUrl);
        await page.locator('.msg-completion').first().waitFor();
        const resultsBefore = await page.locator('.msg-completion').count();
        const form = page.getByRole('form', { name: 'Resume task' });
        await form.getByLabel('Continue this task with a new message').fill('Please double-check the file.');
        await form.getByRole('button', { name: 'Resume task' }).click();
        await page
          .getByRole('list', { name: 'Task messages' })
          .getByText('Please double-check the file.')
          .waitFor();
        // The agent runs again and reaches a new completion, streamed live.
        await page.waitForFunction(
          (n) => document.querySelectorAll('.msg-completion').length > n,
          resultsBefore,
          {
            timeout: 30_000,
          },
        );
        await page.getByText('Completed').first().waitFor();
      },
    ));

  test('files: edit and save, download, rename (validated), delete, import an archive', () =>
    withShots(
      () => [page, mobile, vp],
      'files-ops',
      async () => {
        await page.goto(`${workspaceUrl}/files?path=hello.txt`);
        const editor = page.getByRole('textbox', { name: /Contents of hello\.txt/ });
        await editor.waitFor();
        await editor.click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type('\nEdited in the browser');
        await page.getByRole('button', { name: 'Save', exact: true }).click();
        await page.getByText('Saved.').waitFor();
        await page.reload();
        await page
          .getByRole('textbox', { name: /Contents of hello\.txt/ })
          .getByText('Edited in the browser')
          .waitFor();

        const [download] = await Promise.all([
          page.waitForEvent('download'),
          // Exact: the file tree's 'Download workspace' (the whole workspace as an archive) shares the word.
          page.getByRole('button', { name: 'Download', exact: true }).click(),
        ]);
        assert.equal(download.suggestedFilename(), 'hello.txt');
        const downloaded = await readFile(await download.path());
        assert.match(downloaded.toString(), /Edited in the browser/);

        await page.getByRole('button', { name: 'Rename' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('New path').fill('../outside.txt');
        await dialog.getByRole('button', { name: 'Rename' }).click();
        await dialog.getByText("The path must not contain '..'.").waitFor();
        await dialog.getByLabel('New path').fill('docs/renamed.txt');
        await dialog.getByRole('button', { name: 'Rename' }).click();
        await page.waitForURL(/path=docs%2Frenamed\.txt|path=docs\/renamed\.txt/);
        await page.getByRole('textbox', { name: /Contents of docs\/renamed\.txt/ }).waitFor();

        await page.getByRole('button', { name: 'Delete' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
        await page.getByText('Pick a file to view it.').waitFor();

        await page.getByLabel('Import archive').setInputFiles({
          name: 'bundle.tar',
          mimeType: 'application/x-tar',
          buffer: tarArchive({ 'src/a.ts': 'export const a = 1;\n', 'README.md': '# Imported\n' }),
        });
        await page.getByRole('list', { name: 'Uploads' }).getByText('2 files imported').waitFor();
        const tree = page.getByRole('navigation', { name: 'File tree' });
        await tree.getByRole('button', { name: /README\.md/ }).waitFor();
        await tree.getByRole('button', { name: /src/ }).click();
        await tree.getByRole('button', { name: /a\.ts/ }).click();
        await page
          .getByRole('textbox', { name: /Contents of src\/a\.ts/ })
          .getByText('export')
          .waitFor();
      },
    ));

  test('share a read-only link', () =>
    withShots(
      () => [page, mobile, vp],
      'share-a-read-only-link',
      async () => {
        await page.goto(taskUrl);
        await page.getByRole('button', { name: 'Share read-only link' }).click();
        const link = page.locator('.share-link a');
        await link.waitFor();
        shareUrl = (await link.getAttribute('href')) ?? '';
        const anon = await newContext(browser, 'phone');
        const anonPage = await anon.newPage();
        await anonPage.goto(new URL(shareUrl).pathname);
        await anonPage.getByText('shared task (read-only)').waitFor();
        await anonPage.getByRole('list', { name: 'Task messages' }).waitFor();
        assert.equal(await anonPage.getByRole('button', { name: 'Approve' }).count(), 0);
        await capture(anonPage, 'shared');
        await anon.close();
      },
    ));

  test('members, settings, sessions and tokens pages', () =>
    withShots(
      () => [page, mobile, vp],
      'members-settings-sessions-and-tokens-pag',
      async () => {
        await page.goto(`${workspaceUrl}/members`);
        await page.getByRole('heading', { name: 'Members' }).waitFor();
        await capture(page, 'members');
        await page.goto(`${workspaceUrl}/settings`);
        await capture(page, 'settings');
        await page.goto('/account/sessions');
        // Exact: the push opt-in above the list says 'Notifications on this device' too.
        await page
          .getByRole('list', { name: 'Signed-in devices' })
          .getByText('This device', { exact: true })
          .waitFor();
        await capture(page, 'sessions');
        await page.goto('/account/tokens');
        await page.getByLabel('Name').fill('ci');
        await page.getByRole('button', { name: 'Create token' }).click();
        await page.getByText(/roo_pat_/).waitFor();
        await capture(page, 'tokens');
      },
    ));

  test('a viewer cannot edit', () =>
    withShots(
      () => [page, mobile, vp],
      'a-viewer-cannot-edit',
      async () => {
        const viewerCtx = await newContext(browser, 'desktop');
        vp = await viewerCtx.newPage();
        await signUp(vp, viewer.name, viewer.email, PASSWORD);

        await page.goto(`${workspaceUrl}/members`);
        const invite = page.getByRole('form', { name: 'Invite a member' });
        await invite.getByLabel('Email').fill(viewer.email);
        await invite.getByLabel('Role').selectOption('viewer');
        await invite.getByRole('button', { name: 'Invite' }).click();
        // An invitation (issue 13, finding 12): the viewer joins only by accepting it.
        await page.getByRole('listitem').filter({ hasText: viewer.email }).waitFor();
        await vp.goto('/workspaces');
        await vp.getByRole('button', { name: /^Accept the invitation to / }).click();
        await vp.getByRole('button', { name: /^Accept the invitation to / }).waitFor({ state: 'detached' });

        await vp.goto(`${workspaceUrl}/files?path=README.md`);
        const editor = vp.getByRole('textbox', { name: /Contents of README\.md \(read-only\)/ });
        await editor.waitFor();
        assert.equal(await editor.getAttribute('contenteditable'), 'false');
        for (const name of ['Save', 'Rename', 'Delete', 'Choose files']) {
          assert.equal(
            await vp.getByRole('button', { name, exact: true }).count(),
            0,
            `viewer sees no ${name}`,
          );
        }
        await vp.goto(`${workspaceUrl}/tasks`);
        await vp.getByRole('heading', { name: 'Tasks' }).waitFor();
        // No New task button, and the list says why.
        await vp.getByText(VIEWER_CANNOT_START).waitFor();
        assert.equal(await vp.getByRole('link', { name: 'New task' }).count(), 0);
        // The new-task address itself explains instead of offering a form the API would refuse.
        await vp.goto(`${workspaceUrl}/tasks/new`);
        await vp.getByRole('heading', { name: 'New task' }).waitFor();
        await vp.getByText(VIEWER_CANNOT_START).waitFor();
        assert.equal(await vp.getByLabel('What should the agent do?').count(), 0, 'no prompt field');
        assert.equal(await vp.getByRole('button', { name: 'Start task' }).count(), 0, 'no Start task');
        await vp.goto(taskUrl);
        await vp.getByRole('list', { name: 'Task messages' }).waitFor();
        assert.equal(await vp.getByRole('button', { name: 'Cancel task' }).count(), 0);
        assert.equal(await vp.getByRole('form', { name: 'Resume task' }).count(), 0);
        await viewerCtx.close();
      },
    ));

  test('"sign out other devices" ends the phone\'s session', () =>
    withShots(
      () => [page, mobile],
      'sign-out-others',
      async () => {
        await page.goto('/account/sessions');
        const sessions = page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');
        await sessions.getByText('This device', { exact: true }).waitFor();
        assert.ok((await sessions.count()) >= 2, 'the desktop and the phone are listed');
        await page.getByRole('button', { name: 'Sign out other devices' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Sign out others' }).click();
        await page.getByText('Other devices were signed out.').waitFor();

        // The phone's next page load cannot refresh any more and lands on sign-in.
        await mobile.goto('/workspaces');
        await mobile.waitForURL(/\/sign-in/);
        await mobile.getByRole('heading', { name: 'Sign in to Roo Server' }).waitFor();
        await phone.close();
      },
    ));

  test('sign out revokes the session: the old refresh cookie no longer works', () =>
    withShots(
      () => [page, mobile, vp],
      'sign-out-revokes-the-session-the-old-ref',
      async () => {
        // The cookie is scoped to /api/v1/auth, so ask for it at that path.
        const cookies = await desktop.cookies(`${BASE_URL}/api/v1/auth/refresh`);
        const refresh = cookies.find((c) => c.name === 'roo_refresh');
        assert.ok(refresh, 'the refresh cookie is set');
        assert.equal(refresh.httpOnly, true);
        assert.equal(refresh.sameSite, 'Strict');

        await page.goto('/workspaces');
        await openNav(page);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL(/\/sign-in/);

        const res = await desktop.request.post(`${BASE_URL}/api/v1/auth/refresh`, {
          headers: { Cookie: `roo_refresh=${refresh.value}` },
        });
        assert.equal(res.status(), 401, 'refresh with the signed-out token fails');

        // Reloading a protected page lands on sign-in.
        await page.goto('/workspaces');
        await page.waitForURL(/\/sign-in/);
      },
    ));
});
