import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One sign-in on one device. Each refresh rotates the token into a new row of the same family. */
@Entity('refresh_sessions')
export class RefreshSession {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('uuid') familyId: string;
  @Column('text') tokenHash: string;
  @Column('text') deviceLabel: string;
  @Column('text', { nullable: true }) ip: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') lastUsedAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('uuid', { nullable: true }) replacedBy: string | null;
}

export type TokenScope = 'read' | 'write';

@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') name: string;
  @Column('text') tokenHash: string;
  @Column('text', { array: true }) scopes: TokenScope[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { nullable: true }) lastUsedAt: Date | null;
  @Column('timestamptz', { nullable: true }) expiresAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
}

@Entity('invites')
export class Invite {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') tokenHash: string;
  @Column('text', { nullable: true }) email: string | null;
  @Column('uuid') createdBy: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('uuid', { nullable: true }) usedBy: string | null;
}
