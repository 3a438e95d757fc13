import type { ServerToClientEvents, Ack as SocketAck, TaskResponse } from '@/lib/api/generated/realtime';
import type { ConnectionState, RealtimeClient } from '@/lib/socket';

type Handlers = { [E in keyof ServerToClientEvents]: Set<ServerToClientEvents[E]> };

/** An in-memory RealtimeClient: tests push server events and inspect what the UI sent. */
export class FakeRealtime implements RealtimeClient {
  state: ConnectionState;
  readonly subscribes: Array<{ taskId: string; afterSeq?: number }> = [];
  /** Workspaces the UI follows now (subscribed and not unsubscribed), and every subscribe made. */
  readonly workspaces = new Set<string>();
  readonly workspaceSubscribes: string[] = [];
  readonly responds: Array<{ taskId: string; response: TaskResponse; text?: string }> = [];
  respondAck: SocketAck = { ok: true };
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly handlers: Handlers = {
    'task:message': new Set(),
    'task:status': new Set(),
    'task:usage': new Set(),
    'task:partial': new Set(),
    'task:revoked': new Set(),
    'socket:closed': new Set(),
    'workspace:task': new Set(),
    'workspace:revoked': new Set(),
  };

  constructor(state: ConnectionState = 'connected') {
    this.state = state;
  }

  getState() {
    return this.state;
  }
  onState(fn: (s: ConnectionState) => void) {
    this.stateListeners.add(fn);
    return () => {
      this.stateListeners.delete(fn);
    };
  }
  on<E extends keyof ServerToClientEvents>(event: E, fn: ServerToClientEvents[E]) {
    const set = this.handlers[event] as Set<ServerToClientEvents[E]>;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }
  subscribe(taskId: string, afterSeq?: number) {
    this.subscribes.push(afterSeq === undefined ? { taskId } : { taskId, afterSeq });
    return Promise.resolve({ ok: true });
  }
  unsubscribe() {}
  subscribeWorkspace(workspaceId: string) {
    this.workspaces.add(workspaceId);
    this.workspaceSubscribes.push(workspaceId);
    return Promise.resolve({ ok: true });
  }
  unsubscribeWorkspace(workspaceId: string) {
    this.workspaces.delete(workspaceId);
  }
  respond(taskId: string, response: TaskResponse, text?: string) {
    this.responds.push(text === undefined ? { taskId, response } : { taskId, response, text });
    return Promise.resolve(this.respondAck);
  }
  connect() {}
  /** How often the UI asked to reconnect now. */
  retries = 0;
  retryNow() {
    this.retries += 1;
  }
  disconnect() {}

  /** Simulates the server emitting an event. */
  emit<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]) {
    for (const fn of this.handlers[event]) (fn as (p: typeof payload) => void)(payload);
  }

  setState(state: ConnectionState) {
    this.state = state;
    for (const fn of this.stateListeners) fn(state);
  }
}
