/**
 * Email and second-factor flows in Chromium through the real nginx:
 * - password reset: ask for a link on the sign-in page, read the mail the stack sent to a real
 *   SMTP server started here (smtp-server on E2E_SMTP_PORT; scripts/test-e2e.sh points the
 *   stack's SMTP_* at it), open the link, set a new password, land signed in;
 * - passkeys: a virtual authenticator (CDP WebAuthn domain) registers a passkey on the
 *   security page, then signs in with it, no password typed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startInbox, type Inbox } from '../../backend/test/smtp/inbox.ts';
import { capture, launch, newContext, signUp, uniqueEmail, withShots } from './support.ts';

const PORT = Number(process.env.E2E_SMTP_PORT ?? 0);
const PASSWORD = 'first passphrase 123';
const NEW_PASSWORD = 'second passphrase 456';

async function signedInEmail(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'include' });
    return res.ok ? ((await res.json()) as { user: { email: string } }).user.email : undefined;
  });
}

describe(
  'email and second-factor flows in the browser',
  { skip: !PORT && 'E2E_SMTP_PORT is not set' },
  () => {
    let browser: Browser;
    let inbox: Inbox;

    before(async () => {
      inbox = await startInbox(PORT);
      browser = await launch();
    });

    after(async () => {
      await browser?.close();
      await inbox?.close();
    });

    test('password reset: request → read mail → open link → new password → signed in', async () => {
      const ctx = await newContext(browser, 'desktop');
      const page = await ctx.newPage();
      await withShots(
        () => [page],
        'password-reset',
        async () => {
          const email = uniqueEmail('reset');
          await signUp(page, 'Reset E2E', email, PASSWORD);
          await ctx.clearCookies();

          await page.goto('/sign-in');
          await page.getByRole('link', { name: 'Forgot your password?' }).click();
          await page.getByLabel('Email').fill(email);
          await page.getByRole('button', { name: 'Send me a link' }).click();
          await page.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();
          await capture(page, 'forgot-password-sent');

          const mail = await inbox.waitFor(email, /Reset your Roo Server password/, 20_000);
          const link = mail.links.find((l) => l.includes('/reset-password?token='));
          assert.ok(link, `no reset link in: ${mail.text}`);
          await page.goto(link);
          await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
          await page.getByLabel('New password again').fill(NEW_PASSWORD);
          await capture(page, 'reset-password');
          await page.getByRole('button', { name: 'Set the new password' }).click();
          await page.waitForURL(/\/workspaces$/);
          assert.equal(await signedInEmail(page), email);

          // The link worked once; the old password no longer does.
          const again = await page.evaluate(
            async ([token, pw]) =>
              (
                await fetch('/api/v1/auth/password/reset', {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ token, password: pw }),
                })
              ).status,
            [new URL(link).searchParams.get('token') ?? '', 'third passphrase 789'],
          );
          assert.equal(again, 400);
          const old = await page.evaluate(
            async ([e, pw]) =>
              (
                await fetch('/api/v1/auth/login', {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ email: e, password: pw }),
                })
              ).status,
            [email, PASSWORD],
          );
          assert.equal(old, 401);
        },
      );
      await ctx.close();
    });

    test('passkey: register with a virtual authenticator, then sign in with it', async () => {
      const ctx: BrowserContext = await newContext(browser, 'desktop');
      const page = await ctx.newPage();
      const cdp: CDPSession = await ctx.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      await withShots(
        () => [page],
        'passkey',
        async () => {
          const email = uniqueEmail('passkey');
          await signUp(page, 'Passkey E2E', email, PASSWORD);
          await page.goto('/account/security');
          await page.getByLabel('Passkey name').fill('Virtual key');
          await page.getByRole('button', { name: 'Add a passkey' }).click();
          await page.getByRole('status').filter({ hasText: 'Passkey added.' }).waitFor();
          await page.getByRole('list', { name: 'Passkeys' }).getByText('Virtual key').waitFor();
          await capture(page, 'security-with-passkey');
          const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
          assert.equal(credentials.length, 1);
          assert.equal(credentials[0]?.isResidentCredential, true);

          // Sign out, then back in with the passkey alone.
          await page.evaluate(() => fetch('/api/v1/auth/logout', { method: 'POST', credentials: 'include' }));
          await ctx.clearCookies();
          await page.goto('/sign-in');
          await page.getByRole('button', { name: 'Continue with a passkey' }).click();
          await page.waitForURL(/\/workspaces/);
          assert.equal(await signedInEmail(page), email);
        },
      );
      await ctx.close();
    });
  },
);
