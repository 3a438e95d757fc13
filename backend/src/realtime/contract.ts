/**
 * The realtime contract between the API and the web UI: the Socket.IO event map of the `/tasks`
 * namespace and the task/message vocabulary it carries. Dependency-free on purpose (no imports,
 * only types and plain constants): the frontend keeps a generated copy of this file
 * (frontend/src/lib/api/generated/realtime.ts, written by `npm run gen:api` in frontend/), and its
 * test suite fails when the copy differs. Server-only parts (rooms, relay, token access) live in
 * events.ts.
 */

/** Every status a task can have (the REST TaskView enum is built from this list too). */
export const TASK_STATUSES = [
  'queued',
  'running',
  'waiting_for_input',
  'waiting_for_subtask',
  'completed',
  'failed',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

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
export const SAY_KINDS = [
  'text',
  'reasoning',
  'tool',
  'error',
  'completion_result',
  'user_feedback',
  'api_req_started',
  'subtask_result',
  'mcp_server_response',
  'checkpoint_saved',
  'command_output',
  'condense_context',
  'condense_context_error',
  'sliding_window_truncation',
  'user_edit_todos',
] as const;
export type SayKind = (typeof SAY_KINDS)[number];

/** How a user answers what a task asks. */
export const TASK_RESPONSES = ['answer', 'approve', 'deny'] as const;
export type TaskResponse = (typeof TASK_RESPONSES)[number];

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
  response?: TaskResponse | 'resume' | 'message';
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
  /** On `reasoning`: the provider's signature of the thinking block (Anthropic), kept for exports; never sent back to the model. */
  reasoningSignature?: string;
  /** On a message imported from a Roo history file whose kind we do not produce: that kind (`say:…`/`ask:…`). */
  importedKind?: string;
}

/** A task message as clients see it (Roo-Code ClineMessage + seq + meta), on the socket and over REST. */
export interface TaskMessageView {
  seq: number;
  ts: number;
  type: 'ask' | 'say';
  ask?: AskKind;
  say?: SayKind;
  text: string;
  partial: boolean;
  meta: MessageMeta;
}

export interface TaskMessageEvent {
  taskId: string;
  message: TaskMessageView;
}
export interface TaskStatusEvent {
  taskId: string;
  status: TaskStatus;
  error?: string;
}
export interface TaskUsageEvent {
  taskId: string;
  tokensIn: number;
  tokensOut: number;
  cacheReads: number;
  cacheWrites: number;
  cost: number;
}
/** Streamed text not yet persisted; `seq` is the seq the final message is expected to get. */
export interface TaskPartialEvent {
  taskId: string;
  seq: number;
  text: string;
}

/**
 * Why the server closed a socket, sent as `socket:closed` just before it disconnects.
 * `token_expired`: refresh the access token and connect again; the others: the sign-in or
 * API token is gone (a refresh will fail too).
 */
export type SocketCloseReason = 'token_expired' | 'session_revoked' | 'token_revoked';
export interface SocketClosedEvent {
  reason: SocketCloseReason;
  message: string;
}
/** The server ended a subscription because the user may no longer read the task (REST would say the same). */
export interface TaskRevokedEvent {
  taskId: string;
  statusCode: number;
  error: string;
}

/**
 * A task as the workspace's task list shows it, sent to sockets subscribed to the workspace
 * when a task is created, changes status or ends. No prompt, history or result: a viewer of
 * the list sees no more than GET /workspaces/{ws}/tasks gives.
 */
export interface WorkspaceTaskSummary {
  id: string;
  workspaceId: string;
  parentId: string | null;
  title: string;
  status: TaskStatus;
  mode: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  cost: number;
  /** The task waits for someone to answer or approve (status `waiting_for_input`). */
  waiting: boolean;
}
export interface WorkspaceTaskEvent {
  workspaceId: string;
  task: WorkspaceTaskSummary;
}
/** The server ended a workspace subscription: the user may no longer read the workspace. */
export interface WorkspaceRevokedEvent {
  workspaceId: string;
  statusCode: number;
  error: string;
}

/** Server → client events of the `/tasks` namespace. */
export interface ServerToClientEvents {
  'task:message': (e: TaskMessageEvent) => void;
  'task:status': (e: TaskStatusEvent) => void;
  'task:usage': (e: TaskUsageEvent) => void;
  'task:partial': (e: TaskPartialEvent) => void;
  'task:revoked': (e: TaskRevokedEvent) => void;
  'workspace:task': (e: WorkspaceTaskEvent) => void;
  'workspace:revoked': (e: WorkspaceRevokedEvent) => void;
  'socket:closed': (e: SocketClosedEvent) => void;
}

/**
 * An event's answer. A refusal carries the status and message REST gives for the same
 * action (`statusCode` 403 + "this API token is read-only", 404 "task not found"…).
 */
export interface Ack {
  ok: boolean;
  error?: string;
  statusCode?: number;
}
export interface SubscribeRequest {
  taskId: string;
  afterSeq?: number;
}
export interface RespondRequest {
  taskId: string;
  response: TaskResponse;
  text?: string;
  /** With `answer`: the mode of the follow-up suggestion picked (the task switches to it). */
  mode?: string;
}
/** A message to a task: queued for the model's next turn while it runs; continues a finished task. */
export interface SendRequest {
  taskId: string;
  text: string;
}

/** Client → server events. */
export interface ClientToServerEvents {
  'task:subscribe': (req: SubscribeRequest, ack: (a: Ack) => void) => void;
  'task:unsubscribe': (req: { taskId: string }, ack?: (a: Ack) => void) => void;
  'task:respond': (req: RespondRequest, ack: (a: Ack) => void) => void;
  'task:send': (req: SendRequest, ack: (a: Ack) => void) => void;
  /** Live changes of the workspace's task list (`workspace:task`); viewer or higher, like GET /workspaces/{ws}/tasks. */
  'workspace:subscribe': (req: { workspaceId: string }, ack: (a: Ack) => void) => void;
  'workspace:unsubscribe': (req: { workspaceId: string }, ack?: (a: Ack) => void) => void;
}

/** The Socket.IO namespace of task events. */
export const TASKS_NAMESPACE = '/tasks';
