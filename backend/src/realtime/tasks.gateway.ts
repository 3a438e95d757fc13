import { Logger } from '@nestjs/common';
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
import type { AuthUser } from '../auth/auth-user.js';
import { AuthService } from '../auth/auth.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RESPONSES, type TaskResponse } from '../tasks/dto.js';
import { TasksService } from '../tasks/tasks.service.js';
import {
  RELAY_EVENT,
  TASKS_NAMESPACE,
  taskRoom,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskRelay,
} from './events.js';

interface Subscription {
  /** Highest message seq this socket has been sent. */
  lastSeq: number;
  /** Live events held back while the replay from Postgres runs; null once live. */
  buffer: TaskRelay[] | null;
}
interface SocketData {
  user: AuthUser;
  subs: Map<string, Subscription>;
}
type TaskSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const errorText = (e: unknown) => (e instanceof Error ? e.message : 'failed');

/**
 * `/tasks`: a socket authenticates with its access token, subscribes to tasks it may read,
 * gets missed messages replayed from Postgres in order, then live events relayed from
 * any process through Redis — each message exactly once, by seq.
 */
@WebSocketGateway({ namespace: TASKS_NAMESPACE })
export class TasksGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('TasksGateway');
  @WebSocketServer() nsp: Namespace<
    ClientToServerEvents,
    ServerToClientEvents,
    Record<string, never>,
    SocketData
  >;

  constructor(
    private readonly auth: AuthService,
    private readonly tasks: TasksService,
    private readonly metrics: MetricsService,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || !token) return next(new Error('unauthorized'));
      this.auth.authenticate(token).then(
        (user) => {
          socket.data = { user, subs: new Map() } satisfies SocketData;
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
    nsp.on(RELAY_EVENT, (relay: TaskRelay) => this.deliver(relay));
  }

  handleConnection(): void {
    this.metrics.activeSessions.inc();
  }

  handleDisconnect(): void {
    this.metrics.activeSessions.dec();
  }

  @SubscribeMessage('task:subscribe')
  async subscribe(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { taskId, afterSeq } = (body ?? {}) as { taskId?: unknown; afterSeq?: unknown };
    if (typeof taskId !== 'string' || !UUID.test(taskId))
      return { ok: false, error: 'taskId must be a uuid' };
    if (
      afterSeq !== undefined &&
      (typeof afterSeq !== 'number' || !Number.isInteger(afterSeq) || afterSeq < 0)
    ) {
      return { ok: false, error: 'afterSeq must be a non-negative integer' };
    }
    let status;
    try {
      status = (await this.tasks.readable(socket.data.user, taskId)).status;
    } catch {
      return { ok: false, error: 'task not found' };
    }
    const sub: Subscription = { lastSeq: afterSeq ?? 0, buffer: [] };
    socket.data.subs.set(taskId, sub);
    await socket.join(taskRoom(taskId));
    try {
      for (;;) {
        const batch = await this.tasks.messagesAfter(taskId, sub.lastSeq, 500);
        for (const message of batch)
          this.send(socket, sub, { event: 'task:message', payload: { taskId, message } });
        if (batch.length < 500) break;
      }
      socket.emit('task:status', { taskId, status });
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
    if (typeof taskId !== 'string') return { ok: false, error: 'taskId is required' };
    socket.data.subs.delete(taskId);
    await socket.leave(taskRoom(taskId));
    return { ok: true };
  }

  @SubscribeMessage('task:respond')
  async respond(@ConnectedSocket() socket: TaskSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { taskId, response, text } = (body ?? {}) as {
      taskId?: unknown;
      response?: unknown;
      text?: unknown;
    };
    if (typeof taskId !== 'string' || !UUID.test(taskId))
      return { ok: false, error: 'taskId must be a uuid' };
    if (typeof response !== 'string' || !(RESPONSES as readonly string[]).includes(response)) {
      return { ok: false, error: `response must be one of ${RESPONSES.join(', ')}` };
    }
    if (text !== undefined && (typeof text !== 'string' || text.length > 100_000))
      return { ok: false, error: 'text must be a string' };
    try {
      await this.tasks.respond(socket.data.user, taskId, { response: response as TaskResponse, text });
      return { ok: true };
    } catch (e) {
      return { ok: false, error: errorText(e) };
    }
  }

  /** A relayed event: to each local socket subscribed to the task, in order, once. */
  private deliver(relay: TaskRelay): void {
    const taskId = relay.payload.taskId;
    const ids = this.nsp.adapter.rooms.get(taskRoom(taskId));
    if (!ids) return;
    for (const id of ids) {
      const socket = this.nsp.sockets.get(id) as TaskSocket | undefined;
      const sub = socket?.data.subs?.get(taskId);
      if (!socket || !sub) continue;
      if (sub.buffer) sub.buffer.push(relay);
      else this.send(socket, sub, relay);
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
      else if (relay.payload.seq > sub.lastSeq) socket.emit('task:partial', relay.payload);
    } catch (e) {
      this.logger.warn(`could not deliver ${relay.event}: ${errorText(e)}`);
    }
  }
}
