// A real OpenID provider for the sign-in tests: the certified `oidc-provider` package on a
// loopback port, with a small login page of our own (the package leaves the interaction UI
// to its host; its dev pages are off). Users and clients come from the test. Test hooks:
// rotateKeys() restarts the provider on the same issuer with a new signing key (the old
// one still published), and substituteNextToken(body) makes the next token response that
// body (to hand the relying party a real token of another client). Plain ESM JavaScript;
// types in server.d.mts.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

async function newSigningKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

const escape = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function page(uid, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP sign-in</title></head>
<body><main><h1>Test IdP</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in at the IdP</button></form></main></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export class TestIdp {
  /**
   * @param {{
   *   clients: { client_id: string, client_secret?: string, redirect_uris: string[], token_endpoint_auth_method?: string }[],
   *   users: Record<string, { password: string, email?: string, email_verified?: boolean, name?: string, groups?: string[] }>,
   * }} options
   */
  constructor(options) {
    this.clients = options.clients;
    this.users = options.users;
    this.keys = [];
    /** Token requests as the provider parsed them: { authorization, params, status }. */
    this.tokenRequests = [];
    this.substitute = undefined;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        res.statusCode = 500;
        res.end(String(e?.message ?? e));
      });
    });
  }

  build() {
    const users = this.users;
    this.provider = new Provider(this.issuer, {
      clients: this.clients,
      jwks: { keys: this.keys },
      cookies: { keys: ['test-idp-cookie-key'] },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name'],
        groups: ['groups'],
      },
      scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
      pkce: { required: () => true },
      ttl: {
        AuthorizationCode: 60,
        Interaction: 600,
        Grant: 600,
        Session: 600,
        AccessToken: 600,
        IdToken: 600,
      },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      async findAccount(_ctx, sub) {
        const user = users[sub];
        if (!user) return undefined;
        return {
          accountId: sub,
          async claims() {
            return {
              sub,
              ...(user.email !== undefined ? { email: user.email } : {}),
              ...(user.email_verified !== undefined ? { email_verified: user.email_verified } : {}),
              ...(user.name ? { name: user.name } : {}),
              ...(user.groups ? { groups: user.groups } : {}),
            };
          },
        };
      },
    });
    // Koa middleware around the provider's own handling: records each token request as the
    // provider parsed it, and swaps in a substitute answer after the provider did its work.
    this.provider.use(async (ctx, next) => {
      await next();
      if (ctx.path !== '/token' || ctx.method !== 'POST') return;
      this.tokenRequests.push({
        authorization: ctx.get('authorization'),
        params: { ...(ctx.oidc?.params ?? {}) },
        status: ctx.status,
      });
      const idToken = ctx.body?.id_token;
      if (typeof idToken === 'string') this.lastIdTokenKid = decodeProtectedHeader(idToken).kid;
      if (this.substitute) {
        ctx.status = 200;
        ctx.body = this.substitute;
        this.substitute = undefined;
      }
    });
    this.callback = this.provider.callback();
  }

  async handle(req, res) {
    const url = new URL(req.url, this.issuer);
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (m && req.method === 'GET' && !m[2]) {
      await this.provider.interactionDetails(req, res);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(page(m[1]));
    }
    if (m && req.method === 'POST' && m[2]) {
      const details = await this.provider.interactionDetails(req, res);
      const form = await readForm(req);
      const username = form.get('username') ?? '';
      const user = this.users[username];
      if (!user || user.password !== form.get('password')) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(page(m[1], 'Wrong username or password'));
      }
      const grant = new this.provider.Grant({ accountId: username, clientId: details.params.client_id });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      return this.provider.interactionFinished(
        req,
        res,
        { login: { accountId: username }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    }
    return this.callback(req, res);
  }

  /** @returns {Promise<string>} the issuer */
  start(port = 0, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, async () => {
        this.issuer = `http://${host}:${this.server.address().port}`;
        if (!this.keys.length) this.keys = [await newSigningKey()];
        this.build();
        resolve(this.issuer);
      });
    });
  }

  /** A new signing key in front (tokens are signed with it), the old ones still published. */
  async rotateKeys() {
    this.keys = [await newSigningKey(), ...this.keys];
    this.build();
    return this.keys[0].kid;
  }

  /** The next token request is answered with this body instead of the provider's. */
  substituteNextToken(body) {
    this.substitute = body;
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}
