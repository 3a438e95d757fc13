import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import { type DataSource, IsNull, Not, Repository } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AuditService } from '../../audit/audit.service.js';
import { BadInputError, ConflictError } from '../../common/errors/domain-errors.js';
import { SecretBox } from '../../providers/secret-box.js';
import type { User } from '../../users/user.entity.js';
import { RecoveryCode, UserTotp } from './entities.js';

const RECOVERY_CODES = 10;
/** Codes of the previous and next 30 s step count too (clock drift of phones). */
const EPOCH_TOLERANCE_S = 30;

/** 80 random bits as four groups of four base32 letters: too many to guess, or to brute-force from a hash. */
function newRecoveryCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

/** Case, spaces and dashes do not matter when a person types a code. */
const normalizeRecovery = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashRecovery = (code: string) => createHash('sha256').update(normalizeRecovery(code)).digest('hex');

/**
 * TOTP (RFC 6238 via otplib): the secret is sealed with ENCRYPTION_KEY; a code is accepted
 * at most once (the last used time step is kept, atomically); recovery codes are stored as
 * SHA-256 and each works once.
 */
@Injectable()
export class TotpService {
  private readonly box: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(UserTotp) private readonly totp: Repository<UserTotp>,
    @InjectRepository(RecoveryCode) private readonly codes: Repository<RecoveryCode>,
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.ENCRYPTION_KEY);
  }

  /** Starts (or restarts) setting up an authenticator; the secret is shown once, here. */
  async setup(user: User, ip: string) {
    const existing = await this.totp.findOneBy({ userId: user.id });
    if (existing?.confirmedAt)
      throw new ConflictError('an authenticator app is already set up; remove it first');
    const secret = generateSecret();
    await this.totp.upsert(
      { userId: user.id, secretSealed: this.box.seal(secret), confirmedAt: null, lastStep: 0 },
      { conflictPaths: ['userId'] },
    );
    await this.audit.record({ actorId: user.id, action: 'mfa.totp_setup_started', target: user.id, ip });
    return { secret, otpauthUrl: generateURI({ issuer: 'Roo Server', label: user.email, secret }) };
  }

  /** Confirms the setup with a first code; answers the recovery codes (shown once). */
  async confirm(user: User, code: string, ip: string): Promise<{ recoveryCodes: string[] }> {
    const row = await this.totp.findOneBy({ userId: user.id });
    if (!row || row.confirmedAt) throw new BadInputError('start the authenticator setup first');
    if (!(await this.check(row, code)))
      throw new BadInputError('the code is wrong; check the time on your phone');
    await this.totp.update({ userId: user.id }, { confirmedAt: new Date() });
    const recoveryCodes = await this.newRecoveryCodes(user.id);
    await this.audit.record({ actorId: user.id, action: 'mfa.totp_enabled', target: user.id, ip });
    return { recoveryCodes };
  }

  async disable(userId: string, ip: string, actorId = userId): Promise<void> {
    await this.totp.delete({ userId });
    await this.codes.delete({ userId });
    await this.audit.record({ actorId, action: 'mfa.totp_disabled', target: userId, ip });
  }

  async regenerateRecoveryCodes(userId: string, ip: string): Promise<{ recoveryCodes: string[] }> {
    if (!(await this.totp.existsBy({ userId, confirmedAt: Not(IsNull()) })))
      throw new BadInputError('recovery codes come with an authenticator app; set one up first');
    const recoveryCodes = await this.newRecoveryCodes(userId);
    await this.audit.record({ actorId: userId, action: 'mfa.recovery_codes_renewed', target: userId, ip });
    return { recoveryCodes };
  }

  /** Whether `code` is the user's current TOTP code, not used before (uses it up). */
  async verifyCode(userId: string, code: string): Promise<boolean> {
    const row = await this.totp.findOneBy({ userId });
    if (!row?.confirmedAt) return false;
    return this.check(row, code);
  }

  /** Uses a recovery code up; false when unknown or already used. */
  async useRecoveryCode(userId: string, code: string): Promise<boolean> {
    const res = await this.codes
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', {
        userId,
        hash: hashRecovery(code),
      })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  private async check(row: UserTotp, code: string): Promise<boolean> {
    const secret = this.box.open(row.secretSealed);
    const result = await verify({ secret, token: code, epochTolerance: EPOCH_TOLERANCE_S });
    if (!result.valid || !('timeStep' in result)) return false;
    // One winner per time step: a replayed (or concurrently doubled) code fails here.
    const res = await this.db.query(
      'UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2 RETURNING user_id',
      [row.userId, result.timeStep],
    );
    return (res as unknown[][])[0].length > 0;
  }

  private async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.db.transaction(async (tx) => {
      await tx.delete(RecoveryCode, { userId });
      await tx.insert(
        RecoveryCode,
        codes.map((c) => ({ userId, codeHash: hashRecovery(c) })),
      );
    });
    return codes;
  }
}
