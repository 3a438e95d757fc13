import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

/** A link sent by mail: single use, expiring, stored only as the SHA-256 of its token. */
@Entity('email_tokens')
export class EmailToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') purpose: EmailTokenPurpose;
  @Column('text') tokenHash: string;
  /** The address the link was sent to (the new one, for a change of address). */
  @Column('text') email: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
}
