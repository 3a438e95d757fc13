import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ChangedFile } from './shadow-repo.js';

export type CheckpointKind = 'initial' | 'step' | 'restore';

const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

/** One commit of a task's shadow repository; its new objects are the bundle at `bundleKey`. */
@Entity('checkpoints')
export class Checkpoint {
  @PrimaryColumn('uuid') taskId: string;
  @PrimaryColumn('int') seq: number;
  @Column('text') commit: string;
  @Column('text', { nullable: true }) parent: string | null;
  @Column('text') kind: CheckpointKind;
  @Column('text', { default: '' }) message: string;
  /** The changed files (capped; `filesChanged` has the full count). */
  @Column('jsonb', { default: [] }) files: ChangedFile[];
  @Column('int', { default: 0 }) filesChanged: number;
  @Column('text') bundleKey: string;
  @Column('bigint', { transformer: bigintNumber }) bundleBytes: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
