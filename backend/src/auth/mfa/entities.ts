import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string | null) => (v === null ? 0 : Number(v)) };

/** A user's TOTP authenticator; `confirmedAt` null while it is being set up. */
@Entity('user_totp')
export class UserTotp {
  @PrimaryColumn('uuid') userId: string;
  /** The base32 secret, sealed with ENCRYPTION_KEY (SecretBox). */
  @Column('text') secretSealed: string;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  /** Time step of the last accepted code: a code is never accepted twice. */
  @Column('bigint', { transformer: bigintNumber, default: 0 }) lastStep: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

@Entity('recovery_codes')
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') codeHash: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
}

@Entity('webauthn_credentials')
export class WebauthnCredential {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  /** The authenticator's credential id, base64url. */
  @Column('text') credentialId: string;
  @Column('bytea') publicKey: Buffer;
  @Column('bigint', { transformer: bigintNumber, default: 0 }) counter: number;
  @Column('text', { array: true, default: '{}' }) transports: string[];
  @Column('text') name: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
}
