import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { UnauthorizedError } from '../../common/errors/domain-errors.js';
import type { User } from '../../users/user.entity.js';
import { RecoveryCode, UserTotp, WebauthnCredential } from './entities.js';

/** Answer of a password step when the account has a second factor. */
export interface MfaChallenge {
  mfaRequired: true;
  /** Short-lived, single use; only good for POST /auth/mfa/verify. */
  mfaToken: string;
  methods: { totp: boolean; recoveryCode: boolean; passkey: boolean };
}

interface MfaClaims {
  sub: string;
  typ: 'mfa';
  jti: string;
  dev: string;
}

export interface MfaMethods {
  totp: boolean;
  passkeys: number;
  recoveryCodesLeft: number;
}

/**
 * What sign-in needs to know about second factors, without the ceremonies themselves
 * (MfaService): whether an account has one, the challenge between the password and the
 * second factor, and whether a sign-in may carry admin powers (REQUIRE_ADMIN_MFA).
 */
@Injectable()
export class MfaGate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(UserTotp) private readonly totp: Repository<UserTotp>,
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    @InjectRepository(WebauthnCredential) private readonly passkeys: Repository<WebauthnCredential>,
    private readonly jwt: JwtService,
  ) {}

  async methods(userId: string): Promise<MfaMethods> {
    const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
      this.totp.existsBy({ userId, confirmedAt: Not(IsNull()) }),
      this.passkeys.countBy({ userId }),
      this.codes.countBy({ userId, usedAt: IsNull() }),
    ]);
    return { totp, passkeys, recoveryCodesLeft };
  }

  async enrolled(userId: string): Promise<boolean> {
    const m = await this.methods(userId);
    return m.totp || m.passkeys > 0;
  }

  /**
   * Admin powers of a new sign-in. With REQUIRE_ADMIN_MFA an admin without a second factor
   * signs in as an ordinary user until they set one up; with one, every password sign-in of
   * theirs passes it (passkey sign-in is a second factor by itself).
   */
  async adminClaim(user: Pick<User, 'id' | 'isAdmin'>): Promise<boolean> {
    if (!user.isAdmin) return false;
    if (!this.config.REQUIRE_ADMIN_MFA) return true;
    return this.enrolled(user.id);
  }

  /** The challenge for a correct password, or null when the account has no second factor. */
  async challenge(user: User, deviceLabel: string): Promise<MfaChallenge | null> {
    const m = await this.methods(user.id);
    if (!m.totp && m.passkeys === 0) return null;
    const claims: MfaClaims = { sub: user.id, typ: 'mfa', jti: randomUUID(), dev: deviceLabel };
    const mfaToken = await this.jwt.signAsync(claims, { expiresIn: this.config.MFA_CHALLENGE_TTL_S });
    return {
      mfaRequired: true,
      mfaToken,
      methods: { totp: m.totp, recoveryCode: m.recoveryCodesLeft > 0, passkey: m.passkeys > 0 },
    };
  }

  /** Reads a challenge token (signature, expiry, type); single use is the caller's job. */
  async readChallenge(
    token: string,
  ): Promise<{ userId: string; jti: string; deviceLabel: string; exp: number }> {
    try {
      const c = await this.jwt.verifyAsync<MfaClaims & { exp: number }>(token, { algorithms: ['HS256'] });
      if (c.typ === 'mfa' && typeof c.sub === 'string' && typeof c.jti === 'string')
        return { userId: c.sub, jti: c.jti, deviceLabel: String(c.dev ?? ''), exp: c.exp };
    } catch {
      // fall through: one answer for every kind of bad token
    }
    throw new UnauthorizedError('the sign-in step expired or is invalid; enter your password again');
  }
}
