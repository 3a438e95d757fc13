import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import * as oidc from 'openid-client';
import { type DataSource, type EntityManager, IsNull, MoreThan, QueryFailedError, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { RateLimitService } from '../../rate-limit/rate-limit.service.js';
import { RedisService } from '../../redis/redis.service.js';
import { User } from '../../users/user.entity.js';
import { normalizeEmail } from '../../users/users.service.js';
import { AuthService, FIRST_USER_LOCK, type ClientInfo, type SignedIn } from '../auth.service.js';
import { Invite } from '../entities.js';
import { PasswordService } from '../password.service.js';
import { hashToken } from '../secrets.js';
import { GithubClient, OidcClient, type ExternalProfile, type ProviderClient } from './provider-clients.js';
import type { AuthProviderConfig } from './providers.config.js';
import { SsoError } from './sso-error.js';
import { UserIdentity } from './user-identity.entity.js';

/** The API's route prefix (roles/api.ts): the callback URL registered at each provider. */
const API_PATH = '/api/v1';
/** How long a started sign-in may take at the provider. */
export const FLOW_TTL_S = 600;

/** Kept in Redis from start to callback, under the state; taken (GETDEL) exactly once. */
interface Flow {
  provider: string;
  nonce: string;
  verifier: string;
  /** SHA-256 of the browser-binding cookie: the callback must come from the browser that started. */
  binding: string;
  returnTo: string;
  invite?: string;
}

export interface PublicProvider {
  id: string;
  kind: AuthProviderConfig['kind'];
  label: string;
  startUrl: string;
}

export interface Started {
  url: string;
  /** The value of the browser-binding cookie to set. */
  binding: string;
}

export interface Finished {
  signedIn: SignedIn;
  returnTo: string;
}

const sha256 = (v: string) => createHash('sha256').update(v).digest();

/** Same-app paths only (no scheme, no `//host`, no backslash tricks): never an open redirect. */
export function safeReturnTo(v: string | undefined): string {
  return v && /^\/(?![/\\])[^\s\\]*$/.test(v) && v.length <= 500 ? v : '/workspaces';
}

/**
 * Sign-in through external providers (GitHub, Google, any OIDC provider). Rules:
 * an identity already linked signs its user in; otherwise an existing account is linked
 * only through an email the provider verified; otherwise a new account is created just in
 * time when the provider allows sign-up, REGISTRATION_MODE allows it and the email's domain
 * is allowed. An optional claim makes the user a system admin.
 */
@Injectable()
export class SsoService {
  private readonly clients = new Map<string, ProviderClient>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(UserIdentity) private readonly identities: Repository<UserIdentity>,
    private readonly auth: AuthService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly redis: RedisService,
  ) {
    const base = config.PUBLIC_URL.replace(/\/+$/, '');
    for (const p of config.AUTH_PROVIDERS) {
      const redirectUri = `${base}${API_PATH}/auth/oidc/${p.id}/callback`;
      this.clients.set(
        p.id,
        p.kind === 'github' ? new GithubClient(p, redirectUri) : new OidcClient(p, redirectUri),
      );
    }
  }

  /** The sign-in buttons: exactly the configured providers, without anything secret. */
  list(): PublicProvider[] {
    return this.config.AUTH_PROVIDERS.map((p) => ({
      id: p.id,
      kind: p.kind,
      label: p.label,
      startUrl: `${API_PATH}/auth/oidc/${p.id}/start`,
    }));
  }

  private client(id: string): ProviderClient {
    const c = this.clients.get(id);
    if (!c)
      throw new SsoError(404, 'unknown_provider', `no sign-in provider "${id.slice(0, 40)}" is configured`);
    return c;
  }

  async start(
    providerId: string,
    opts: { returnTo?: string; invite?: string },
    client: ClientInfo,
  ): Promise<Started> {
    const c = this.client(providerId);
    await this.limits.consume('auth', client.ip);
    const secrets = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
    };
    const binding = randomBytes(32).toString('base64url');
    const flow: Flow = {
      provider: providerId,
      nonce: secrets.nonce,
      verifier: secrets.verifier,
      binding: sha256(binding).toString('hex'),
      returnTo: safeReturnTo(opts.returnTo),
      ...(opts.invite ? { invite: opts.invite } : {}),
    };
    const url = await c.authorizationUrl(secrets);
    await this.redis.client.set(this.flowKey(secrets.state), JSON.stringify(flow), 'EX', FLOW_TTL_S);
    return { url: url.href, binding };
  }

  /**
   * Finishes a sign-in. `query` is the callback's query string as received; `binding` the
   * browser-binding cookie. The flow is taken from Redis before anything else, so a
   * callback URL works once: a replay (same state, same code) finds nothing.
   */
  async finish(
    providerId: string,
    query: string,
    binding: string | undefined,
    client: ClientInfo,
  ): Promise<Finished> {
    const c = this.client(providerId);
    await this.limits.consume('auth', client.ip);
    const params = new URLSearchParams(query);
    const state = params.get('state');
    if (!state || params.getAll('state').length !== 1 || state.length > 512)
      throw new SsoError(400, 'state', 'the sign-in has no valid state; start again');
    const raw = await this.redis.client.getdel(this.flowKey(state));
    const flow = raw ? (JSON.parse(raw) as Flow) : null;
    if (!flow || flow.provider !== providerId || !binding || !sameHash(binding, flow.binding))
      throw new SsoError(
        400,
        'state',
        'the sign-in state is unknown, used or from another browser; start again',
      );

    const callbackUrl = new URL(
      `${this.config.PUBLIC_URL.replace(/\/+$/, '')}${API_PATH}/auth/oidc/${providerId}/callback`,
    );
    callbackUrl.search = params.toString();
    let profile: ExternalProfile;
    try {
      profile = await c.profile(callbackUrl, { state, nonce: flow.nonce, verifier: flow.verifier });
    } catch (e) {
      if (e instanceof SsoError) await this.failed(c.provider, null, e.code, client, e.message);
      throw e;
    }
    const user = await this.resolveUser(c.provider, profile, flow, client);
    const signedIn = await this.auth.signInExternal(user, client);
    await this.audit.record({
      actorId: user.id,
      action: 'auth.sso_login',
      target: user.id,
      ip: client.ip,
      meta: { provider: c.provider.id, subject: profile.subject },
    });
    return { signedIn, returnTo: flow.returnTo };
  }

  private flowKey(state: string): string {
    return `${this.redis.prefix}sso:flow:${sha256(state).toString('hex')}`;
  }

  private async resolveUser(
    p: AuthProviderConfig,
    profile: ExternalProfile,
    flow: Flow,
    client: ClientInfo,
  ): Promise<User> {
    const linked = await this.identities.findOneBy({ provider: p.id, subject: profile.subject });
    if (linked) {
      await this.identities.update({ id: linked.id }, { lastUsedAt: new Date(), email: profile.email });
      const user = await this.db.getRepository(User).findOneByOrFail({ id: linked.userId });
      return this.applyAdminMapping(p, profile, user, client);
    }

    const existing = profile.email
      ? await this.db.getRepository(User).findOneBy({ email: profile.email })
      : null;
    if (existing) {
      if (!profile.emailVerified) {
        await this.failed(p, existing.id, 'unverified_email', client);
        throw new SsoError(
          403,
          'unverified_email',
          `an account with this email exists, but ${p.label.replace(/^Continue with /, '')} has not verified the address, so it cannot be linked; sign in with your password instead`,
        );
      }
      const other = await this.identities.findOneBy({ provider: p.id, userId: existing.id });
      if (other) {
        await this.failed(p, existing.id, 'linked_elsewhere', client);
        throw new SsoError(
          409,
          'linked_elsewhere',
          'this account is already linked to another account at this provider',
        );
      }
      await this.insertIdentity(this.db.manager, p, profile, existing.id);
      await this.audit.record({
        actorId: existing.id,
        action: 'auth.sso_linked',
        target: existing.id,
        ip: client.ip,
        meta: { provider: p.id, subject: profile.subject, email: profile.email },
      });
      return this.applyAdminMapping(p, profile, existing, client);
    }
    return this.createJustInTime(p, profile, flow, client);
  }

  private async createJustInTime(
    p: AuthProviderConfig,
    profile: ExternalProfile,
    flow: Flow,
    client: ClientInfo,
  ): Promise<User> {
    const refuse = async (status: number, code: SsoError['code'], message: string): Promise<never> => {
      await this.failed(p, null, code, client, profile.email ?? undefined);
      throw new SsoError(status, code, message);
    };
    if (!profile.email)
      return refuse(403, 'no_email', 'the provider gave no email address, which an account needs');
    if (!profile.emailVerified)
      return refuse(
        403,
        'unverified_email',
        'the provider has not verified your email address, so no account can be created with it',
      );
    const email = normalizeEmail(profile.email);
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (p.allowedDomains.length && !p.allowedDomains.includes(domain))
      return refuse(
        403,
        'domain',
        `accounts with ${domain} addresses cannot be created through this provider`,
      );
    if (!p.signUp)
      return refuse(
        403,
        'signup_disabled',
        'this provider signs in existing accounts only; ask an administrator for one',
      );
    const passwordHash = await this.passwords.hash(randomBytes(32).toString('base64url'));

    const created = await this.db
      .transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_USER_LOCK]);
        const first = (await tx.count(User)) === 0;
        let invite: Invite | null = null;
        if (!first) {
          const mode = this.config.REGISTRATION_MODE;
          if (mode === 'closed')
            throw new SsoError(
              403,
              'closed',
              'registration is closed on this server; ask an administrator for an account',
            );
          if (mode === 'invite') {
            invite = flow.invite
              ? await tx.findOneBy(Invite, {
                  tokenHash: hashToken(flow.invite),
                  usedAt: IsNull(),
                  expiresAt: MoreThan(new Date()),
                })
              : null;
            if (!invite || (invite.email && invite.email !== email))
              throw new SsoError(
                403,
                'invite',
                'registration needs a valid invite for this address on this server',
              );
          }
        }
        const admin = first || this.adminByClaim(p, profile) === true;
        const user = await tx.save(
          tx.create(User, {
            email,
            passwordHash,
            displayName: (profile.name ?? email.slice(0, email.indexOf('@'))).slice(0, 100),
            isAdmin: admin,
          }),
        );
        if (invite) await tx.update(Invite, { id: invite.id }, { usedAt: new Date(), usedBy: user.id });
        await this.insertIdentity(tx, p, profile, user.id);
        await this.audit.record(
          {
            actorId: user.id,
            action: 'auth.sso_registered',
            target: user.id,
            ip: client.ip,
            meta: { provider: p.id, subject: profile.subject, admin, first },
          },
          tx,
        );
        return user;
      })
      .catch(async (e: unknown) => {
        if (e instanceof SsoError) await this.failed(p, null, e.code, client, email);
        throw e;
      });
    return created;
  }

  private async insertIdentity(
    m: EntityManager,
    p: AuthProviderConfig,
    profile: ExternalProfile,
    userId: string,
  ) {
    try {
      await m.insert(UserIdentity, {
        userId,
        provider: p.id,
        subject: profile.subject,
        email: profile.email,
        lastUsedAt: new Date(),
      });
    } catch (e) {
      // Two first sign-ins of the same person at once: one wins, the other starts again.
      if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505')
        throw new SsoError(409, 'linked_elsewhere', 'this identity was linked a moment ago; sign in again');
      throw e;
    }
  }

  /** true/false when the provider maps a claim to admin, undefined when it does not. */
  private adminByClaim(p: AuthProviderConfig, profile: ExternalProfile): boolean | undefined {
    if (!p.adminClaim) return undefined;
    const v = profile.claims[p.adminClaim];
    const values = Array.isArray(v) ? v : [v];
    return values.some((x) => typeof x === 'string' && p.adminValues.includes(x));
  }

  /** With a mapping, this provider's sign-in decides system admin: granted and taken away. */
  private async applyAdminMapping(
    p: AuthProviderConfig,
    profile: ExternalProfile,
    user: User,
    client: ClientInfo,
  ): Promise<User> {
    const admin = this.adminByClaim(p, profile);
    if (admin === undefined || admin === user.isAdmin) return user;
    await this.db.getRepository(User).update({ id: user.id }, { isAdmin: admin });
    await this.audit.record({
      actorId: user.id,
      action: admin ? 'auth.sso_admin_granted' : 'auth.sso_admin_revoked',
      target: user.id,
      ip: client.ip,
      meta: { provider: p.id, claim: p.adminClaim },
    });
    return Object.assign(user, { isAdmin: admin });
  }

  private async failed(
    p: AuthProviderConfig,
    userId: string | null,
    reason: string,
    client: ClientInfo,
    detail?: string,
  ) {
    await this.audit.record({
      actorId: userId,
      action: 'auth.sso_failed',
      target: userId,
      ip: client.ip,
      meta: { provider: p.id, reason, ...(detail ? { detail: detail.slice(0, 300) } : {}) },
    });
  }
}

function sameHash(value: string, expectedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const got = sha256(value);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
