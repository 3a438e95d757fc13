import { http, HttpResponse } from 'msw';
import { authResponse } from '@/test/fixtures';
import { server } from '@/test/server';
import { setAccessToken } from './api/token';
import { createSocketRealtime } from './socket';

type Listener = (...args: unknown[]) => void;

/** Stands in for socket.io-client's Socket: records connects, lets the test play the server. */
class FakeSocket {
  connected = false;
  active = false;
  connects = 0;
  readonly listeners = new Map<string, Listener[]>();
  /** Socket.IO's manager: while it waits out its back-off (_reconnecting), connect() does nothing. */
  readonly io = { on: () => undefined, _reconnecting: false };
  constructor(readonly opts: { auth: (cb: (data: { token: string | null }) => void) => void }) {}
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  off() {
    return this;
  }
  connect() {
    if (this.io._reconnecting) return this;
    this.connects += 1;
    this.active = true;
    return this;
  }
  disconnect() {
    this.io._reconnecting = false;
    this.active = false;
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
  /** The token the next handshake would send. */
  token() {
    let token: string | null = null;
    this.opts.auth((d) => (token = d.token));
    return token;
  }
}

const sockets: FakeSocket[] = [];
const lastSocket = () => {
  const s = sockets.at(-1);
  if (!s) throw new Error('no socket was created');
  return s;
};
vi.mock('socket.io-client', () => ({
  io: (_url: string, opts: ConstructorParameters<typeof FakeSocket>[0]) => {
    const s = new FakeSocket(opts);
    sockets.push(s);
    return s;
  },
}));

describe('realtime socket', () => {
  it('on "token_expired" from the server, refreshes the access token and connects again with it', async () => {
    setAccessToken('old');
    server.use(http.post('/api/v1/auth/refresh', () => HttpResponse.json(authResponse('renewed'))));
    const rt = createSocketRealtime();
    const s = lastSocket();
    rt.connect();
    s.connected = true;
    s.fire('connect');
    expect(rt.getState()).toBe('connected');

    s.fire('socket:closed', { reason: 'token_expired', message: 'access token expired' });
    s.connected = false;
    s.active = false;
    s.fire('disconnect', 'io server disconnect');
    await vi.waitFor(() => expect(s.connects).toBe(2));
    expect(s.token()).toBe('renewed');
  });

  it('stays disconnected when the sign-in was revoked (the refresh fails too)', async () => {
    setAccessToken('old');
    server.use(
      http.post('/api/v1/auth/refresh', () =>
        HttpResponse.json({ statusCode: 401, error: 'Unauthorized', message: 'signed out' }, { status: 401 }),
      ),
    );
    const rt = createSocketRealtime();
    const s = lastSocket();
    rt.connect();
    s.connected = true;
    s.fire('connect');
    s.fire('socket:closed', { reason: 'session_revoked', message: 'signed out' });
    s.connected = false;
    s.active = false;
    s.fire('disconnect', 'io server disconnect');
    await vi.waitFor(() => expect(rt.getState()).toBe('idle'));
    expect(s.connects).toBe(1);
  });

  it('"Retry now" opens a connection at once instead of waiting out the back-off', () => {
    setAccessToken('t');
    const rt = createSocketRealtime();
    const s = lastSocket();
    rt.connect();
    s.connected = true;
    s.fire('connect');
    // The network drops: Socket.IO schedules its next attempt after a back-off delay.
    s.connected = false;
    s.io._reconnecting = true;
    s.fire('disconnect', 'transport close');
    expect(rt.getState()).toBe('reconnecting');
    rt.connect();
    expect(s.connects).toBe(1); // connect() waits for the back-off

    rt.retryNow();
    expect(s.connects).toBe(2);
    expect(rt.getState()).toBe('reconnecting');
    s.connected = true;
    s.fire('connect');
    expect(rt.getState()).toBe('connected');
    rt.retryNow(); // connected: nothing to do
    expect(s.connects).toBe(2);
  });
});
