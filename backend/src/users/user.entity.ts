import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** Stored lower-cased; unique. */
  @Column('text') email: string;
  @Column('text') passwordHash: string;
  @Column('text') displayName: string;
  @Column('boolean', { default: false }) isAdmin: boolean;
  @Column('timestamptz', { nullable: true }) disabledAt: Date | null;
  /** When the owner proved they read mail at `email` (null: not verified). */
  @Column('timestamptz', { nullable: true }) emailVerifiedAt: Date | null;
  /** Opt-in: a mail when one of the user's tasks waits for an answer. */
  @Column('boolean', { default: false }) notifyTaskWaiting: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
