/**
 * The edge as a browser meets it: the project's nginx config in front of the REAL API and the
 * built UI (not a stand-in): security headers, caching, SPA fallback, HTTP → HTTPS, the API's
 * error shape and request id through the proxy, and a Socket.IO WebSocket through nginx.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { io } from 'socket.io-client';
import { BASE_URL, call, uniqueEmail } from './support.ts';

const SECURITY_HEADERS = [
  'strict-transport-security',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
];

describe('edge: nginx in front of the real API and UI', () => {
  test('the SPA shell: security headers, no-cache, no version leak, client routes fall back to it', async () => {
    const index = await call(`${BASE_URL}/`);
    assert.equal(index.status, 200);
    for (const h of SECURITY_HEADERS) assert.ok(index.headers[h], `${h} on /`);
    assert.match(String(index.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(index.headers['cache-control']), /no-cache/);
    assert.doesNotMatch(String(index.headers.server ?? ''), /\d/);
    const route = await call(`${BASE_URL}/workspaces/some/client/route`);
    assert.equal(route.status, 200);
    assert.equal(route.body, index.body);
  });

  test('hashed assets are cached for a year, immutable', async () => {
    const index = await call(`${BASE_URL}/`);
    const asset = /\/assets\/[^"']+\.js/.exec(index.body)?.[0];
    assert.ok(asset, 'index.html references a hashed script');
    const res = await call(`${BASE_URL}${asset}`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['cache-control']), /max-age=31536000.*immutable/);
  });

  test('plain HTTP redirects to HTTPS', async () => {
    const httpUrl = process.env.E2E_HTTP_URL;
    assert.ok(httpUrl, 'set E2E_HTTP_URL to the plain-HTTP port of the same nginx');
    const res = await call(`${httpUrl}/workspaces`);
    assert.equal(res.status, 301);
    assert.match(String(res.headers.location), /^https:\/\/[^/]+\/workspaces$/);
  });

  test('API errors keep their shape and request id through the proxy, with the security headers', async () => {
    const res = await call(`${BASE_URL}/api/v1/auth/me`, {
      headers: { 'X-Request-Id': 'edge-check-000001' },
    });
    assert.equal(res.status, 401);
    const body = JSON.parse(res.body) as { statusCode: number; requestId: string };
    assert.equal(body.statusCode, 401);
    assert.equal(body.requestId, 'edge-check-000001');
    assert.equal(res.headers['x-request-id'], 'edge-check-000001');
    for (const h of SECURITY_HEADERS) assert.ok(res.headers[h], `${h} on /api`);
  });

  test('a Socket.IO WebSocket connects through nginx to the real API and answers', async () => {
    const email = uniqueEmail('edge');
    const reg = await call(`${BASE_URL}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple', displayName: 'Edge' }),
    });
    assert.equal(reg.status, 201, reg.body);
    const token = (JSON.parse(reg.body) as { accessToken: string }).accessToken;
    const socket = io(`${BASE_URL}/tasks`, {
      transports: ['websocket'],
      auth: { token },
      rejectUnauthorized: false,
      reconnection: false,
      timeout: 10_000,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      assert.equal(socket.io.engine.transport.name, 'websocket');
      const ack = (await socket
        .timeout(5_000)
        .emitWithAck('task:subscribe', { taskId: '00000000-0000-4000-8000-000000000000', afterSeq: 0 })) as {
        ok: boolean;
      };
      assert.equal(ack.ok, false, 'a task the user cannot read is refused');
    } finally {
      socket.disconnect();
    }
  });

  test('a socket without a valid token is refused', async () => {
    const socket = io(`${BASE_URL}/tasks`, {
      transports: ['websocket'],
      auth: { token: 'nope' },
      rejectUnauthorized: false,
      reconnection: false,
    });
    try {
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
        socket.once('disconnect', () => resolve('refused'));
      });
      assert.equal(outcome, 'refused');
    } finally {
      socket.disconnect();
    }
  });
});
