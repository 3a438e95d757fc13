// A scripted GitHub for the sign-in tests, speaking GitHub's wire format for an OAuth app:
//   GET  /login/oauth/authorize     (the person already approved the app: straight back with a code)
//   POST /login/oauth/access_token  (form body; client credentials as HTTP Basic or in the body;
//                                    errors are 200 + {error, error_description, error_uri}, as GitHub does)
//   GET  /user, GET /user/emails    (also under /api/v3 like GitHub Enterprise Server)
// It checks what GitHub checks (client, secret, redirect_uri, code single-use and bound to its
// client, PKCE S256 verifier) and keeps every exchange in `exchanges` for the test to assert.
// Plain ESM JavaScript; types in server.d.mts.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors';

export class FakeGitHub {
  /**
   * @param {{ clientId: string, clientSecret: string, callbackUrl: string,
   *   users: Record<string, { id: number, name?: string | null, emails: { email: string, primary: boolean, verified: boolean }[] }> }} options
   */
  constructor(options) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.callbackUrl = options.callbackUrl;
    this.users = options.users;
    /** Who is signed in at "GitHub" when the browser arrives at /login/oauth/authorize. */
    this.signedInAs = undefined;
    /** @type {Map<string, { login: string, redirectUri: string, challenge: string | null, method: string | null, scope: string, used: boolean }>} */
    this.codes = new Map();
    /** @type {Map<string, { login: string, scope: string }>} */
    this.tokens = new Map();
    /** Every token exchange: { basic, body, answer } (body: the form fields received). */
    this.exchanges = [];
    /** Every API call: { path, authorization, userAgent, accept, apiVersion }. */
    this.apiCalls = [];
    this.server = createServer((req, res) => this.handle(req, res));
  }

  json(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://x');
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') return this.authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') return this.exchange(req, res);
    if (req.method === 'GET' && (path === '/user' || path === '/user/emails'))
      return this.api(req, res, path);
    return this.json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  authorize(url, res) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? this.callbackUrl;
    // GitHub shows an error page (no redirect) for an unknown client or a foreign redirect_uri.
    if (q.get('client_id') !== this.clientId || !redirectUri.startsWith(this.callbackUrl)) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return res.end('The redirect_uri is not associated with this application.');
    }
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (!this.signedInAs) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user has denied your application access.');
    } else {
      const code = randomBytes(10).toString('hex');
      this.codes.set(code, {
        login: this.signedInAs,
        redirectUri,
        challenge: q.get('code_challenge'),
        method: q.get('code_challenge_method'),
        scope: q.get('scope') ?? '',
        used: false,
      });
      back.searchParams.set('code', code);
    }
    if (state) back.searchParams.set('state', state);
    res.writeHead(302, { Location: back.href });
    res.end();
  }

  async exchange(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const auth = req.headers.authorization ?? '';
    let basic = null;
    if (auth.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      basic = {
        id: decodeURIComponent(decoded.slice(0, i)),
        secret: decodeURIComponent(decoded.slice(i + 1)),
      };
    }
    const record = { basic, body, accept: req.headers.accept, answer: null };
    this.exchanges.push(record);
    const fail = (error, description) => {
      record.answer = error;
      return this.json(res, 200, { error, error_description: description, error_uri: DOCS });
    };
    const id = basic?.id ?? body.client_id;
    const secret = basic?.secret ?? body.client_secret;
    if (id !== this.clientId || secret !== this.clientSecret)
      return fail('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
    const grant = this.codes.get(body.code ?? '');
    if (!grant || grant.used)
      return fail('bad_verification_code', 'The code passed is incorrect or expired.');
    grant.used = true;
    if (body.redirect_uri !== undefined && body.redirect_uri !== grant.redirectUri)
      return fail(
        'redirect_uri_mismatch',
        'The redirect_uri MUST match the registered callback URL for this application.',
      );
    if (grant.challenge) {
      const verifier = body.code_verifier ?? '';
      const computed =
        grant.method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!verifier || computed !== grant.challenge)
        return fail('bad_verification_code', 'The code_verifier does not match the code_challenge.');
    }
    const token = `gho_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { login: grant.login, scope: grant.scope });
    record.answer = 'access_token';
    const scope = grant.scope.split(/[ ,]+/).filter(Boolean).join(',');
    if (!(req.headers.accept ?? '').includes('application/json')) {
      res.writeHead(200, { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' });
      return res.end(new URLSearchParams({ access_token: token, scope, token_type: 'bearer' }).toString());
    }
    return this.json(res, 200, { access_token: token, token_type: 'bearer', scope });
  }

  api(req, res, path) {
    const auth = req.headers.authorization ?? '';
    this.apiCalls.push({
      path,
      authorization: auth,
      userAgent: req.headers['user-agent'],
      accept: req.headers.accept,
      apiVersion: req.headers['x-github-api-version'],
    });
    // GitHub refuses requests without a User-Agent.
    if (!req.headers['user-agent'])
      return this.json(res, 403, {
        message:
          'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.',
      });
    const m = /^(?:Bearer|token) (.+)$/.exec(auth);
    const grant = m ? this.tokens.get(m[1]) : undefined;
    if (!grant)
      return this.json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
    const user = this.users[grant.login];
    if (path === '/user') {
      const publicEmail = user.emails.find((e) => e.primary)?.email ?? null;
      return this.json(res, 200, {
        login: grant.login,
        id: user.id,
        node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
        avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
        type: 'User',
        site_admin: false,
        name: user.name ?? null,
        email: publicEmail,
      });
    }
    if (!grant.scope.split(/[ ,]+/).includes('user:email'))
      return this.json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    return this.json(
      res,
      200,
      user.emails.map((e) => ({ ...e, visibility: e.primary ? 'private' : null })),
    );
  }

  /** @returns {Promise<string>} the base URL */
  start(port = 0, host = '127.0.0.1') {
    return new Promise((resolve) => {
      this.server.listen(port, host, () => {
        this.url = `http://${host}:${this.server.address().port}`;
        resolve(this.url);
      });
    });
  }

  close() {
    return new Promise((resolve) => {
      this.server.closeAllConnections?.();
      this.server.close(() => resolve());
    });
  }
}
