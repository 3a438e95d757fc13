import {
  ArcticFetchError,
  CodeChallengeMethod,
  OAuth2Client,
  OAuth2RequestError,
  type OAuth2Tokens,
} from 'arctic';
import * as oidc from 'openid-client';
import { z } from 'zod';
import type { GithubProviderConfig, OidcProviderConfig } from './providers.config.js';
import { SsoError } from './sso-error.js';

/** What a provider told us about the person, after every check passed. */
export interface ExternalProfile {
  /** Stable id at the provider (OIDC `sub`, GitHub's numeric user id). */
  subject: string;
  email: string | null;
  /** True only when the provider says it verified this address. */
  emailVerified: boolean;
  name: string | null;
  /** Everything the provider said, for the admin mapping. */
  claims: Record<string, unknown>;
}

/** What the start of a sign-in kept for its callback. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  verifier: string;
}

const HTTP_TIMEOUT_S = 10;

const isTrue = (v: unknown) => v === true || v === 'true';
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * An OIDC provider through openid-client (an OpenID-certified relying party): discovery,
 * authorization code + PKCE (S256), state, nonce, and the ID token checked for issuer,
 * audience, expiry and signature against the provider's JWKS (refetched when a token names
 * a key it has not seen, so a key rotation at the provider needs nothing here).
 */
export class OidcClient {
  private config: Promise<oidc.Configuration> | null = null;

  constructor(
    readonly provider: OidcProviderConfig,
    private readonly redirectUri: string,
  ) {}

  /** Discovered once and kept; a failed discovery is retried by the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.config) {
      const p = this.provider;
      const auth =
        p.tokenAuthMethod === 'none'
          ? oidc.None()
          : p.tokenAuthMethod === 'client_secret_post'
            ? oidc.ClientSecretPost(p.clientSecret)
            : oidc.ClientSecretBasic(p.clientSecret);
      this.config = oidc
        .discovery(new URL(p.issuer), p.clientId, undefined, auth, {
          timeout: HTTP_TIMEOUT_S,
          ...(p.allowHttp ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .catch((e: unknown) => {
          this.config = null;
          throw unavailable(this.provider.id, e);
        });
    }
    return this.config;
  }

  async authorizationUrl(flow: FlowSecrets): Promise<URL> {
    const config = await this.configuration();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.provider.scopes.join(' '),
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
  }

  async profile(callbackUrl: URL, flow: FlowSecrets): Promise<ExternalProfile> {
    const config = await this.configuration();
    let claims: Record<string, unknown>;
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      claims = { ...tokens.claims() };
      accessToken = tokens.access_token;
    } catch (e) {
      throw refused(this.provider.id, e);
    }
    const p = this.provider;
    const missing =
      !str(claims.email) ||
      claims[p.emailVerifiedClaim] === undefined ||
      (p.adminClaim !== undefined && claims[p.adminClaim] === undefined);
    // Many providers put email and groups only into userinfo (OIDC Core 5.4 for the code flow).
    if (missing && config.serverMetadata().userinfo_endpoint) {
      try {
        const info = await oidc.fetchUserInfo(config, accessToken, String(claims.sub));
        claims = { ...info, ...claims };
      } catch (e) {
        throw refused(this.provider.id, e);
      }
    }
    const email = str(claims.email)?.toLowerCase() ?? null;
    return {
      subject: String(claims.sub),
      email,
      emailVerified: email !== null && isTrue(claims[p.emailVerifiedClaim]),
      name: str(claims.name) ?? str(claims.preferred_username),
      claims,
    };
  }
}

const githubUser = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string().nullish(),
});
const githubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/**
 * A GitHub OAuth app (github.com or GitHub Enterprise Server): authorization code with PKCE
 * (S256) and state; GitHub has no ID token, so the person is read from /user and the
 * address from /user/emails: only the primary address, and verified only if GitHub says so.
 */
export class GithubClient {
  private readonly oauth: OAuth2Client;

  constructor(
    readonly provider: GithubProviderConfig,
    redirectUri: string,
  ) {
    this.oauth = new OAuth2Client(provider.clientId, provider.clientSecret ?? null, redirectUri);
  }

  authorizationUrl(flow: FlowSecrets): Promise<URL> {
    return Promise.resolve(
      this.oauth.createAuthorizationURLWithPKCE(
        `${this.provider.url}/login/oauth/authorize`,
        flow.state,
        CodeChallengeMethod.S256,
        flow.verifier,
        this.provider.scopes,
      ),
    );
  }

  async profile(callbackUrl: URL, flow: FlowSecrets): Promise<ExternalProfile> {
    const q = callbackUrl.searchParams;
    const error = q.get('error');
    if (error) throw new SsoError(401, 'denied', `GitHub did not sign you in (${error.slice(0, 100)})`);
    // The state was matched by the caller before any of this; the code is GitHub's to judge.
    const code = q.get('code');
    if (!code) throw new SsoError(400, 'state', 'the callback carries no code');
    let tokens: OAuth2Tokens;
    try {
      tokens = await this.oauth.validateAuthorizationCode(
        `${this.provider.url}/login/oauth/access_token`,
        code,
        flow.verifier,
      );
    } catch (e) {
      throw refused(this.provider.id, e);
    }
    // GitHub reports a bad code with 200 and an `error` member.
    const data = tokens.data as Record<string, unknown>;
    if (typeof data.error === 'string' || typeof data.access_token !== 'string') {
      throw new SsoError(
        401,
        'refused',
        `GitHub refused the code (${typeof data.error === 'string' ? data.error.slice(0, 100) : 'no access token'})`,
      );
    }
    const token = data.access_token;
    const user = githubUser.parse(await this.get('/user', token));
    const emails = githubEmails.parse(await this.get('/user/emails', token));
    const primary = emails.find((e) => e.primary);
    const email = primary?.email.trim().toLowerCase() ?? null;
    return {
      subject: String(user.id),
      email,
      emailVerified: primary?.verified === true,
      name: user.name ?? user.login,
      claims: { sub: String(user.id), login: user.login, email, email_verified: primary?.verified === true },
    };
  }

  private async get(path: string, token: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.provider.apiUrl}${path}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': 'roo-server',
        },
        signal: AbortSignal.timeout(HTTP_TIMEOUT_S * 1000),
      });
    } catch (e) {
      throw unavailable(this.provider.id, e);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new SsoError(401, 'refused', `GitHub answered ${res.status} to ${path}`);
    }
    try {
      return await res.json();
    } catch {
      throw new SsoError(502, 'unavailable', `GitHub's answer to ${path} is not JSON`);
    }
  }
}

export type ProviderClient = OidcClient | GithubClient;

function unavailable(provider: string, e: unknown): SsoError {
  if (e instanceof SsoError) return e;
  return new SsoError(503, 'unavailable', `cannot reach the identity provider ${provider} (${describe(e)})`);
}

/** The provider (or its answer) said no: a used or foreign code, a bad token, a failed check. */
function refused(provider: string, e: unknown): SsoError {
  if (e instanceof SsoError) return e;
  if (e instanceof oidc.AuthorizationResponseError)
    return new SsoError(401, 'denied', `${provider} did not sign you in (${e.error})`);
  if (e instanceof oidc.ResponseBodyError || e instanceof OAuth2RequestError)
    return new SsoError(
      401,
      'refused',
      `${provider} refused the sign-in (${e instanceof oidc.ResponseBodyError ? e.error : e.code})`,
    );
  if (e instanceof ArcticFetchError || e instanceof TypeError || isTimeout(e))
    return unavailable(provider, e);
  return new SsoError(401, 'refused', `${provider}'s answer did not pass the checks (${describe(e)})`);
}

const isTimeout = (e: unknown) =>
  e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError');

/** The error and its cause, e.g. `unexpected JWT claim value encountered: unexpected JWT "aud" (audience) claim value`. */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown error';
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`.slice(0, 300);
}
