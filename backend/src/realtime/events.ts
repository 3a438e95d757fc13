import type { TokenAccess } from '../auth/auth-user.js';
import type {
  ClientToServerEvents,
  TaskMessageEvent,
  TaskPartialEvent,
  TaskStatusEvent,
  TaskUsageEvent,
  WorkspaceTaskEvent,
} from './contract.js';

/*
 * The event map and its payloads live in contract.ts (no imports, shared with the UI); this file
 * adds what only the server needs: token access per event, the relay between processes, rooms.
 */
export * from './contract.js';

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
