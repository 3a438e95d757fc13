import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { AskKind, MessageMeta, SayKind } from '../realtime/contract.js';
import type { TaskStatus } from './transitions.js';

const bigintNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

export interface AutoApprove {
  read?: boolean;
  write?: boolean;
  /** Run execute_command without asking (the workspace's allow/deny lists still apply). */
  execute?: boolean;
  /** switch_mode/new_task into a mode with more rights than the current one without asking. */
  modeSwitch?: boolean;
  /** Call allowed MCP tools and read MCP resources without asking (use_mcp_server asks). */
  mcp?: boolean;
}

@Entity('tasks')
export class Task {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') workspaceId: string;
  @Column('uuid') createdBy: string;
  @Column('uuid', { nullable: true }) parentId: string | null;
  /** For a subtask: the parent's new_task call it answers when it ends. */
  @Column('text', { nullable: true }) parentCallId: string | null;
  /** While `waiting_for_subtask`: the subtask this task waits for. */
  @Column('uuid', { nullable: true }) awaitingTaskId: string | null;
  @Column('text') mode: string;
  @Column('uuid', { nullable: true }) providerId: string | null;
  @Column('text') status: TaskStatus;
  @Column('text') prompt: string;
  @Column('text') title: string;
  @Column('jsonb', { default: {} }) autoApprove: AutoApprove;
  @Column('text', { default: '' }) todos: string;
  @Column('int', { default: 0 }) lastSeq: number;
  @Column('int', { default: 0 }) steps: number;
  @Column('bigint', { transformer: bigintNumber, default: 0 }) tokensIn: number;
  @Column('bigint', { transformer: bigintNumber, default: 0 }) tokensOut: number;
  @Column('bigint', { transformer: bigintNumber, default: 0 }) cacheReads: number;
  @Column('bigint', { transformer: bigintNumber, default: 0 }) cacheWrites: number;
  @Column('numeric', { transformer: bigintNumber, default: 0 }) cost: number;
  @Column('text', { nullable: true }) error: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  /** Set on a task imported from a Roo/Zoo Code history: read-only, never run (history-io). */
  @Column('jsonb', { nullable: true }) imported: ImportedFrom | null;
}

/** Where an imported task came from, and what it had cost there (not counted in this server's budgets). */
export interface ImportedFrom {
  source: 'roo';
  /** When it was imported (ISO). */
  at: string;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  cost: number;
}

// The message vocabulary lives in the realtime contract the UI shares.
export {
  ASK_KINDS,
  SAY_KINDS,
  type AskKind,
  type MessageMeta,
  type SayKind,
  type Suggestion,
  type ToolCallRecord,
} from '../realtime/contract.js';

/** One entry of a task's history; mirrors Roo-Code's ClineMessage (`type`, `ask`/`say`, `text`, `partial`, `ts`). */
@Entity('task_messages')
export class TaskMessage {
  @PrimaryColumn('uuid') taskId: string;
  @PrimaryColumn('int') seq: number;
  @Column('bigint', { transformer: bigintNumber }) ts: number;
  @Column('text') type: 'ask' | 'say';
  @Column('text', { nullable: true }) ask: AskKind | null;
  @Column('text', { nullable: true }) say: SayKind | null;
  @Column('text', { default: '' }) text: string;
  @Column('boolean', { default: false }) partial: boolean;
  @Column('jsonb', { default: {} }) meta: MessageMeta;
}

@Entity('task_shares')
export class TaskShare {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') taskId: string;
  @Column('text') tokenHash: string;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz') expiresAt: Date;
}

/** A message before it has a seq. */
export type NewMessage = Pick<TaskMessage, 'type'> &
  Partial<Pick<TaskMessage, 'ask' | 'say' | 'text' | 'meta'>>;
