import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { BadInputError, ConflictError, UnauthorizedError } from '../../common/errors/domain-errors.js';
import { RedisService } from '../../redis/redis.service.js';
import type { User } from '../../users/user.entity.js';
import { WebauthnCredential } from './entities.js';

const CHALLENGE_TTL_S = 300;
const MAX_PASSKEYS = 20;

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration for a signed-in user and
 * sign-in without a password (discoverable credentials, user verification required, so a
 * passkey sign-in is two factors by itself). Challenges live in Redis and are used once.
 */
@Injectable()
export class PasskeysService {
  private readonly rpID: string;
  private readonly origins: string[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(WebauthnCredential) private readonly creds: Repository<WebauthnCredential>,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
  ) {
    const url = new URL(config.PUBLIC_URL);
    this.rpID = config.WEBAUTHN_RP_ID ?? url.hostname;
    this.origins = config.WEBAUTHN_ORIGINS.length ? config.WEBAUTHN_ORIGINS : [url.origin];
  }

  private key(kind: 'reg' | 'auth', id: string) {
    return `${this.redis.prefix}webauthn:${kind}:${id}`;
  }

  private async takeChallenge(kind: 'reg' | 'auth', id: string): Promise<string> {
    const challenge = await this.redis.client.getdel(this.key(kind, id));
    if (!challenge) throw new BadInputError('the passkey request expired or was already used; try again');
    return challenge;
  }

  async registrationOptions(user: User) {
    const existing = await this.creds.findBy({ userId: user.id });
    if (existing.length >= MAX_PASSKEYS)
      throw new ConflictError(`at most ${MAX_PASSKEYS} passkeys per account`);
    const options = await generateRegistrationOptions({
      rpName: this.config.WEBAUTHN_RP_NAME,
      rpID: this.rpID,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await this.redis.client.set(this.key('reg', user.id), options.challenge, 'EX', CHALLENGE_TTL_S);
    return options;
  }

  async register(user: User, response: Record<string, unknown>, name: string | undefined, ip: string) {
    const expectedChallenge = await this.takeChallenge('reg', user.id);
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origins,
        expectedRPID: this.rpID,
        requireUserVerification: true,
      });
    } catch (e) {
      throw new BadInputError(
        `the passkey could not be verified: ${e instanceof Error ? e.message : 'invalid'}`,
      );
    }
    if (!verified.verified) throw new BadInputError('the passkey could not be verified');
    const { credential } = verified.registrationInfo;
    if (await this.creds.existsBy({ credentialId: credential.id }))
      throw new ConflictError('this passkey is already registered');
    const row = await this.creds.save(
      this.creds.create({
        userId: user.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: name?.trim() || 'Passkey',
      }),
    );
    await this.audit.record({ actorId: user.id, action: 'mfa.passkey_added', target: row.id, ip });
    return { id: row.id, name: row.name, createdAt: row.createdAt };
  }

  async remove(userId: string, id: string, ip: string, actorId = userId): Promise<void> {
    // Idempotent, and scoped to the owner: another user's id deletes nothing and reveals nothing.
    const res = await this.creds.delete({ id, userId });
    if (res.affected) await this.audit.record({ actorId, action: 'mfa.passkey_removed', target: id, ip });
  }

  async removeAll(userId: string): Promise<void> {
    await this.creds.delete({ userId });
  }

  /** Options for a passwordless sign-in; the browser offers the passkeys it has for this site. */
  async authenticationOptions() {
    const options = await generateAuthenticationOptions({ rpID: this.rpID, userVerification: 'required' });
    const challengeId = randomUUID();
    await this.redis.client.set(this.key('auth', challengeId), options.challenge, 'EX', CHALLENGE_TTL_S);
    return { challengeId, options };
  }

  /** The user a passkey assertion proves, or 401. */
  async authenticate(challengeId: string, response: Record<string, unknown>): Promise<string> {
    const expectedChallenge = await this.takeChallenge('auth', challengeId);
    const assertion = response as unknown as AuthenticationResponseJSON;
    const cred =
      typeof assertion.id === 'string' ? await this.creds.findOneBy({ credentialId: assertion.id }) : null;
    if (!cred) throw new UnauthorizedError('this passkey is not registered here');
    let result;
    try {
      result = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge,
        expectedOrigin: this.origins,
        expectedRPID: this.rpID,
        credential: {
          id: cred.credentialId,
          publicKey: new Uint8Array(cred.publicKey),
          counter: cred.counter,
          transports: cred.transports,
        },
        requireUserVerification: true,
      });
    } catch {
      throw new UnauthorizedError('the passkey sign-in could not be verified');
    }
    if (!result.verified) throw new UnauthorizedError('the passkey sign-in could not be verified');
    await this.creds.update(
      { id: cred.id },
      { counter: result.authenticationInfo.newCounter, lastUsedAt: new Date() },
    );
    return cred.userId;
  }
}
