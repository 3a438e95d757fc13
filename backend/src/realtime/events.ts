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

/** Server → client events of the `/tasks` namespace (one map shared with the frontend). */
export interface ServerToClientEvents {
  'task:message': (e: TaskMessageEvent) => void;
  'task:status': (e: TaskStatusEvent) => void;
  'task:usage': (e: TaskUsageEvent) => void;
  'task:partial': (e: TaskPartialEvent) => void;
}

export interface Ack {
  ok: boolean;
  error?: string;
}
export interface SubscribeRequest {
  taskId: string;
  afterSeq?: number;
}
export interface RespondRequest {
  taskId: string;
  response: 'answer' | 'approve' | 'deny';
  text?: string;
}

/** Client → server events. */
export interface ClientToServerEvents {
  'task:subscribe': (req: SubscribeRequest, ack: (a: Ack) => void) => void;
  'task:unsubscribe': (req: { taskId: string }, ack?: (a: Ack) => void) => void;
  'task:respond': (req: RespondRequest, ack: (a: Ack) => void) => void;
}

/**
 * What publishers (worker and api) send to every api replica. Replicas deliver it to the
 * sockets subscribed to the task, in order, dropping messages a socket already has.
 */
export type TaskRelay =
  | { event: 'task:message'; payload: TaskMessageEvent }
  | { event: 'task:status'; payload: TaskStatusEvent }
  | { event: 'task:usage'; payload: TaskUsageEvent }
  | { event: 'task:partial'; payload: TaskPartialEvent };

export const TASKS_NAMESPACE = '/tasks';
/** Server-side event name carrying a TaskRelay between processes. */
export const RELAY_EVENT = 'roo:task-relay';
export const taskRoom = (taskId: string) => `task:${taskId}`;
/** Channel key of the Socket.IO Redis adapter and emitter, under the deployment's prefix. */
export const socketIoKey = (redisPrefix: string) => `${redisPrefix}socket.io`;
