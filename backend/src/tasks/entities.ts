import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
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
}

/** Roo-Code's ClineAsk kinds we produce. */
export const ASK_KINDS = [
  'followup',
  'tool',
  'completion_result',
  'resume_task',
  'command',
  'use_mcp_server',
] as const;
export type AskKind = (typeof ASK_KINDS)[number];
/** Roo-Code's ClineSay kinds we produce. */
export type SayKind =
  | 'text'
  | 'reasoning'
  | 'tool'
  | 'error'
  | 'completion_result'
  | 'user_feedback'
  | 'api_req_started'
  | 'subtask_result'
  | 'mcp_server_response'
  | 'checkpoint_saved'
  | 'command_output'
  | 'condense_context'
  | 'condense_context_error'
  | 'sliding_window_truncation'
  | 'user_edit_todos';

/** A follow-up suggestion (Roo's `{text, mode}`); choosing one with a mode switches the task to it. */
export interface Suggestion {
  text: string;
  mode?: string;
}

export interface ToolCallRecord {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * What a message carries besides Roo's fields; the worker rebuilds the model conversation
 * from it, so the history is the only state a run needs.
 */
export interface MessageMeta {
  /** Who wrote a `text` message. */
  role?: 'user' | 'assistant';
  /** The model turn (1, 2, …) a message belongs to. */
  turn?: number;
  /** On `api_req_started`: every tool call the model asked for in this turn (up to the per-turn limit). */
  toolCalls?: ToolCallRecord[];
  /** On `api_req_started`: calls past the per-turn limit (id and name only), answered with an error, never run. */
  droppedToolCalls?: { id: string; name: string }[];
  /** On a tool ask: the call waiting for approval or an answer. */
  toolCall?: ToolCallRecord;
  /** The outcome of a tool call. */
  toolResult?: { id: string; content: string; isError: boolean };
  /**
   * On a `user_feedback`: what it answers. `message`: sent while the task ran, delivered
   * to the model at its next turn.
   */
  response?: 'answer' | 'approve' | 'deny' | 'resume' | 'message';
  toolCallId?: string;
  usage?: {
    tokensIn: number;
    tokensOut: number;
    cacheReads: number;
    cacheWrites: number;
    cost: number;
    /** The provider reported no usage; the counts are estimated from the text (chars / 4). */
    estimated?: boolean;
  };
  mode?: string;
  /** On a followup ask; older histories hold plain strings. */
  suggestions?: (string | Suggestion)[];
  /** On the `tool` message of a new_task call and on `subtask_result`: the subtask. */
  subtask?: { taskId: string; mode?: string; status?: 'completed' | 'failed' | 'cancelled' };
  /** On `api_req_started`: the last history seq the prompt of this turn was built from. */
  seenSeq?: number;
  /** On `api_req_started`: the estimated size of the prompt sent, and the window it had to fit. */
  context?: { tokens: number; window: number };
  /** On `condense_context` (Roo's contextCondense): the summary that replaced the conversation before it. */
  contextCondense?: {
    summary: string;
    prevContextTokens: number;
    newContextTokens: number;
    cost: number;
    condenseId: string;
  };
  /** On `sliding_window_truncation`: conversation before `keepFromSeq` (but the first request) is dropped. */
  contextTruncation?: {
    truncationId: string;
    messagesRemoved: number;
    prevContextTokens: number;
    newContextTokens: number;
    keepFromSeq: number;
  };
  /** On a `command` ask and its `command_output`: the command line, and how it ended. */
  command?: string;
  exitCode?: number | null;
  /** On `checkpoint_saved`: which checkpoint (restores say what they restored). */
  checkpoint?: {
    seq: number;
    commit: string;
    kind: string;
    filesChanged: number;
    restoredFrom?: number;
    path?: string;
  };
}

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
