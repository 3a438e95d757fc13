import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { BadInputError, UnauthorizedError } from '../../common/errors/domain-errors.js';
import { RateLimitService } from '../../rate-limit/rate-limit.service.js';
import { RedisService } from '../../redis/redis.service.js';
import { UsersService } from '../../users/users.service.js';
import { AuthService, type ClientInfo, type SignedIn } from '../auth.service.js';
import { PasswordService } from '../password.service.js';
import type { MfaVerifyDto } from './dto.js';
import { MfaGate } from './mfa-gate.service.js';
import { PasskeysService } from './passkeys.service.js';
import { TotpService } from './totp.service.js';

/** The second sign-in step and the passkey sign-in; both end in a session. */
@Injectable()
export class MfaService {
  constructor(
    private readonly gate: MfaGate,
    private readonly totp: TotpService,
    private readonly passkeys: PasskeysService,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly limits: RateLimitService,
    private readonly redis: RedisService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks a TOTP or recovery code against a challenge. Attempts are limited per account
   * (MFA_ATTEMPTS_PER_MINUTE); a challenge signs in once.
   */
  async verify(dto: MfaVerifyDto, client: ClientInfo): Promise<SignedIn> {
    const challenge = await this.gate.readChallenge(dto.mfaToken);
    if (!dto.code === !dto.recoveryCode) throw new BadInputError('give either code or recoveryCode');
    await this.limits.consume('mfa', challenge.userId);
    const used = `${this.redis.prefix}mfa:used:${challenge.jti}`;
    if (await this.redis.client.exists(used))
      throw new UnauthorizedError('this sign-in step was already used');
    const ok = dto.code
      ? await this.totp.verifyCode(challenge.userId, dto.code)
      : await this.totp.useRecoveryCode(challenge.userId, dto.recoveryCode!);
    if (!ok) {
      await this.audit.record({
        actorId: challenge.userId,
        action: 'auth.mfa_failed',
        target: challenge.userId,
        ip: client.ip,
        meta: { method: dto.code ? 'totp' : 'recovery_code' },
      });
      throw new UnauthorizedError('the code is wrong or was already used');
    }
    // Single use: the first to mark it wins.
    const ttl = Math.max(1, challenge.exp - Math.floor(Date.now() / 1000));
    if ((await this.redis.client.set(used, '1', 'EX', ttl, 'NX')) !== 'OK')
      throw new UnauthorizedError('this sign-in step was already used');
    const user = await this.users.get(challenge.userId);
    await this.limits.reset('mfa', user.id);
    return this.auth.signInVerified(user, challenge.deviceLabel, client, dto.code ? 'totp' : 'recovery_code');
  }

  async passkeySignIn(challengeId: string, response: Record<string, unknown>, client: ClientInfo) {
    await this.limits.consume('auth', client.ip);
    const userId = await this.passkeys.authenticate(challengeId, response);
    const user = await this.users.get(userId);
    return this.auth.signInVerified(user, '', client, 'passkey');
  }

  /** Sensitive changes (turning 2FA off, new recovery codes) ask for the password again. */
  async confirmPassword(userId: string, password: string): Promise<void> {
    const user = await this.users.get(userId);
    await this.limits.consume('mfa', userId);
    if (!(await this.passwords.verify(user.passwordHash, password)))
      throw new BadInputError('the password is wrong');
  }

  security(userId: string) {
    return this.gate.methods(userId);
  }
}
