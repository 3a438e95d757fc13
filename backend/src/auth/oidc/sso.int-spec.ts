import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bearer, http, PASSWORD, signUp, type Session } from '../../../test/clients.js';
import { FakeGitHub } from '../../../test/fake-github/server.mjs';
import {
  createDatabase,
  freePort,
  migrate,
  testConfig,
  uniqueName,
  type TestApi,
} from '../../../test/harness.js';
import { CookieBrowser } from '../../../test/oidc-idp/cookie-browser.js';
import { TestIdp } from '../../../test/oidc-idp/server.mjs';
import { createApiApp } from '../../roles/api.js';

const ROO_SECRET = 'roo-client-secret-0123456789';
const OTHER_SECRET = 'other-client-secret-0123456789';
const GH_SECRET = 'gh-client-secret-0123456789';
const OTHER_CB = 'http://127.0.0.1:9/other-app/callback';

/** The real API on a port chosen first, so PUBLIC_URL (and the callback URLs) can name it. */
async function startSsoApi(port: number, env: Record<string, string>): Promise<TestApi> {
  const url = `http://127.0.0.1:${port}`;
  const config = testConfig({ PUBLIC_URL: url, ...env }, await createDatabase());
  await migrate(config);
  const app = await createApiApp(config);
  await app.listen(port, '127.0.0.1');
  return { app, config, url, logs: [], close: () => app.close() };
}

const callbackOf = (api: TestApi, provider: string) => `${api.url}/api/v1/auth/oidc/${provider}/callback`;

async function audit(
  api: TestApi,
  action: string,
): Promise<{ actor_id: string | null; meta: Record<string, unknown> }[]> {
  return api.app
    .get(DataSource)
    .query('SELECT actor_id, meta FROM audit_logs WHERE action = $1 ORDER BY at', [action]);
}

async function count(api: TestApi, sql: string, params: unknown[] = []): Promise<number> {
  const rows: { n: string }[] = await api.app.get(DataSource).query(sql, params);
  return Number(rows[0].n);
}

/** Starts a sign-in: returns the provider's authorization URL the API redirected to. */
async function start(b: CookieBrowser, api: TestApi, provider: string, returnTo?: string): Promise<URL> {
  const q = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  const res = await b.get(`${api.url}/api/v1/auth/oidc/${provider}/start${q}`);
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

/** The whole browser round: start, log in at the IdP, back to the callback. Returns the callback's answer. */
async function oidcSignIn(
  b: CookieBrowser,
  api: TestApi,
  username: string,
  password = 'pw',
  returnTo?: string,
) {
  const auth = await start(b, api, 'idp', returnTo);
  const cb = await b.signInAtIdp(auth.href, callbackOf(api, 'idp'), username, password);
  return b.get(cb);
}

/** What the SPA does after the callback: POST /auth/refresh with the cookie. */
async function refresh(b: CookieBrowser, api: TestApi) {
  const res = await b.request(`${api.url}/api/v1/auth/refresh`, {
    method: 'POST',
    headers: { Accept: 'application/json' },
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      user: { id: string; email: string; isAdmin: boolean };
      accessToken: string;
    },
  };
}

describe('external sign-in (OIDC against a real oidc-provider, GitHub against its scripted twin)', () => {
  let idp: TestIdp;
  let github: FakeGitHub;
  let api: TestApi;
  let closedApi: TestApi;
  let inviteApi: TestApi;
  let inviteAdmin: Session;

  beforeAll(async () => {
    const [port, closedPort, invitePort] = [await freePort(), await freePort(), await freePort()];
    const apiUrl = `http://127.0.0.1:${port}`;
    idp = new TestIdp({
      clients: [
        {
          client_id: 'roo',
          client_secret: ROO_SECRET,
          redirect_uris: [
            `${apiUrl}/api/v1/auth/oidc/idp/callback`,
            `http://127.0.0.1:${closedPort}/api/v1/auth/oidc/idp/callback`,
            `http://127.0.0.1:${invitePort}/api/v1/auth/oidc/idp/callback`,
          ],
        },
        { client_id: 'other-app', client_secret: OTHER_SECRET, redirect_uris: [OTHER_CB] },
      ],
      users: {
        alice: { password: 'pw', email: 'alice@example.com', email_verified: true, name: 'Alice' },
        bob: { password: 'pw', email: 'bob@example.com', email_verified: true },
        mallory: { password: 'pw', email: 'victim@example.com', email_verified: false },
        carol: {
          password: 'pw',
          email: 'carol@example.com',
          email_verified: true,
          groups: ['staff', 'roo-admins'],
        },
        dave: { password: 'pw', email: 'dave@elsewhere.org', email_verified: true },
        erin: { password: 'pw', email: 'erin@example.com', email_verified: true },
        frank: { password: 'pw', email: 'frank@example.com', email_verified: true },
        grace: { password: 'pw', email: 'grace@example.com', email_verified: true },
        ivy: { password: 'pw', email: 'ivy@example.com', email_verified: true },
      },
    });
    const issuer = await idp.start();
    github = new FakeGitHub({
      clientId: 'gh-client',
      clientSecret: GH_SECRET,
      callbackUrl: `${apiUrl}/api/v1/auth/oidc/github/callback`,
      users: {
        octocat: {
          id: 583231,
          name: 'The Octocat',
          emails: [{ email: 'Octo@Example.com', primary: true, verified: true }],
        },
        sneaky: {
          id: 777,
          emails: [
            { email: 'owner@example.com', primary: true, verified: false },
            { email: 'sneaky@example.com', primary: false, verified: true },
          ],
        },
      },
    });
    const gh = await github.start();
    const providers = JSON.stringify([
      {
        id: 'idp',
        kind: 'oidc',
        label: 'Company SSO',
        issuer,
        clientId: 'roo',
        clientSecret: ROO_SECRET,
        scopes: ['openid', 'email', 'profile', 'groups'],
        allowedDomains: ['example.com'],
        adminClaim: 'groups',
        adminValues: ['roo-admins'],
        allowHttp: true,
      },
      {
        id: 'github',
        kind: 'github',
        clientId: 'gh-client',
        clientSecret: GH_SECRET,
        url: gh,
        apiUrl: `${gh}/api/v3`,
        allowHttp: true,
      },
    ]);
    [api, closedApi, inviteApi] = await Promise.all([
      startSsoApi(port, { AUTH_PROVIDERS: providers, REGISTRATION_MODE: 'open' }),
      startSsoApi(closedPort, { AUTH_PROVIDERS: providers, REGISTRATION_MODE: 'closed' }),
      startSsoApi(invitePort, { AUTH_PROVIDERS: providers, REGISTRATION_MODE: 'invite' }),
    ]);
    // The first account becomes admin; take that seat so the tests see ordinary rules.
    [inviteAdmin] = await Promise.all([signUp(inviteApi), signUp(api), signUp(closedApi)]);
  });
  afterAll(async () => {
    await Promise.all([api?.close(), closedApi?.close(), inviteApi?.close()]);
    await Promise.all([idp?.close(), github?.close()]);
  });

  it('lists exactly the configured providers for the sign-in page, nothing secret', async () => {
    const res = await fetch(`${api.url}/api/v1/auth/providers`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([
      { id: 'idp', kind: 'oidc', label: 'Company SSO', startUrl: '/api/v1/auth/oidc/idp/start' },
      {
        id: 'github',
        kind: 'github',
        label: 'Continue with GitHub',
        startUrl: '/api/v1/auth/oidc/github/start',
      },
    ]);
    expect(text).not.toContain(ROO_SECRET);
    expect(text).not.toContain(GH_SECRET);
  });

  describe('OIDC happy paths', () => {
    it('creates the account just in time, with PKCE, and signs the browser in through the refresh cookie only', async () => {
      const b = new CookieBrowser();
      const auth = await start(b, api, 'idp', '/workspaces/abc');
      expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
      expect(auth.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(auth.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
      expect(auth.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
      expect(auth.searchParams.get('redirect_uri')).toBe(callbackOf(api, 'idp'));
      const cb = await b.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'alice', 'pw');
      const res = await b.get(cb);
      expect(res.status).toBe(303);
      // Back to the app with no token in the URL; the refresh cookie carries the sign-in.
      expect(res.headers.get('location')).toBe(`${api.url}/workspaces/abc`);
      const setCookies = res.headers.getSetCookie();
      const rt = setCookies.find((c) => c.startsWith('roo_refresh='))!;
      expect(rt).toMatch(/HttpOnly/i);
      expect(rt).toMatch(/SameSite=Strict/i);
      expect(rt).toMatch(/Path=\/api\/v1\/auth/);
      const me = await refresh(b, api);
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({
        email: 'alice@example.com',
        displayName: 'Alice',
        isAdmin: false,
      });
      // The code went back with its verifier, the client authenticated itself.
      const exchange = idp.tokenRequests.at(-1)!;
      expect(exchange.params).toMatchObject({
        grant_type: 'authorization_code',
        redirect_uri: callbackOf(api, 'idp'),
      });
      expect(exchange.params.code_verifier).toEqual(expect.any(String));
      expect(createHash('sha256').update(String(exchange.params.code_verifier)).digest('base64url')).toBe(
        auth.searchParams.get('code_challenge'),
      );
      expect(exchange.authorization).toMatch(/^Basic /);
      const registered = await audit(api, 'auth.sso_registered');
      expect(registered.map((r) => r.actor_id)).toContain(me.body.user.id);
      expect((await audit(api, 'auth.sso_login')).map((r) => r.actor_id)).toContain(me.body.user.id);

      // Signing in again reaches the same account.
      const again = new CookieBrowser();
      expect((await oidcSignIn(again, api, 'alice')).status).toBe(303);
      expect((await refresh(again, api)).body.user.id).toBe(me.body.user.id);
      expect(
        await count(
          api,
          "SELECT count(*) n FROM user_identities WHERE provider = 'idp' AND subject = 'alice'",
        ),
      ).toBe(1);
    });

    it('links an existing account through a verified email', async () => {
      const b = new CookieBrowser();
      const reg = await fetch(`${api.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: PASSWORD, displayName: 'Bob' }),
      });
      const bob = ((await reg.json()) as { user: { id: string } }).user;
      expect((await oidcSignIn(b, api, 'bob')).status).toBe(303);
      expect((await refresh(b, api)).body.user.id).toBe(bob.id);
      const linked = await audit(api, 'auth.sso_linked');
      expect(linked.find((r) => r.actor_id === bob.id)?.meta).toMatchObject({
        provider: 'idp',
        subject: 'bob',
      });
    });

    it('maps a group claim to system admin, and takes admin away when the group goes', async () => {
      const b = new CookieBrowser();
      expect((await oidcSignIn(b, api, 'carol')).status).toBe(303);
      const first = await refresh(b, api);
      expect(first.body.user.isAdmin).toBe(true);
      idp.users.carol.groups = ['staff'];
      const b2 = new CookieBrowser();
      expect((await oidcSignIn(b2, api, 'carol')).status).toBe(303);
      const second = await refresh(b2, api);
      expect(second.body.user).toMatchObject({ id: first.body.user.id, isAdmin: false });
      expect((await audit(api, 'auth.sso_admin_revoked')).map((r) => r.actor_id)).toContain(
        first.body.user.id,
      );
    });

    it('accepts ID tokens signed with a key the provider rotated in (JWKS fetched again)', async () => {
      const b = new CookieBrowser();
      expect((await oidcSignIn(b, api, 'grace')).status).toBe(303);
      const kid = await idp.rotateKeys();
      // openid-client refetches the JWKS for an unknown kid once its copy is 60 s old.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 61_000);
      try {
        const b2 = new CookieBrowser();
        const res = await oidcSignIn(b2, api, 'grace');
        expect(idp.lastIdTokenKid).toBe(kid);
        expect(res.status).toBe(303);
        expect((await refresh(b2, api)).body.user.email).toBe('grace@example.com');
      } finally {
        vi.useRealTimers();
      }
    });
  });

  describe('attacks', () => {
    it('wrong state: an unknown state, or a state started by another browser (login CSRF), is 400', async () => {
      const victim = new CookieBrowser();
      const attacker = new CookieBrowser();
      // The attacker's own finished-at-the-IdP callback, replayed in the victim's browser.
      await start(victim, api, 'idp');
      const auth = await start(attacker, api, 'idp');
      const cb = await attacker.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'frank', 'pw');
      const forged = await victim.get(cb);
      expect(forged.status).toBe(400);
      expect(((await forged.json()) as { message: string }).message).toMatch(/state/);
      expect(victim.cookies.has('roo_refresh')).toBe(false);

      const unknown = new URL(cb);
      unknown.searchParams.set('state', 'A'.repeat(43));
      expect((await attacker.get(unknown.href)).status).toBe(400);
      const none = new URL(cb);
      none.searchParams.delete('state');
      expect((await attacker.get(none.href)).status).toBe(400);
      // A browser is sent to the sign-in page with the reason's code instead.
      const nav = await attacker.get(unknown.href, { Accept: 'text/html,application/xhtml+xml' });
      expect(nav.status).toBe(303);
      expect(nav.headers.get('location')).toBe(`${api.url}/sign-in?sso_error=state`);
    });

    it('replayed code: the used callback finds no state (400); the code in a fresh flow is refused by the provider (401)', async () => {
      const b = new CookieBrowser();
      const auth = await start(b, api, 'idp');
      const cb = await b.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'frank', 'pw');
      const cookie = b.cookies.get('roo_sso')!;
      expect((await b.get(cb)).status).toBe(303);
      const logins = (await audit(api, 'auth.sso_login')).length;

      const replayer = new CookieBrowser();
      replayer.cookies.set('roo_sso', cookie);
      expect((await replayer.get(cb)).status).toBe(400);

      const fresh = new CookieBrowser();
      const auth2 = await start(fresh, api, 'idp');
      const replay = new URL(cb);
      replay.searchParams.set('state', auth2.searchParams.get('state')!);
      const res = await fresh.get(replay.href);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/invalid_grant/);
      expect(fresh.cookies.has('roo_refresh')).toBe(false);
      expect((await audit(api, 'auth.sso_login')).length).toBe(logins);
    });

    it('wrong nonce: an ID token minted for another nonce is refused', async () => {
      const b = new CookieBrowser();
      const auth = await start(b, api, 'idp');
      auth.searchParams.set('nonce', 'a-nonce-this-flow-never-made');
      const cb = await b.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'frank', 'pw');
      const res = await b.get(cb);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/nonce/);
      expect(b.cookies.has('roo_refresh')).toBe(false);
    });

    it('ID token of another client id (audience) is refused', async () => {
      const b = new CookieBrowser();
      const auth = await start(b, api, 'idp');
      // A genuine token from the same provider, for other-app, with this flow's nonce.
      const other = new URL(auth);
      other.searchParams.set('client_id', 'other-app');
      other.searchParams.set('redirect_uri', OTHER_CB);
      const verifier = 'v'.repeat(50);
      other.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
      other.searchParams.set('state', 'other-state');
      const otherCb = new URL(await new CookieBrowser().signInAtIdp(other.href, OTHER_CB, 'frank', 'pw'));
      const tokenRes = await fetch(`${idp.issuer}/token`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(`other-app:${OTHER_SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: otherCb.searchParams.get('code')!,
          redirect_uri: OTHER_CB,
          code_verifier: verifier,
        }).toString(),
      });
      expect(tokenRes.status).toBe(200);
      const otherTokens = (await tokenRes.json()) as Record<string, unknown>;
      expect(typeof otherTokens.id_token).toBe('string');

      const cb = await b.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'frank', 'pw');
      idp.substituteNextToken(otherTokens);
      const res = await b.get(cb);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/"aud"/);
      expect(b.cookies.has('roo_refresh')).toBe(false);
    });

    it('unverified email cannot link to an existing account: refused with a clear message, nothing linked', async () => {
      const reg = await fetch(`${api.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'victim@example.com', password: PASSWORD, displayName: 'Victim' }),
      });
      const victim = ((await reg.json()) as { user: { id: string } }).user;
      const b = new CookieBrowser();
      const res = await oidcSignIn(b, api, 'mallory');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /has not verified the address, so it cannot be linked/,
      );
      expect(b.cookies.has('roo_refresh')).toBe(false);
      expect(await count(api, 'SELECT count(*) n FROM user_identities WHERE user_id = $1', [victim.id])).toBe(
        0,
      );
      expect(await count(api, "SELECT count(*) n FROM user_identities WHERE subject = 'mallory'")).toBe(0);
      expect((await audit(api, 'auth.sso_failed')).some((r) => r.meta.reason === 'unverified_email')).toBe(
        true,
      );
      // In a browser, the sign-in page gets the reason's code.
      const nav = new CookieBrowser();
      const auth = await start(nav, api, 'idp');
      const cb = await nav.signInAtIdp(auth.href, callbackOf(api, 'idp'), 'mallory', 'pw');
      // (Node's fetch always sends its own Sec-Fetch-Mode; a browser's Accept says the same.)
      const page = await nav.get(cb, { Accept: 'text/html,application/xhtml+xml' });
      expect(page.headers.get('location')).toBe(`${api.url}/sign-in?sso_error=unverified_email`);
    });

    it('just-in-time creation refuses an email domain outside allowedDomains', async () => {
      const b = new CookieBrowser();
      const res = await oidcSignIn(b, api, 'dave');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/elsewhere\.org/);
      expect(await count(api, "SELECT count(*) n FROM users WHERE email = 'dave@elsewhere.org'")).toBe(0);
    });

    it('REGISTRATION_MODE=closed: no just-in-time account', async () => {
      const b = new CookieBrowser();
      const res = await oidcSignIn(b, closedApi, 'erin');
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/registration is closed/);
      expect(await count(closedApi, "SELECT count(*) n FROM users WHERE email = 'erin@example.com'")).toBe(0);
      expect(await count(closedApi, 'SELECT count(*) n FROM user_identities')).toBe(0);
    });
  });

  it('REGISTRATION_MODE=invite: just in time only with a valid invite for the address, used once', async () => {
    const without = new CookieBrowser();
    const refused = await oidcSignIn(without, inviteApi, 'ivy');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/needs a valid invite/);

    const invite = await http(inviteApi)
      .post('/api/v1/auth/invites')
      .set(bearer(inviteAdmin))
      .send({ email: 'ivy@example.com' })
      .expect(201);
    const b = new CookieBrowser();
    const res = await b.get(
      `${inviteApi.url}/api/v1/auth/oidc/idp/start?invite=${encodeURIComponent(invite.body.token)}`,
    );
    const cb = await b.signInAtIdp(res.headers.get('location')!, callbackOf(inviteApi, 'idp'), 'ivy', 'pw');
    expect((await b.get(cb)).status).toBe(303);
    expect((await refresh(b, inviteApi)).body.user.email).toBe('ivy@example.com');
    expect(await count(inviteApi, 'SELECT count(*) n FROM invites WHERE used_at IS NOT NULL')).toBe(1);
  });

  describe('GitHub (scripted server speaking GitHub wire format)', () => {
    it('signs in with PKCE; the exchange carries client credentials, code, redirect_uri and the verifier', async () => {
      const b = new CookieBrowser();
      github.signedInAs = 'octocat';
      const auth = await start(b, api, 'github');
      expect(auth.origin + auth.pathname).toBe(`${github.url}/login/oauth/authorize`);
      expect(auth.searchParams.get('scope')).toBe('read:user user:email');
      expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
      const { url: cb } = await b.follow(auth.href, callbackOf(api, 'github'));
      const res = await b.get(cb);
      expect(res.status).toBe(303);
      const me = await refresh(b, api);
      expect(me.body.user).toMatchObject({
        email: 'octo@example.com',
        displayName: 'The Octocat',
        isAdmin: false,
      });

      const ex = github.exchanges.at(-1)!;
      expect(ex.answer).toBe('access_token');
      expect(ex.basic).toEqual({ id: 'gh-client', secret: GH_SECRET });
      expect(ex.accept).toContain('application/json');
      expect(ex.body).toMatchObject({
        grant_type: 'authorization_code',
        code: new URL(cb).searchParams.get('code'),
        redirect_uri: callbackOf(api, 'github'),
      });
      expect(createHash('sha256').update(ex.body.code_verifier).digest('base64url')).toBe(
        auth.searchParams.get('code_challenge'),
      );
      const calls = github.apiCalls.slice(-2);
      expect(calls.map((c) => c.path)).toEqual(['/user', '/user/emails']);
      for (const c of calls) {
        expect(c.authorization).toMatch(/^Bearer gho_/);
        expect(c.userAgent).toBeTruthy();
        expect(c.apiVersion).toBe('2022-11-28');
      }
      expect(
        await count(
          api,
          "SELECT count(*) n FROM user_identities WHERE provider = 'github' AND subject = '583231'",
        ),
      ).toBe(1);

      // The same callback again: the state is gone.
      expect((await b.get(cb)).status).toBe(400);
    });

    it('GitHub: an unverified primary email cannot link to an existing account', async () => {
      const reg = await fetch(`${api.url}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'owner@example.com', password: PASSWORD, displayName: 'Owner' }),
      });
      expect(reg.status).toBe(201);
      const b = new CookieBrowser();
      github.signedInAs = 'sneaky';
      const auth = await start(b, api, 'github');
      const { url: cb } = await b.follow(auth.href, callbackOf(api, 'github'));
      const res = await b.get(cb);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toMatch(/cannot be linked/);
      expect(
        await count(
          api,
          "SELECT count(*) n FROM user_identities WHERE provider = 'github' AND subject = '777'",
        ),
      ).toBe(0);
    });

    it('GitHub: a code that does not match the PKCE verifier is refused (GitHub answers 200 + error)', async () => {
      github.signedInAs = 'octocat';
      const b = new CookieBrowser();
      const auth = await start(b, api, 'github');
      const { url: cb } = await b.follow(auth.href, callbackOf(api, 'github'));
      // Another flow's state with this code: GitHub sees a verifier that does not match.
      const b2 = new CookieBrowser();
      const auth2 = await start(b2, api, 'github');
      const swapped = new URL(cb);
      swapped.searchParams.set('state', auth2.searchParams.get('state')!);
      const res = await b2.get(swapped.href);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/bad_verification_code/);
      expect(github.exchanges.at(-1)!.answer).toBe('bad_verification_code');
    });

    it('the provider saying no (access_denied) ends the sign-in with 401', async () => {
      github.signedInAs = undefined;
      const b = new CookieBrowser();
      const auth = await start(b, api, 'github');
      const { url: cb } = await b.follow(auth.href, callbackOf(api, 'github'));
      const res = await b.get(cb);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/access_denied/);
    });
  });

  it('an unknown provider is 404 at start', async () => {
    const res = await fetch(`${api.url}/api/v1/auth/oidc/${uniqueName('nope')}/start`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(404);
  });
});
