import { io, type Socket } from 'socket.io-client';
import { refreshSession } from './api/client';
import { getAccessToken, onAccessTokenChange } from './api/token';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  Ack as SocketAck,
  TaskResponse,
} from '@/lib/api/generated/realtime';

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/**
 * What the UI needs from the realtime connection. The app uses the Socket.IO implementation below;
 * tests pass a fake (src/test/fake-realtime.ts) through RealtimeProvider.
 */
export interface RealtimeClient {
  getState(): ConnectionState;
  onState(fn: (state: ConnectionState) => void): () => void;
  on<E extends keyof ServerToClientEvents>(event: E, fn: ServerToClientEvents[E]): () => void;
  subscribe(taskId: string, afterSeq?: number): Promise<SocketAck>;
  unsubscribe(taskId: string): void;
  /** Follows a workspace's task list (`workspace:task`); call again after every reconnect. */
  subscribeWorkspace(workspaceId: string): Promise<SocketAck>;
  unsubscribeWorkspace(workspaceId: string): void;
  respond(taskId: string, response: TaskResponse, text?: string): Promise<SocketAck>;
  connect(): void;
  /** Reconnects now instead of waiting out the back-off (the banner's "Retry now", the browser's online event). */
  retryNow(): void;
  disconnect(): void;
}

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 10_000;

/** One socket per page, namespace /tasks, authenticated with the in-memory access token. */
export function createSocketRealtime(url = '/tasks'): RealtimeClient {
  let state: ConnectionState = 'idle';
  let everConnected = false;
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const setState = (s: ConnectionState) => {
    state = s;
    for (const fn of stateListeners) fn(s);
  };

  const socket: TypedSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    autoConnect: false,
    auth: (cb) => cb({ token: getAccessToken() }),
  });

  socket.on('connect', () => {
    everConnected = true;
    setState('connected');
  });
  // The server drops a socket whose access token expired (or whose sign-in/API token was
  // revoked) and says so first. Socket.IO does not reconnect after a server disconnect:
  // refresh the token and connect again; a revoked sign-in cannot refresh, so we stay idle.
  let afterServerClose: Promise<boolean> | null = null;
  socket.on('socket:closed', () => {
    afterServerClose = refreshSession().then(
      (session) => !!session,
      () => false,
    );
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io client disconnect') setState('idle');
    else setState('reconnecting');
    const refreshed = afterServerClose;
    afterServerClose = null;
    if (reason === 'io server disconnect' && refreshed) {
      void refreshed.then((ok) => {
        if (ok) socket.connect();
        else setState('idle');
      });
    }
  });
  socket.io.on('reconnect_attempt', () => setState('reconnecting'));
  let authRetries = 0;
  socket.on('connect_error', (err) => {
    setState(everConnected ? 'reconnecting' : 'connecting');
    // The server refuses the handshake when the access token expired: refresh it and try again.
    if (!socket.active && authRetries < 3) {
      authRetries += 1;
      void refreshSession()
        .then((session) => {
          if (session) socket.connect();
        })
        .catch(() => undefined);
    } else if (/unauthori[sz]ed|jwt|token/i.test(err.message) && authRetries < 3) {
      authRetries += 1;
      void refreshSession().catch(() => undefined);
    }
  });
  socket.on('connect', () => {
    authRetries = 0;
  });

  onAccessTokenChange((token) => {
    if (!token && socket.connected) socket.disconnect();
  });

  return {
    getState: () => state,
    onState(fn) {
      stateListeners.add(fn);
      return () => stateListeners.delete(fn);
    },
    on(event, fn) {
      // socket.io's typed `on` needs the listener for the exact event; the map above guarantees it.
      socket.on(event, fn as never);
      return () => {
        socket.off(event, fn as never);
      };
    },
    subscribe(taskId, afterSeq) {
      return socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('task:subscribe', afterSeq === undefined ? { taskId } : { taskId, afterSeq })
        .catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : 'subscribe failed' }));
    },
    unsubscribe(taskId) {
      if (socket.connected) socket.emit('task:unsubscribe', { taskId });
    },
    subscribeWorkspace(workspaceId) {
      return socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('workspace:subscribe', { workspaceId })
        .catch((e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : 'subscribe failed' }));
    },
    unsubscribeWorkspace(workspaceId) {
      if (socket.connected) socket.emit('workspace:unsubscribe', { workspaceId });
    },
    respond(taskId, response, text) {
      return socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('task:respond', text === undefined ? { taskId, response } : { taskId, response, text });
    },
    connect() {
      if (!socket.connected && !socket.active) {
        setState('connecting');
        socket.connect();
      }
    },
    retryNow() {
      if (socket.connected) return;
      // While Socket.IO waits out its back-off, connect() is a no-op; dropping the pending attempt
      // first (no disconnect event: the socket is not connected) makes connect() open a transport now.
      socket.disconnect();
      setState(everConnected ? 'reconnecting' : 'connecting');
      socket.connect();
    },
    disconnect() {
      socket.disconnect();
      setState('idle');
    },
  };
}
