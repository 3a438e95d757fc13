import type { TokenAccess } from '../auth/auth-user.js';
import type { MessageMeta, AskKind, SayKind } from '../tasks/entities.js';
import type { TaskStatus } from '../tasks/transitions.js';

/** A task message as clients see it (Roo-Code ClineMessage + seq + meta). */
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

/** Server → client events of the `/tasks` namespace (one map shared with the frontend). */
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
  response: 'answer' | 'approve' | 'deny';
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

/**
 * What each client event needs from an API token, exactly as REST maps methods: `read`
 * like GET, `write` like POST. The gateway refuses an event missing here, so a new event
 * cannot ship without a rule (the authorization matrix also has a row per entry).
 * Workspace roles are not listed: the handlers call the same service checks as REST.
 */
export const SOCKET_EVENT_ACCESS: { readonly [E in keyof ClientToServerEvents]: TokenAccess } = {
  'task:subscribe': 'read',
  'task:unsubscribe': 'read',
  'task:respond': 'write',
  'task:send': 'write',
  'workspace:subscribe': 'read',
  'workspace:unsubscribe': 'read',
};

/**
 * A change that can take access away from open sockets, published on `accessChannel` by
 * whichever process made it; every api replica applies it to its own sockets.
 */
export type AccessChange =
  /** One sign-in (`sessionId`, a refresh family) or every sign-in of the user (logout-all). */
  | { kind: 'sessions-revoked'; userId: string; sessionId?: string }
  | { kind: 'api-token-revoked'; userId: string; tokenId: string }
  /** A member removed or re-roled (`userId`), or the whole workspace deleted (no `userId`). */
  | { kind: 'membership-changed'; workspaceId: string; userId?: string };

/**
 * What publishers (worker and api) send to every api replica. Replicas deliver it to the
 * sockets subscribed to the task, in order, dropping messages a socket already has.
 */
export type TaskRelay =
  | { event: 'task:message'; payload: TaskMessageEvent }
  | { event: 'task:status'; payload: TaskStatusEvent }
  | { event: 'task:usage'; payload: TaskUsageEvent }
  | { event: 'task:partial'; payload: TaskPartialEvent }
  /** To the sockets subscribed to the task's workspace (not the task's room). */
  | { event: 'workspace:task'; payload: WorkspaceTaskEvent };

export const TASKS_NAMESPACE = '/tasks';
/** Server-side event name carrying a TaskRelay between processes. */
export const RELAY_EVENT = 'roo:task-relay';
export const taskRoom = (taskId: string) => `task:${taskId}`;
export const workspaceRoom = (workspaceId: string) => `workspace:${workspaceId}`;
/** Local room of every socket of one user, so access changes find them without a scan. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Redis channel of AccessChange messages, under the deployment's prefix. */
export const accessChannel = (redisPrefix: string) => `${redisPrefix}socket-access`;
/** Channel key of the Socket.IO Redis adapter and emitter, under the deployment's prefix. */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}socket.io`;
