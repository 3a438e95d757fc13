import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { type DataSource, IsNull, MoreThan, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AuditService } from '../audit/audit.service.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
} from '../common/errors/domain-errors.js';
import { RateLimitService } from '../rate-limit/rate-limit.service.js';
import { AccessEventsPublisher } from '../realtime/access-events.publisher.js';
import { User } from '../users/user.entity.js';
import { normalizeEmail, toPublicUser, UsersService, type PublicUser } from '../users/users.service.js';
import type { AuthUser } from './auth-user.js';
import type { CreateApiTokenDto, CreateInviteDto, LoginDto, RegisterDto } from './dto.js';
import { ApiToken, Invite, RefreshSession } from './entities.js';
import { PasswordService } from './password.service.js';
import { API_TOKEN_PREFIX, hashToken, INVITE_PREFIX, newToken, REFRESH_PREFIX } from './secrets.js';
import { EmailTokensService } from '../account/email-tokens.service.js';
import { MfaGate, type MfaChallenge } from './mfa/mfa-gate.service.js';

export interface SignedIn {
  user: PublicUser;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

/** A password step's answer: signed in, or a second factor is needed. */
export type LoginResult = SignedIn | MfaChallenge;

/** Sign-up under EMAIL_VERIFICATION=required: no session until the address is confirmed. */
export interface VerificationPending {
  verificationRequired: true;
  email: string;
}

export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

interface AccessClaims {
  sub: string;
  sid: string;
  adm: boolean;
  typ: 'access';
  exp?: number;
}

const DAY_MS = 86_400_000;
/** Serialises first-user registration so only one account can become the first admin. */
export const FIRST_USER_LOCK = 726_611_104;

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(RefreshSession) private readonly sessions: Repository<RefreshSession>,
    @InjectRepository(ApiToken) private readonly apiTokens: Repository<ApiToken>,
    @InjectRepository(Invite) private readonly invites: Repository<Invite>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
    private readonly access: AccessEventsPublisher,
    private readonly mfaGate: MfaGate,
    private readonly emailTokens: EmailTokensService,
  ) {}

  async register(dto: RegisterDto, client: ClientInfo): Promise<SignedIn | VerificationPending> {
    await this.limits.consume('auth', client.ip);
    const email = normalizeEmail(dto.email);
    const passwordHash = await this.passwords.hash(dto.password);
    const user = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [FIRST_USER_LOCK]);
      const first = (await tx.count(User)) === 0;
      if (!first) await this.checkRegistrationAllowed(tx.getRepository(Invite), dto.inviteToken, email);
      if (await tx.existsBy(User, { email }))
        throw new ConflictError('an account with this email already exists');
      const created = await tx.save(
        tx.create(User, { email, passwordHash, displayName: dto.displayName.trim(), isAdmin: first }),
      );
      if (!first && dto.inviteToken) {
        await tx.update(
          Invite,
          { tokenHash: hashToken(dto.inviteToken) },
          { usedAt: new Date(), usedBy: created.id },
        );
      }
      await this.audit.record(
        {
          actorId: created.id,
          action: 'auth.register',
          target: created.id,
          ip: client.ip,
          meta: { admin: first },
        },
        tx,
      );
      return created;
    });
    // The first account sets the instance (and its mail) up, so it never waits for a mail.
    if (this.config.EMAIL_VERIFICATION !== 'off') await this.emailTokens.sendVerification(user);
    if (this.config.EMAIL_VERIFICATION === 'required' && !user.isAdmin)
      return { verificationRequired: true, email };
    return this.startSession(user, 'New device', client, randomUUID());
  }

  private async checkRegistrationAllowed(
    invites: Repository<Invite>,
    token: string | undefined,
    email: string,
  ) {
    const mode = this.config.REGISTRATION_MODE;
    if (mode === 'closed') throw new ForbiddenError('registration is closed on this server');
    if (mode === 'open') return;
    if (!token) throw new ForbiddenError('registration needs an invite on this server');
    const invite = await invites.findOneBy({
      tokenHash: hashToken(token),
      usedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
    if (!invite || (invite.email && invite.email !== email))
      throw new ForbiddenError('the invite is not valid');
  }

  /**
   * Guessing is limited per (account, source): after LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE
   * attempts that source alone gets 429, so a stranger cannot lock the owner out. Failures
   * from anywhere add an exponential delay to every attempt on the account, which slows a
   * distributed guesser while the owner's right password still signs in.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<LoginResult> {
    const email = normalizeEmail(dto.email);
    const source = `${email}|${client.ip}`;
    await this.limits.consume('auth', client.ip);
    await this.limits.consume('login-account', source);
    const delay = this.loginDelay(await this.limits.used('login-failures', email));
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const user = await this.users.findByEmail(email);
    const ok = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !ok || user.disabledAt) {
      await this.limits.count('login-failures', email);
      await this.audit.record({
        actorId: user?.id ?? null,
        action: 'auth.login_failed',
        target: email,
        ip: client.ip,
      });
      // One message whatever went wrong, so it does not reveal which accounts exist.
      throw new UnauthorizedError('email or password is wrong');
    }
    await this.limits.reset('login-account', source);
    if (this.config.EMAIL_VERIFICATION === 'required' && !user.emailVerifiedAt && !user.isAdmin) {
      // Only after the right password, so it reveals nothing; a fresh link, within the mail limit.
      const mayMail = await this.limits.consume('mail-address', email).then(
        () => true,
        () => false,
      );
      if (mayMail) await this.emailTokens.sendVerification(user);
      throw new ForbiddenError('confirm your email address first: we sent you a link');
    }
    return this.passwordVerified(
      user,
      dto.deviceLabel?.trim() || deviceFromUserAgent(client.userAgent),
      client,
    );
  }

  /**
   * After a correct password (sign-in or password reset): the second-factor challenge when
   * the account has one, else a session.
   */
  async passwordVerified(user: User, deviceLabel: string, client: ClientInfo): Promise<LoginResult> {
    const challenge = await this.mfaGate.challenge(user, deviceLabel);
    if (challenge) {
      await this.audit.record({
        actorId: user.id,
        action: 'auth.mfa_challenge',
        target: user.id,
        ip: client.ip,
      });
      return challenge;
    }
    await this.audit.record({ actorId: user.id, action: 'auth.login', target: user.id, ip: client.ip });
    return this.startSession(user, deviceLabel, client, randomUUID());
  }

  /** A sign-in that passed a second factor or a passkey (auth/mfa). */
  async signInVerified(
    user: User,
    deviceLabel: string,
    client: ClientInfo,
    method: string,
  ): Promise<SignedIn> {
    if (user.disabledAt) throw new UnauthorizedError('email or password is wrong');
    await this.audit.record({
      actorId: user.id,
      action: 'auth.login',
      target: user.id,
      ip: client.ip,
      meta: { method },
    });
    return this.startSession(
      user,
      deviceLabel || deviceFromUserAgent(client.userAgent),
      client,
      randomUUID(),
    );
  }

  /**
   * Signs a user out everywhere (refresh tokens die, open sockets close), e.g. after a
   * password reset; `keep` spares one sign-in (the caller's own).
   */
  async revokeAllSessions(userId: string, ip: string, action: string, keep?: string): Promise<void> {
    const qb = this.sessions
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (!keep) {
      await qb.execute();
      await this.access.publish({ kind: 'sessions-revoked', userId });
    } else {
      // Close the sockets of each revoked sign-in, not the kept one's.
      const res = await qb.andWhere('family_id <> :keep', { keep }).returning('family_id').execute();
      const families = new Set((res.raw as { family_id: string }[]).map((r) => r.family_id));
      for (const sessionId of families)
        await this.access.publish({ kind: 'sessions-revoked', userId, sessionId });
    }
    await this.audit.record({
      actorId: userId,
      action,
      target: userId,
      ip,
      meta: keep ? { kept: keep } : {},
    });
  }

  /** Starts a sign-in for a user an external identity provider vouched for (auth/oidc). */
  async signInExternal(user: User, client: ClientInfo): Promise<SignedIn> {
    if (user.disabledAt) throw new ForbiddenError('account is disabled');
    return this.startSession(user, deviceFromUserAgent(client.userAgent), client, randomUUID());
  }

  /** Milliseconds to wait before checking a password, after `failures` recent failures of the account. */
  private loginDelay(failures: number): number {
    const over = failures - this.config.LOGIN_DELAY_AFTER_FAILURES;
    if (over < 0) return 0;
    return Math.min(
      this.config.LOGIN_DELAY_BASE_MS * 2 ** Math.min(over, 20),
      this.config.LOGIN_DELAY_MAX_MS,
    );
  }

  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole family. */
  async refresh(token: string | undefined, client: ClientInfo): Promise<SignedIn> {
    if (!token?.startsWith(REFRESH_PREFIX)) throw new UnauthorizedError('no valid refresh token');
    const current = await this.sessions.findOneBy({ tokenHash: hashToken(token) });
    if (!current) throw new UnauthorizedError('no valid refresh token');
    if (current.replacedBy) return this.refreshReused(current, client);
    if (current.revokedAt) throw new UnauthorizedError('session was signed out; please sign in again');
    if (current.expiresAt <= new Date()) throw new UnauthorizedError('session expired; please sign in again');
    const user = await this.users.get(current.userId);
    if (user.disabledAt) throw new UnauthorizedError('account is disabled');
    const next = await this.startSession(user, current.deviceLabel, client, current.familyId);
    const nextRow = await this.sessions.findOneByOrFail({ tokenHash: hashToken(next.refreshToken) });
    // Only one rotation can win; a concurrent second use of the same token counts as reuse.
    const won = await this.sessions
      .createQueryBuilder()
      .update()
      .set({ replacedBy: nextRow.id, revokedAt: () => 'now()' })
      .where('id = :id AND replaced_by IS NULL AND revoked_at IS NULL', { id: current.id })
      .execute();
    if (!won.affected) return this.refreshReused(current, client);
    return next;
  }

  /** A rotated refresh token came back: someone holds a copy, so the whole sign-in dies. */
  private async refreshReused(session: RefreshSession, client: ClientInfo): Promise<never> {
    await this.revokeFamily(session.familyId, session.userId);
    await this.audit.record({
      actorId: session.userId,
      action: 'auth.refresh_reuse',
      target: session.familyId,
      ip: client.ip,
    });
    throw new UnauthorizedError('refresh token was already used; please sign in again');
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const row = await this.sessions.findOneBy({ tokenHash: hashToken(token) });
    if (row) await this.revokeFamily(row.familyId, row.userId);
  }

  async logoutAll(user: AuthUser, ip: string): Promise<void> {
    await this.sessions.update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.access.publish({ kind: 'sessions-revoked', userId: user.id });
    await this.audit.record({ actorId: user.id, action: 'auth.logout_all', target: user.id, ip });
  }

  async listSessions(user: AuthUser) {
    const rows = await this.sessions.find({
      where: { userId: user.id, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
    return rows.map((s) => ({
      id: s.familyId,
      deviceLabel: s.deviceLabel,
      ip: s.ip,
      lastUsedAt: s.lastUsedAt,
      expiresAt: s.expiresAt,
      current: s.familyId === user.sessionId,
    }));
  }

  async revokeSession(user: AuthUser, familyId: string, ip: string): Promise<void> {
    const owned = await this.sessions.existsBy({ userId: user.id, familyId });
    if (!owned) throw new NotFoundError('session not found');
    await this.revokeFamily(familyId, user.id);
    await this.audit.record({ actorId: user.id, action: 'auth.session_revoked', target: familyId, ip });
  }

  /** Signs one device out: its refresh tokens die and its open sockets close. */
  private async revokeFamily(familyId: string, userId: string): Promise<void> {
    await this.sessions.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.access.publish({ kind: 'sessions-revoked', userId, sessionId: familyId });
  }

  private async startSession(
    user: User,
    deviceLabel: string,
    client: ClientInfo,
    familyId: string,
  ): Promise<SignedIn> {
    const refreshToken = newToken(REFRESH_PREFIX);
    const refreshExpiresAt = new Date(Date.now() + this.config.REFRESH_TTL_DAYS * DAY_MS);
    await this.sessions.insert({
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      deviceLabel: deviceLabel.slice(0, 100),
      ip: client.ip,
      lastUsedAt: new Date(),
      expiresAt: refreshExpiresAt,
    });
    const adm = await this.mfaGate.adminClaim(user);
    const claims: AccessClaims = { sub: user.id, sid: familyId, adm, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      user: toPublicUser(user),
      accessToken,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      refreshToken,
      refreshExpiresAt,
    };
  }

  /** Resolves a bearer credential (access JWT or personal API token) into the caller. */
  async authenticate(bearer: string): Promise<AuthUser> {
    if (bearer.startsWith(API_TOKEN_PREFIX)) return this.authenticateApiToken(bearer);
    let claims: AccessClaims;
    try {
      // Only HS256 is accepted: "alg: none" and algorithm-confusion tokens fail here.
      claims = await this.jwt.verifyAsync<AccessClaims>(bearer, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedError('access token is invalid or expired');
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string')
      throw new UnauthorizedError('access token is invalid');
    return {
      id: claims.sub,
      isAdmin: claims.adm === true,
      sessionId: claims.sid,
      ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp * 1000 } : {}),
    };
  }

  /**
   * Whether a credential authenticated earlier is still usable: the access token not
   * expired and its sign-in not revoked, or the API token not revoked or expired. REST
   * trusts an access token until it expires; a long-lived socket asks this instead.
   */
  async stillValid(user: AuthUser): Promise<boolean> {
    if (user.expiresAt !== undefined && user.expiresAt <= Date.now()) return false;
    if (user.tokenId) {
      return this.apiTokens.existsBy({ id: user.tokenId, userId: user.id, revokedAt: IsNull() });
    }
    if (!user.sessionId) return false;
    return this.sessions.existsBy({
      familyId: user.sessionId,
      userId: user.id,
      revokedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
    });
  }

  /** Of the given sign-ins and API tokens, those still valid (one query each, for many sockets at once). */
  async validCredentials(
    sessionIds: string[],
    tokenIds: string[],
  ): Promise<{ sessions: Set<string>; tokens: Set<string> }> {
    const [sessions, tokens] = await Promise.all([
      sessionIds.length
        ? this.sessions
            .createQueryBuilder('s')
            .select('DISTINCT s.family_id', 'id')
            .where('s.family_id = ANY(:ids) AND s.revoked_at IS NULL AND s.expires_at > now()', {
              ids: sessionIds,
            })
            .getRawMany<{ id: string }>()
        : [],
      tokenIds.length
        ? this.apiTokens
            .createQueryBuilder('t')
            .select('t.id', 'id')
            .where(
              't.id = ANY(:ids) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())',
              {
                ids: tokenIds,
              },
            )
            .getRawMany<{ id: string }>()
        : [],
    ]);
    return { sessions: new Set(sessions.map((r) => r.id)), tokens: new Set(tokens.map((r) => r.id)) };
  }

  private async authenticateApiToken(token: string): Promise<AuthUser> {
    const row = await this.apiTokens.findOneBy({ tokenHash: hashToken(token) });
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date())) {
      throw new UnauthorizedError('API token is invalid, revoked or expired');
    }
    const user = await this.users.get(row.userId);
    if (user.disabledAt) throw new UnauthorizedError('account is disabled');
    // Last use is informational: write it at most once a minute per token.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void this.apiTokens.update({ id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    }
    return {
      id: user.id,
      isAdmin: await this.mfaGate.adminClaim(user),
      scopes: row.scopes,
      tokenId: row.id,
      ...(row.expiresAt ? { expiresAt: row.expiresAt.getTime() } : {}),
    };
  }

  async createApiToken(user: AuthUser, dto: CreateApiTokenDto, ip: string) {
    if (user.scopes) throw new ForbiddenError('API tokens cannot create API tokens');
    const token = newToken(API_TOKEN_PREFIX);
    const row = await this.apiTokens.save(
      this.apiTokens.create({
        userId: user.id,
        name: dto.name,
        tokenHash: hashToken(token),
        scopes: [...new Set(dto.scopes)],
        expiresAt: dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * DAY_MS) : null,
      }),
    );
    await this.audit.record({ actorId: user.id, action: 'auth.token_created', target: row.id, ip });
    return { id: row.id, name: row.name, scopes: row.scopes, expiresAt: row.expiresAt, token };
  }

  async listApiTokens(user: AuthUser) {
    const rows = await this.apiTokens.find({
      where: { userId: user.id, revokedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    return rows.map(({ id, name, scopes, createdAt, lastUsedAt, expiresAt }) => ({
      id,
      name,
      scopes,
      createdAt,
      lastUsedAt,
      expiresAt,
    }));
  }

  async revokeApiToken(user: AuthUser, id: string, ip: string): Promise<void> {
    const result = await this.apiTokens.update(
      { id, userId: user.id, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!result.affected) throw new NotFoundError('token not found');
    await this.access.publish({ kind: 'api-token-revoked', userId: user.id, tokenId: id });
    await this.audit.record({ actorId: user.id, action: 'auth.token_revoked', target: id, ip });
  }

  async createInvite(user: AuthUser, dto: CreateInviteDto) {
    if (!user.isAdmin) throw new ForbiddenError('only administrators can invite');
    const token = newToken(INVITE_PREFIX);
    const expiresAt = new Date(Date.now() + (dto.expiresInDays ?? 7) * DAY_MS);
    await this.invites.insert({
      tokenHash: hashToken(token),
      email: dto.email ? normalizeEmail(dto.email) : null,
      createdBy: user.id,
      expiresAt,
    });
    return {
      token,
      expiresAt,
      url: `${this.config.PUBLIC_URL}/register?invite=${encodeURIComponent(token)}`,
    };
  }

  async me(user: AuthUser): Promise<PublicUser> {
    return toPublicUser(await this.users.get(user.id));
  }
}

export function deviceFromUserAgent(ua: string | undefined): string {
  if (!ua) return 'Unknown device';
  const browser = /(Firefox|Edg|Chrome|Safari)\//.exec(ua)?.[1]?.replace('Edg', 'Edge') ?? 'Browser';
  const os =
    /(Android|iPhone|iPad|Windows|Mac OS X|Linux)/.exec(ua)?.[1]?.replace('Mac OS X', 'macOS') ??
    'unknown OS';
  return `${browser} on ${os}`;
}
