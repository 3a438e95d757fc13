import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One account at an external sign-in provider, linked to one user (one per provider and user). */
@Entity('user_identities')
export class UserIdentity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  /** The provider's id in AUTH_PROVIDERS. */
  @Column('text') provider: string;
  /** OIDC `sub`, or GitHub's numeric user id: stable even when the email changes. */
  @Column('text') subject: string;
  @Column('text', { nullable: true }) email: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
}
