/**
 * Test helper (used by src/auth/oidc/sso.int-spec.ts): a browser without a screen. It keeps cookies (by
 * name, as one host serves both the API and the test providers on different ports, which
 * browsers do not separate either), follows nothing on its own, and fills the test IdP's
 * login form. Everything goes over real HTTP.
 */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { method: 'GET', headers });
  }

  async request(url: string, init: { method: string; headers?: Record<string, string>; body?: string }) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      method: init.method,
      redirect: 'manual',
      headers: { ...(cookie ? { Cookie: cookie } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until one points at `stopAt` (returned unvisited) or a page answers. */
  async follow(url: string, stopAt: string): Promise<{ url: string; res?: Response }> {
    let next = url;
    for (let i = 0; i < 10; i++) {
      if (next.startsWith(stopAt)) return { url: next };
      const res = await this.get(next);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: next, res };
      await res.body?.cancel();
      next = new URL(location, next).href;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /**
   * At the test IdP: from an authorization URL through its login page to the redirect back
   * to `callbackPrefix` (returned, not visited).
   */
  async signInAtIdp(
    authUrl: string,
    callbackPrefix: string,
    username: string,
    password: string,
  ): Promise<string> {
    const page = await this.follow(authUrl, callbackPrefix);
    if (!page.res) return page.url;
    const html = await page.res.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`no login form at ${page.url}: ${page.res.status} ${html.slice(0, 300)}`);
    const posted = await this.request(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
    });
    const location = posted.headers.get('location');
    if (!location)
      throw new Error(`login at the IdP failed: ${posted.status} ${(await posted.text()).slice(0, 300)}`);
    const done = await this.follow(new URL(location, page.url).href, callbackPrefix);
    if (done.res)
      throw new Error(
        `the IdP did not send the browser back: ${done.res.status} ${(await done.res.text()).slice(0, 300)}`,
      );
    return done.url;
  }
}
