import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { assertTokenAllows, type AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import {
  BadInputError,
  DomainError,
  NotFoundError,
  UnauthorizedError,
} from '../common/errors/domain-errors.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisService } from '../redis/redis.service.js';
import { RESPONSES, type TaskResponse } from '../tasks/dto.js';
import { TasksService } from '../tasks/tasks.service.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import {
  accessChannel,
  RELAY_EVENT,
  SOCKET_EVENT_ACCESS,
  TASKS_NAMESPACE,
  taskRoom,
  userRoom,
  workspaceRoom,
  type AccessChange,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketCloseReason,
  type TaskRelay,
  type WorkspaceTaskEvent,
} from './events.js';

interface Subscription {
  /** Highest message seq this socket has been sent. */
  lastSeq: number;
  /** Live events held back while the replay from Postgres runs; null once live. */
  buffer: TaskRelay[] | null;
  /** The task's workspace: a membership change there re-checks this subscription. */
  workspaceId: string;
}
interface SocketData {
  user: AuthUser;
  subs: Map<string, Subscription>;
  /** Workspaces whose task list this socket follows (`workspace:task`). */
  workspaces: Set<string>;
  /** Bumped by every access change touching this socket, so a subscribe racing one re-checks. */
  epoch: number;
  /** When the credential was last confirmed valid in the database (epoch ms). */
  checkedAt: number;
  expiryTimer?: NodeJS.Timeout;
}
type TaskSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MODE_SLUG = /^[a-z0-9][a-z0-9-]{0,49}$/;
const errorText = (e: unknown) => (e instanceof Error ? e.message : 'failed');

/** A subscribe trusts a credential confirmed this recently (a reconnect storm costs one query per socket, not two). */
const SUBSCRIBE_RECHECK_MS = 2_000;
/**
 * Backstop for an access change lost while Redis was away: every open socket's credential
 * and memberships are re-checked this often (batched: one query per credential kind, one
 * role check per user × workspace).
 */
export const REVALIDATE_INTERVAL_MS = 60_000;
/** setTimeout's limit is ~24.8 days; farther expiries (API tokens) re-arm daily. */
const MAX_TIMER_MS = 86_400_000;

const CLOSE_MESSAGES: Record<SocketCloseReason, string> = {
  token_expired: 'access token expired; refresh it and connect again',
  session_revoked: 'this sign-in was signed out; please sign in again',
  token_revoked: 'API token is invalid, revoked or expired',
};

/** An ack refusing the event with the status and message REST gives for the same error. */
function refusal(e: unknown): Ack {
  if (e instanceof DomainError) return { ok: false, error: e.message, statusCode: e.status };
  return { ok: false, error: 'failed', statusCode: 500 };
}

/**
 * `/tasks`: a socket authenticates with its access token, subscribes to tasks it may read,
 * gets missed messages replayed from Postgres in order, then live events relayed from
 * any process through Redis — each message exactly once, by seq.
 *
 * Access is not decided once at the handshake: every event passes the same scope rule as
 * REST and the handlers call the same service checks (role, membership); the credential is
 * re-confirmed on subscribe and respond; the socket is dropped when its access token
 * expires; and revocations (sign-out, API token, membership) published by any process
 * close or unsubscribe the affected sockets on every replica at once.
 */
@WebSocketGateway({ namespace: TASKS_NAMESPACE })
export class TasksGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit, OnModuleDestroy
{
  private readonly logger = new Logger('TasksGateway');
  @WebSocketServer() nsp: Namespace<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >;
  private subscriber?: ReturnType<RedisService['create']>;
  private revalidateTimer?: NodeJS.Timeout;
  private revalidating = false;

  constructor(
    private readonly auth: AuthService,
    private readonly tasks: TasksService,
    private readonly workspaces: WorkspacesService,
    private readonly metrics: MetricsService,
    private readonly redis: RedisService,
  ) {}

  async onModuleInit(): Promise<void> {
    const sub = this.redis.create({ maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('message', (_channel: string, raw: string) => {
      let change: AccessChange;
      try {
        change = JSON.parse(raw) as AccessChange;
      } catch {
        return;
      }
      this.applyAccessChange(change).catch((e: unknown) =>
        this.logger.warn(`could not apply ${change.kind}: ${errorText(e)}`),
      );
    });
    // Subscribed again after every reconnect (ioredis autoResubscribe).
    await sub.subscribe(accessChannel(this.redis.prefix)).catch(() => undefined);
    this.revalidateTimer = setInterval(() => void this.revalidate(), REVALIDATE_INTERVAL_MS);
    this.revalidateTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.revalidateTimer);
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth
        .authenticate(token)
        .then(async (user) => {
          // An access token outlives a sign-out (REST accepts it until it expires); a socket
          // does not: its sign-in must still be active. API tokens were just checked.
          if (!user.tokenId && !(await this.auth.stillValid(user))) throw new UnauthorizedError();
          socket.data = {
            user,
            subs: new Map(),
            workspaces: new Set(),
            epoch: 0,
            checkedAt: Date.now(),
          } satisfies SocketData;
          next();
        })
        .catch(() => next(new Error('unauthorized')));
    });
    nsp.on(RELAY_EVENT, (relay: TaskRelay) => this.deliver(relay));
  }

  handleConnection(socket: TaskSocket): void {
    this.metrics.activeSessions.inc();
    void socket.join(userRoom(socket.data.user.id));
    socket.use(([event, ...args], next) => {
      const last: unknown = args.at(-1);
      const ack = typeof last === 'function' ? (last as (a: Ack) => void) : undefined;
      try {
        if (!Object.hasOwn(SOCKET_EVENT_ACCESS, event))
          throw new NotFoundError(`unknown event ${String(event).slice(0, 100)}`);
        if (this.expired(socket)) {
          setImmediate(() => this.close(socket, 'token_expired'));
          throw new UnauthorizedError(CLOSE_MESSAGES.token_expired);
        }
        assertTokenAllows(socket.data.user, SOCKET_EVENT_ACCESS[event as keyof ClientToServerEvents]);
      } catch (e) {
        ack?.(refusal(e));
        return;
      }
      next();
    });
    this.armExpiry(socket);
  }

  handleDisconnect(socket: TaskSocket): void {
    this.metrics.activeSessions.dec();
    clearTimeout(socket.data?.expiryTimer);
  }

  @SubscribeMessage('task:subscribe')
  async subscribe(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { taskId, afterSeq } = (body ?? {}) as { taskId?: unknown; afterSeq?: unknown };
    if (typeof taskId !== 'string' || !UUID.test(taskId))
      return refusal(new BadInputError('taskId must be a uuid'));
    if (
      afterSeq !== undefined &&
      (typeof afterSeq !== 'number' || !Number.isInteger(afterSeq) || afterSeq < 0)
    ) {
      return refusal(new BadInputError('afterSeq must be a non-negative integer'));
    }
    const stale = await this.confirmCredential(socket, SUBSCRIBE_RECHECK_MS);
    if (stale) return stale;
    const epoch = socket.data.epoch;
    let task;
    try {
      task = await this.tasks.readable(socket.data.user, taskId);
    } catch (e) {
      return refusal(e);
    }
    if (!socket.connected) return refusal(new UnauthorizedError('socket closed'));
    const sub: Subscription = { lastSeq: afterSeq ?? 0, buffer: [], workspaceId: task.workspaceId };
    socket.data.subs.set(taskId, sub);
    await socket.join(taskRoom(taskId));
    // An access change arrived while we checked: check again now that it is applied.
    if (socket.data.epoch !== epoch) {
      try {
        this.workspaces.forgetRoles(task.workspaceId);
        await this.tasks.readable(socket.data.user, taskId);
      } catch (e) {
        this.dropSubscription(socket, taskId);
        return refusal(e);
      }
    }
    try {
      for (;;) {
        const batch = await this.tasks.messagesAfter(taskId, sub.lastSeq, 500);
        for (const message of batch)
          this.send(socket, sub, { event: 'task:message', payload: { taskId, message } });
        if (batch.length < 500) break;
      }
      socket.emit('task:status', { taskId, status: task.status });
    } finally {
      const held = sub.buffer ?? [];
      sub.buffer = null;
      for (const relay of held) this.send(socket, sub, relay);
    }
    return { ok: true };
  }

  @SubscribeMessage('task:unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const taskId = (body as { taskId?: unknown } | undefined)?.taskId;
    if (typeof taskId !== 'string') return refusal(new BadInputError('taskId is required'));
    socket.data.subs.delete(taskId);
    await socket.leave(taskRoom(taskId));
    return { ok: true };
  }

  @SubscribeMessage('task:respond')
  async respond(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { taskId, response, text, mode } = (body ?? {}) as {
      taskId?: unknown;
      response?: unknown;
      text?: unknown;
      mode?: unknown;
    };
    if (typeof taskId !== 'string' || !UUID.test(taskId))
      return refusal(new BadInputError('taskId must be a uuid'));
    if (typeof response !== 'string' || !(RESPONSES as readonly string[]).includes(response)) {
      return refusal(new BadInputError(`response must be one of ${RESPONSES.join(', ')}`));
    }
    if (text !== undefined && (typeof text !== 'string' || text.length > 100_000))
      return refusal(new BadInputError('text must be a string'));
    if (mode !== undefined && (typeof mode !== 'string' || !MODE_SLUG.test(mode)))
      return refusal(new BadInputError('mode must be a mode slug'));
    // A write: the credential is confirmed every time.
    const stale = await this.confirmCredential(socket, 0);
    if (stale) return stale;
    try {
      await this.tasks.respond(socket.data.user, taskId, {
        response: response as TaskResponse,
        text,
        ...(mode ? { mode } : {}),
      });
      return { ok: true };
    } catch (e) {
      if (!(e instanceof DomainError)) this.logger.warn(`task:respond failed: ${errorText(e)}`);
      return refusal(e);
    }
  }

  /** Like POST /tasks/{id}/messages: the same service call, so the same rules. */
  @SubscribeMessage('task:send')
  async sendMessage(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { taskId, text } = (body ?? {}) as { taskId?: unknown; text?: unknown };
    if (typeof taskId !== 'string' || !UUID.test(taskId))
      return refusal(new BadInputError('taskId must be a uuid'));
    if (typeof text !== 'string' || !text.trim() || text.length > 100_000)
      return refusal(new BadInputError('text must be a non-empty string of at most 100000 characters'));
    const stale = await this.confirmCredential(socket, 0);
    if (stale) return stale;
    try {
      await this.tasks.send(socket.data.user, taskId, text);
      return { ok: true };
    } catch (e) {
      if (!(e instanceof DomainError)) this.logger.warn(`task:send failed: ${errorText(e)}`);
      return refusal(e);
    }
  }

  /**
   * Follows the workspace's task list: `workspace:task` for every task created there or
   * changing status. Like GET /workspaces/{ws}/tasks: viewer or higher, 404 for others.
   */
  @SubscribeMessage('workspace:subscribe')
  async subscribeWorkspace(
    @ConnectedSocket() socket: TaskSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    const workspaceId = (body as { workspaceId?: unknown } | undefined)?.workspaceId;
    if (typeof workspaceId !== 'string' || !UUID.test(workspaceId))
      return refusal(new BadInputError('workspaceId must be a uuid'));
    const stale = await this.confirmCredential(socket, SUBSCRIBE_RECHECK_MS);
    if (stale) return stale;
    const epoch = socket.data.epoch;
    try {
      await this.workspaces.requireRole(socket.data.user, workspaceId, 'viewer');
    } catch (e) {
      return refusal(e);
    }
    if (!socket.connected) return refusal(new UnauthorizedError('socket closed'));
    socket.data.workspaces.add(workspaceId);
    await socket.join(workspaceRoom(workspaceId));
    // An access change arrived while we checked: check again now that it is applied.
    if (socket.data.epoch !== epoch) {
      try {
        this.workspaces.forgetRoles(workspaceId);
        await this.workspaces.requireRole(socket.data.user, workspaceId, 'viewer');
      } catch (e) {
        this.dropWorkspace(socket, workspaceId);
        return refusal(e);
      }
    }
    return { ok: true };
  }

  @SubscribeMessage('workspace:unsubscribe')
  async unsubscribeWorkspace(
    @ConnectedSocket() socket: TaskSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack> {
    const workspaceId = (body as { workspaceId?: unknown } | undefined)?.workspaceId;
    if (typeof workspaceId !== 'string') return refusal(new BadInputError('workspaceId is required'));
    this.dropWorkspace(socket, workspaceId);
    return { ok: true };
  }

  /**
   * Re-checks every open socket of this replica against the database: closes those whose
   * credential died, unsubscribes those no longer members. Runs every REVALIDATE_INTERVAL_MS.
   */
  async revalidate(): Promise<void> {
    if (this.revalidating || !this.nsp) return;
    this.revalidating = true;
    try {
      const sockets = [...this.nsp.sockets.values()] as TaskSocket[];
      const sessionIds = new Set<string>();
      const tokenIds = new Set<string>();
      for (const s of sockets) {
        const u = s.data.user;
        if (u.tokenId) tokenIds.add(u.tokenId);
        else if (u.sessionId) sessionIds.add(u.sessionId);
      }
      const valid = await this.auth.validCredentials([...sessionIds], [...tokenIds]);
      const now = Date.now();
      const members = new Map<string, { user: AuthUser; workspaceId: string; sockets: TaskSocket[] }>();
      for (const s of sockets) {
        const u = s.data.user;
        const reason: SocketCloseReason | null = this.expired(s)
          ? 'token_expired'
          : u.tokenId
            ? valid.tokens.has(u.tokenId)
              ? null
              : 'token_revoked'
            : u.sessionId && valid.sessions.has(u.sessionId)
              ? null
              : 'session_revoked';
        if (reason) {
          this.close(s, reason);
          continue;
        }
        s.data.checkedAt = now;
        const followed = [...[...s.data.subs.values()].map((sub) => sub.workspaceId), ...s.data.workspaces];
        for (const workspaceId of followed) {
          const key = `${u.id}:${workspaceId}`;
          const entry = members.get(key) ?? { user: u, workspaceId, sockets: [] };
          if (!entry.sockets.includes(s)) entry.sockets.push(s);
          members.set(key, entry);
        }
      }
      for (const { user, workspaceId, sockets: affected } of members.values()) {
        try {
          // The same check REST's task routes make (readable = viewer or higher).
          await this.workspaces.requireRole(user, workspaceId, 'viewer');
        } catch (e) {
          if (!(e instanceof DomainError)) continue;
          for (const s of affected) {
            this.revokeWorkspace(s, workspaceId, new NotFoundError('task not found'));
            this.revokeWorkspaceList(s, workspaceId, e);
          }
        }
      }
    } catch (e) {
      this.logger.warn(`socket revalidation failed: ${errorText(e)}`);
    } finally {
      this.revalidating = false;
    }
  }

  /** An access change from any process, applied to this replica's sockets. */
  private async applyAccessChange(change: AccessChange): Promise<void> {
    if (!this.nsp) return;
    if (change.kind === 'sessions-revoked') {
      for (const s of this.localSockets(change.userId)) {
        const u = s.data.user;
        if (!u.tokenId && (!change.sessionId || u.sessionId === change.sessionId))
          this.close(s, 'session_revoked');
      }
      return;
    }
    if (change.kind === 'api-token-revoked') {
      for (const s of this.localSockets(change.userId))
        if (s.data.user.tokenId === change.tokenId) this.close(s, 'token_revoked');
      return;
    }
    // Our cached roles may predate the change (their invalidation travels on another channel).
    this.workspaces.forgetRoles(change.workspaceId);
    const sockets = change.userId
      ? this.localSockets(change.userId)
      : ([...this.nsp.sockets.values()] as TaskSocket[]);
    await Promise.all(
      sockets.map(async (s) => {
        s.data.epoch++;
        for (const [taskId, sub] of [...s.data.subs]) {
          if (sub.workspaceId !== change.workspaceId) continue;
          try {
            await this.tasks.readable(s.data.user, taskId);
          } catch (e) {
            if (e instanceof DomainError) this.revokeSubscription(s, taskId, e);
          }
        }
        if (s.data.workspaces.has(change.workspaceId)) {
          try {
            await this.workspaces.requireRole(s.data.user, change.workspaceId, 'viewer');
          } catch (e) {
            if (e instanceof DomainError) this.revokeWorkspaceList(s, change.workspaceId, e);
          }
        }
      }),
    );
  }

  private localSockets(userId: string): TaskSocket[] {
    const ids = this.nsp.adapter.rooms.get(userRoom(userId));
    if (!ids) return [];
    return [...ids].map((id) => this.nsp.sockets.get(id) as TaskSocket | undefined).filter((s) => !!s);
  }

  /** Confirms the socket's credential in the database unless it was within `maxAgeMs`; an ack refusing otherwise. */
  private async confirmCredential(socket: TaskSocket, maxAgeMs: number): Promise<Ack | null> {
    const d = socket.data;
    if (!this.expired(socket) && Date.now() - d.checkedAt < maxAgeMs) return null;
    if (await this.auth.stillValid(d.user)) {
      d.checkedAt = Date.now();
      return null;
    }
    const reason: SocketCloseReason = this.expired(socket)
      ? 'token_expired'
      : d.user.tokenId
        ? 'token_revoked'
        : 'session_revoked';
    // After the ack has gone out.
    setImmediate(() => this.close(socket, reason));
    return refusal(new UnauthorizedError(CLOSE_MESSAGES[reason]));
  }

  private expired(socket: TaskSocket): boolean {
    const at = socket.data.user.expiresAt;
    return at !== undefined && at <= Date.now();
  }

  /** Drops the socket when its credential expires (the client refreshes and connects again). */
  private armExpiry(socket: TaskSocket): void {
    const at = socket.data.user.expiresAt;
    if (at === undefined) return;
    const delay = Math.min(Math.max(at - Date.now(), 0), MAX_TIMER_MS);
    socket.data.expiryTimer = setTimeout(() => {
      if (this.expired(socket)) this.close(socket, 'token_expired');
      else this.armExpiry(socket);
    }, delay);
    socket.data.expiryTimer.unref();
  }

  /** Tells the client why, then disconnects it (and its connection). */
  private close(socket: TaskSocket, reason: SocketCloseReason): void {
    if (!socket.connected) return;
    this.logger.log(`closing socket of user ${socket.data.user.id}: ${reason}`);
    socket.data.subs.clear();
    socket.data.workspaces.clear();
    socket.emit('socket:closed', { reason, message: CLOSE_MESSAGES[reason] });
    socket.disconnect(true);
  }

  private revokeWorkspace(socket: TaskSocket, workspaceId: string, e: DomainError): void {
    for (const [taskId, sub] of [...socket.data.subs])
      if (sub.workspaceId === workspaceId) this.revokeSubscription(socket, taskId, e);
  }

  /** Ends a subscription the user lost access to, saying why (the REST status and message). */
  private revokeSubscription(socket: TaskSocket, taskId: string, e: DomainError): void {
    if (!socket.data.subs.has(taskId)) return;
    this.dropSubscription(socket, taskId);
    socket.emit('task:revoked', { taskId, statusCode: e.status, error: e.message });
  }

  /** Ends a workspace subscription the user lost access to, saying why (the REST status and message). */
  private revokeWorkspaceList(socket: TaskSocket, workspaceId: string, e: DomainError): void {
    if (!socket.data.workspaces.has(workspaceId)) return;
    this.dropWorkspace(socket, workspaceId);
    socket.emit('workspace:revoked', { workspaceId, statusCode: e.status, error: e.message });
  }

  private dropWorkspace(socket: TaskSocket, workspaceId: string): void {
    socket.data.workspaces.delete(workspaceId);
    void socket.leave(workspaceRoom(workspaceId));
  }

  private dropSubscription(socket: TaskSocket, taskId: string): void {
    socket.data.subs.delete(taskId);
    void socket.leave(taskRoom(taskId));
  }

  /** A relayed event: to each local socket subscribed to the task (or its workspace), in order, once. */
  private deliver(relay: TaskRelay): void {
    if (relay.event === 'workspace:task') return this.deliverToWorkspace(relay.payload);
    const taskId = relay.payload.taskId;
    const ids = this.nsp.adapter.rooms.get(taskRoom(taskId));
    if (!ids) return;
    for (const id of ids) {
      const socket = this.nsp.sockets.get(id) as TaskSocket | undefined;
      const sub = socket?.data.subs?.get(taskId);
      if (!socket || !sub) continue;
      // The expiry timer may lag behind a busy event loop; nothing is sent past expiry.
      if (this.expired(socket)) {
        this.close(socket, 'token_expired');
        continue;
      }
      if (sub.buffer) sub.buffer.push(relay);
      else this.send(socket, sub, relay);
    }
  }

  private deliverToWorkspace(event: WorkspaceTaskEvent): void {
    const ids = this.nsp.adapter.rooms.get(workspaceRoom(event.workspaceId));
    if (!ids) return;
    for (const id of ids) {
      const socket = this.nsp.sockets.get(id) as TaskSocket | undefined;
      if (!socket?.data.workspaces?.has(event.workspaceId)) continue;
      if (this.expired(socket)) {
        this.close(socket, 'token_expired');
        continue;
      }
      socket.emit('workspace:task', event);
    }
  }

  private send(socket: TaskSocket, sub: Subscription, relay: TaskRelay): void {
    try {
      if (relay.event === 'task:message') {
        if (relay.payload.message.seq <= sub.lastSeq) return;
        sub.lastSeq = relay.payload.message.seq;
        socket.emit('task:message', relay.payload);
      } else if (relay.event === 'task:status') socket.emit('task:status', relay.payload);
      else if (relay.event === 'task:usage') socket.emit('task:usage', relay.payload);
      else if (relay.event === 'task:partial' && relay.payload.seq > sub.lastSeq)
        socket.emit('task:partial', relay.payload);
    } catch (e) {
      this.logger.warn(`could not deliver ${relay.event}: ${errorText(e)}`);
    }
  }
}
