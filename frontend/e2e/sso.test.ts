/**
 * External sign-in in Chromium through the real nginx: the sign-in page shows exactly the
 * configured provider button; clicking it goes to a real OpenID provider (oidc-provider,
 * started here on E2E_OIDC_PORT; scripts/test-e2e.sh configures the stack's AUTH_PROVIDERS
 * for it), the person signs in there and lands in the app signed in, with no token in the
 * URL. A refused sign-in lands on the sign-in page with the reason in words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestIdp } from '../../backend/test/oidc-idp/server.mjs';
import { BASE_URL, capture, launch, newContext, uniqueEmail, withShots } from './support.ts';

const PORT = Number(process.env.E2E_OIDC_PORT ?? 0);
const LABEL = 'Sign in with Test IdP';

describe('external sign-in (OIDC) in the browser', { skip: !PORT && 'E2E_OIDC_PORT is not set' }, () => {
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let idp: TestIdp;
  const email = uniqueEmail('sso');
  // The provider's subject is the username: a fresh one per run, so a rerun against the same stack
  // does not sign in to the account an earlier run linked to it.
  const username = email.slice(0, email.indexOf('@'));

  before(async () => {
    idp = new TestIdp({
      clients: [
        {
          client_id: 'roo-e2e',
          client_secret: process.env.E2E_OIDC_SECRET ?? '',
          redirect_uris: [`${BASE_URL}/api/v1/auth/oidc/e2e/callback`],
        },
      ],
      users: {
        [username]: { password: 'idp password', email, email_verified: true, name: 'SSO User' },
        outsider: { password: 'idp password', email: 'someone@elsewhere.org', email_verified: true },
      },
    });
    await idp.start(PORT);
    browser = await launch();
    ctx = await newContext(browser, 'desktop');
    page = await ctx.newPage();
  });

  after(async () => {
    await browser?.close();
    await idp?.close();
  });

  test('click the button, sign in at the provider, land signed in', () =>
    withShots(
      () => [page],
      'sso-sign-in',
      async () => {
        await page.goto('/sign-in');
        const button = page.getByRole('link', { name: LABEL });
        await button.waitFor();
        // Exactly the configured providers: one.
        assert.equal(
          await page
            .getByRole('navigation', { name: 'Sign in with another account' })
            .getByRole('link')
            .count(),
          1,
        );
        await capture(page, 'sign-in-with-provider');
        await button.click();

        await page.waitForURL((u) => u.origin === idp.issuer);
        await page.getByLabel('Username').fill(username);
        await page.getByLabel('Password').fill('idp password');
        await page.getByRole('button', { name: 'Sign in at the IdP' }).click();

        await page.waitForURL(/\/workspaces$/);
        assert.equal(new URL(page.url()).search, '');
        assert.equal(new URL(page.url()).hash, '');
        // The app signs itself in from the cookie (its own POST /auth/refresh) and shows the person.
        await page.getByText('SSO User').waitFor();
        // Signed in: the session call answers with this user. The refresh token rotates and a second
        // use of the same token signs the whole session out, so this call takes the app's refresh lock
        // as a second tab would; a bare fetch racing the app's own refresh got 401 and lost the cookie.
        const me = await page.evaluate(() =>
          navigator.locks.request('roo-refresh', async () => {
            const res = await fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'include' });
            return { status: res.status, body: (await res.json()) as { user?: { email: string } } };
          }),
        );
        assert.equal(me.status, 200);
        assert.equal(me.body.user?.email, email);
        const cookies = await ctx.cookies();
        assert.ok(cookies.some((c) => c.name === 'roo_refresh' && c.httpOnly && c.sameSite === 'Strict'));
      },
    ));

  test('a refused sign-in comes back to the sign-in page with the reason', () =>
    withShots(
      () => [page],
      'sso-refused',
      async () => {
        const fresh = await browser.newContext({ baseURL: BASE_URL, ignoreHTTPSErrors: true });
        const p = await fresh.newPage();
        try {
          await p.goto('/sign-in');
          await p.getByRole('link', { name: LABEL }).click();
          await p.waitForURL((u) => u.origin === idp.issuer);
          await p.getByLabel('Username').fill('outsider');
          await p.getByLabel('Password').fill('idp password');
          await p.getByRole('button', { name: 'Sign in at the IdP' }).click();
          await p.waitForURL(/\/sign-in\?sso_error=domain$/);
          await p
            .getByRole('alert')
            .filter({ hasText: 'Accounts for this email domain cannot be created through this provider.' })
            .waitFor();
          assert.ok(!(await fresh.cookies()).some((c) => c.name === 'roo_refresh'));
        } finally {
          await fresh.close();
        }
      },
    ));
});
