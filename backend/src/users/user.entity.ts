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
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
