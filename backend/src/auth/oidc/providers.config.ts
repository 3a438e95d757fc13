import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * AUTH_PROVIDERS: the external sign-in providers, as one JSON list (docs/auth.md). One
 * variable rather than numbered OIDC_<N>_* ones: the whole list validates at start with
 * each error naming its entry and field, and the list may come from AUTH_PROVIDERS_FILE
 * (a Docker secret) as a whole, or keep each client secret in its own `clientSecretFile`.
 */

/** Ids go into URLs (/auth/oidc/<id>/callback) and into stored identities: keep them stable. */
const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be 1-32 characters of a-z, 0-9 and -');
/** An OAuth scope token (RFC 6749 §3.3). */
const scope = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be one scope token');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a domain such as example.com');

const entry = z
  .object({
    id: providerId,
    kind: z.enum(['oidc', 'google', 'github']),
    /** The button text on the sign-in page. */
    label: z.string().trim().min(1).max(60).optional(),
    /** OIDC: the issuer; discovery reads `<issuer>/.well-known/openid-configuration`. */
    issuer: z.url().optional(),
    /** GitHub: the web address (GitHub Enterprise Server: its own) and the REST API's. */
    url: z.url().optional(),
    apiUrl: z.url().optional(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    clientSecretFile: z.string().min(1).optional(),
    scopes: z.array(scope).optional(),
    tokenAuthMethod: z.enum(['client_secret_basic', 'client_secret_post', 'none']).optional(),
    /** Just-in-time accounts only for these email domains; empty: any. Linking is not limited. */
    allowedDomains: z.array(domain).default([]),
    /** Whether a first sign-in without an account creates one (REGISTRATION_MODE still applies). */
    signUp: z.boolean().default(true),
    /** The claim that says the email is verified (Entra ID: `xms_edov`). */
    emailVerifiedClaim: z.string().min(1).default('email_verified'),
    /** When set, sign-in through this provider makes the user a system admin exactly when this claim holds one of adminValues. */
    adminClaim: z.string().min(1).optional(),
    adminValues: z.array(z.string().min(1)).default([]),
    /** Plain http to the provider (a local test or development provider only). */
    allowHttp: z.boolean().default(false),
  })
  .strict();

interface Common {
  id: string;
  label: string;
  clientId: string;
  /** Absent for a public client (tokenAuthMethod none; PKCE alone protects the code). */
  clientSecret?: string;
  scopes: string[];
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post' | 'none';
  allowedDomains: string[];
  signUp: boolean;
  emailVerifiedClaim: string;
  adminClaim?: string;
  adminValues: string[];
  allowHttp: boolean;
}
export interface OidcProviderConfig extends Common {
  kind: 'oidc' | 'google';
  issuer: string;
}
export interface GithubProviderConfig extends Common {
  kind: 'github';
  url: string;
  apiUrl: string;
}
export type AuthProviderConfig = OidcProviderConfig | GithubProviderConfig;

const trimSlash = (u: string) => u.replace(/\/+$/, '');

function resolveEntry(e: z.infer<typeof entry>, i: number, ctx: z.RefinementCtx): AuthProviderConfig | null {
  const issue = (field: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [i, field], message });
    return null;
  };
  if (e.clientSecret && e.clientSecretFile)
    return issue('clientSecret', 'set clientSecret or clientSecretFile, not both');
  let clientSecret = e.clientSecret;
  if (e.clientSecretFile) {
    try {
      clientSecret = readFileSync(e.clientSecretFile, 'utf8').trim();
    } catch (err) {
      return issue(
        'clientSecretFile',
        `cannot read ${e.clientSecretFile} (${(err as NodeJS.ErrnoException).code})`,
      );
    }
  }
  const tokenAuthMethod = e.tokenAuthMethod ?? 'client_secret_basic';
  if (tokenAuthMethod === 'none' && clientSecret)
    return issue('clientSecret', 'a public client (tokenAuthMethod none) has no secret');
  if (tokenAuthMethod !== 'none' && !clientSecret)
    return issue('clientSecret', 'is required (or clientSecretFile)');
  if (e.adminClaim && !e.adminValues.length)
    return issue('adminValues', 'must name at least one value when adminClaim is set');
  const common = {
    id: e.id,
    clientId: e.clientId,
    ...(clientSecret ? { clientSecret } : {}),
    tokenAuthMethod,
    allowedDomains: e.allowedDomains,
    signUp: e.signUp,
    emailVerifiedClaim: e.emailVerifiedClaim,
    ...(e.adminClaim ? { adminClaim: e.adminClaim } : {}),
    adminValues: e.adminValues,
    allowHttp: e.allowHttp,
  };
  const httpOk = (field: string, u: string) =>
    u.startsWith('https://') ||
    e.allowHttp ||
    !issue(field, 'must be https (allowHttp: true for a local test provider)');

  if (e.kind === 'github') {
    if (e.issuer) return issue('issuer', 'is for OIDC providers; GitHub takes url and apiUrl');
    if (tokenAuthMethod === 'none')
      return issue('tokenAuthMethod', 'GitHub OAuth apps need their client secret');
    const url = trimSlash(e.url ?? 'https://github.com');
    // github.com serves its API on its own host; GitHub Enterprise Server under /api/v3.
    const apiUrl = trimSlash(
      e.apiUrl ?? (url === 'https://github.com' ? 'https://api.github.com' : `${url}/api/v3`),
    );
    if (!httpOk('url', url) || !httpOk('apiUrl', apiUrl)) return null;
    return {
      ...common,
      kind: 'github',
      label: e.label ?? 'Continue with GitHub',
      url,
      apiUrl,
      scopes: e.scopes ?? ['read:user', 'user:email'],
    };
  }
  if (e.url || e.apiUrl) return issue(e.url ? 'url' : 'apiUrl', 'is for GitHub; OIDC providers take issuer');
  const issuer = e.issuer ?? (e.kind === 'google' ? 'https://accounts.google.com' : undefined);
  if (!issuer) return issue('issuer', 'is required for an OIDC provider');
  if (!httpOk('issuer', issuer)) return null;
  const scopes = e.scopes ?? ['openid', 'email', 'profile'];
  return {
    ...common,
    kind: e.kind,
    label: e.label ?? (e.kind === 'google' ? 'Continue with Google' : `Continue with ${e.id}`),
    issuer,
    scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
  };
}

export const authProvidersSchema = z
  .string()
  .optional()
  .transform((raw, ctx): unknown => {
    if (raw === undefined) return [];
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of providers (docs/auth.md)' });
      return z.NEVER;
    }
  })
  .pipe(z.array(entry))
  .transform((list, ctx): AuthProviderConfig[] => {
    const seen = new Set<string>();
    const out: AuthProviderConfig[] = [];
    list.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${e.id}" is used twice` });
      seen.add(e.id);
      const resolved = resolveEntry(e, i, ctx);
      if (resolved) out.push(resolved);
    });
    return out;
  });
