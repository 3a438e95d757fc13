import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { WorkerModule } from '../roles/worker.module.js';
import {
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  signUp,
  type Session,
} from '../../test/clients.js';
import { waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import type { PushPayload } from './dto.js';
import { generateVapidKeys } from './vapid.js';

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browser() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  };
}

/** Decrypts an aes128gcm Web Push body as the browser does (RFC 8291 + RFC 8188, one record). */
function decrypt(body: Buffer, b: ReturnType<typeof browser>): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const serverKey = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  expect(rs).toBeGreaterThanOrEqual(record.length);
  const shared = b.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), b.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, b.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 followed by optional zero padding.
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  expect(padded[end]).toBe(2);
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID Authorization header (RFC 8292): an ES256 JWT for the endpoint's origin, signed by `publicKey`. */
function checkVapid(
  header: string | undefined,
  publicKey: string,
  audience: string,
): Record<string, unknown> {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  expect(m, header).not.toBeNull();
  const [, jwt, k] = m!;
  expect(k).toBe(publicKey);
  const [h, p, sig] = jwt.split('.');
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33).toString('base64url'),
    },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(sig, 'base64url'),
  );
  expect(ok).toBe(true);
  expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'ES256' });
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  expect(claims.aud).toBe(audience);
  const exp = claims.exp as number;
  expect(exp * 1000).toBeGreaterThan(Date.now());
  expect(exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600 * 1000 + 60_000);
  return claims;
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Web Push end to end: a real API and worker, a scripted push service (a local HTTP server
 * that receives what FCM or Mozilla's autopush would), notifications decrypted with the
 * subscription's private key as a browser does.
 */
describe('push: Web Push notifications of waiting and finished tasks', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let server: Server;
  let pushUrl: string;
  const received: Received[] = [];
  /** Paths the scripted push service answers 410 Gone (an expired subscription). */
  const gone = new Set<string>();
  const vapid = generateVapidKeys();
  let owner: Session;
  let ws: string;
  let provider: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(gone.has(req.url ?? '') ? 410 : 201).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    pushUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    api = await startApi({
      LOG_LEVEL: 'silent',
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.test',
      // The scripted push service is local and plain http: trusted here only.
      PUSH_TRUSTED_HOSTS: '127.0.0.1',
      PUSH_THROTTLE_SECONDS: '60',
    });
    // The worker role with no agent: the statuses below are driven through the journal.
    worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ ...api.config, ROLE: 'worker' }, {}, []),
      { logger: false },
    );
    await worker.init();
    owner = await signUp(api);
    ws = await createWorkspace(api, owner, 'push');
    provider = await createFakeProvider(api, owner, ws, 'http://127.0.0.1:9');
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((r) => server?.close(r));
  });

  const subscribe = (s: Session, body: unknown) =>
    http(api)
      .post('/api/v1/push/subscriptions')
      .set(bearer(s))
      .send(body as object);
  const journal = () => api.app.get(TaskJournal);
  async function newTask(prompt: string): Promise<string> {
    const res = await http(api)
      .post(`/api/v1/workspaces/${ws}/tasks`)
      .set(bearer(owner))
      .send({ prompt, mode: 'ask', providerId: provider })
      .expect(201);
    return res.body.id as string;
  }
  const ask = (kind: 'followup' | 'tool') => ({
    type: 'ask' as const,
    ask: kind,
    text: kind === 'followup' ? 'Which branch holds the secret plan?' : '{"tool":"write_to_file"}',
    meta: {
      toolCall: {
        id: `c${Math.random()}`,
        name: kind === 'followup' ? 'ask_followup_question' : 'write_to_file',
        input: {},
      },
    },
  });
  const forPath = (path: string) => received.filter((r) => r.path === path);

  it('serves the public key and refuses endpoints that are not https to a public address', async () => {
    const cfg = await http(api).get('/api/v1/push/config').set(bearer(owner)).expect(200);
    expect(cfg.body).toEqual({ enabled: true, publicKey: vapid.publicKey });
    const b = browser();
    const refused: Record<string, RegExp> = {
      'http://push.example.com/x': /https/,
      'https://10.1.2.3/x': /private/,
      'https://[::1]/x': /loopback/,
      'https://localhost/x': /localhost/,
      'https://169.254.169.254/latest': /metadata/,
      'https://user:pw@push.example.com/x': /credentials/,
      'ftp://push.example.com/x': /https/,
      'not a url': /valid URL/,
    };
    for (const [endpoint, why] of Object.entries(refused)) {
      const res = await subscribe(owner, { endpoint, keys: b.keys });
      expect(res.status, endpoint).toBe(400);
      expect(JSON.stringify(res.body.message), endpoint).toMatch(why);
    }
    // A key that is not a point on P-256, and an auth secret of the wrong size.
    const bad = await subscribe(owner, {
      endpoint: 'https://push.example.com/x',
      keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: b.keys.auth },
    });
    expect(bad.status).toBe(400);
    const short = await subscribe(owner, {
      endpoint: 'https://push.example.com/x',
      keys: { p256dh: b.keys.p256dh, auth: 'AAAA' },
    });
    expect(short.status).toBe(400);
    expect((await http(api).get('/api/v1/push/subscriptions').set(bearer(owner)).expect(200)).body).toEqual(
      [],
    );
  });

  it('notifies the creator of a question (encrypted, VAPID-signed, title and kind only), throttled, then of the end', async () => {
    const phone = browser();
    const endpoint = `${pushUrl}/send/phone`;
    const sub = await subscribe(owner, { endpoint, keys: phone.keys, deviceLabel: 'Phone' }).expect(201);
    expect(sub.body).toMatchObject({ endpoint, deviceLabel: 'Phone', lastSentAt: null });
    // Someone else cannot remove it (404, as if it did not exist).
    const other = await signUp(api);
    await http(api).delete(`/api/v1/push/subscriptions/${sub.body.id}`).set(bearer(other)).expect(404);

    const task = await newTask('Deploy the secret plan\nusing the key sk-live-123');
    await journal().setStatus(task, 'running');
    await journal().record(task, [ask('followup')], { to: 'waiting_for_input' });
    const first = await waitFor(() => forPath('/send/phone')[0], 10_000, 'push request');
    expect(first.headers.ttl).toBe('86400');
    expect(first.headers['content-encoding']).toBe('aes128gcm');
    expect(first.headers.urgency).toBe('high');
    const claims = checkVapid(first.headers.authorization, vapid.publicKey, pushUrl);
    expect(claims.sub).toBe('mailto:ops@example.test');
    const payload = JSON.parse(decrypt(first.body, phone)) as PushPayload;
    expect(payload).toEqual({
      kind: 'question',
      title: 'Deploy the secret plan',
      taskId: task,
      workspaceId: ws,
      url: `/workspaces/${ws}/tasks/${task}`,
    });
    // Nothing of the task's content: not the rest of the prompt, not the question.
    const text = decrypt(first.body, phone);
    expect(text).not.toContain('sk-live-123');
    expect(text).not.toContain('branch');

    // A second question within PUSH_THROTTLE_SECONDS: no second notification…
    await journal().setStatus(task, 'queued');
    await journal().setStatus(task, 'running');
    await journal().record(task, [ask('followup')], { to: 'waiting_for_input' });
    // …an approval is another kind and is sent…
    await journal().setStatus(task, 'queued');
    await journal().setStatus(task, 'running');
    await journal().record(task, [ask('tool')], { to: 'waiting_for_input' });
    await waitFor(() => forPath('/send/phone')[1], 10_000, 'approval push');
    // …and so is the end.
    await journal().setStatus(task, 'queued');
    await journal().setStatus(task, 'running');
    await journal().setStatus(task, 'completed');
    await waitFor(() => forPath('/send/phone')[2], 10_000, 'completion push');
    await new Promise((r) => setTimeout(r, 300));
    const kinds = forPath('/send/phone').map((r) => (JSON.parse(decrypt(r.body, phone)) as PushPayload).kind);
    expect(kinds).toEqual(['question', 'approval', 'completed']);
    expect(forPath('/send/phone')[2].headers.urgency).toBe('normal');
    const listed = (await http(api).get('/api/v1/push/subscriptions').set(bearer(owner)).expect(200)).body;
    expect(listed).toMatchObject([
      { id: sub.body.id, lastSentAt: expect.any(String) as string, lastError: null },
    ]);

    // A cancelled task is the user's own doing: no notification.
    const cancelled = await newTask('Stop me');
    await http(api).post(`/api/v1/tasks/${cancelled}/cancel`).set(bearer(owner)).expect(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(forPath('/send/phone')).toHaveLength(3);
    await http(api).delete(`/api/v1/push/subscriptions/${sub.body.id}`).set(bearer(owner)).expect(204);
  });

  it('removes a subscription the push service says is gone (410) and keeps the others', async () => {
    const old = browser();
    const current = browser();
    gone.add('/send/old');
    const a = await subscribe(owner, { endpoint: `${pushUrl}/send/old`, keys: old.keys }).expect(201);
    const b = await subscribe(owner, { endpoint: `${pushUrl}/send/current`, keys: current.keys }).expect(201);
    const task = await newTask('Fail loudly');
    await journal().setStatus(task, 'running');
    await journal().setStatus(task, 'failed', { error: 'model unreachable' });
    await waitFor(() => forPath('/send/old')[0] && forPath('/send/current')[0], 10_000, 'both pushes');
    expect((JSON.parse(decrypt(forPath('/send/current')[0].body, current)) as PushPayload).kind).toBe(
      'failed',
    );
    const ids = await waitFor(
      async () => {
        const list = (await http(api).get('/api/v1/push/subscriptions').set(bearer(owner)).expect(200))
          .body as { id: string }[];
        return list.length === 1 ? list.map((s) => s.id) : undefined;
      },
      5_000,
      'expired subscription removed',
    );
    expect(ids).toEqual([b.body.id]);
    expect(ids).not.toContain(a.body.id);
  });

  it('does not notify a creator who left the workspace', async () => {
    const member = await signUp(api);
    const b = browser();
    await subscribe(member, { endpoint: `${pushUrl}/send/member`, keys: b.keys }).expect(201);
    await api.app
      .get((await import('typeorm')).DataSource)
      .query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'member')`, [
        ws,
        member.id,
      ]);
    const task = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(member))
        .send({ prompt: 'mine', mode: 'ask', providerId: provider })
        .expect(201)
    ).body.id as string;
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${member.id}`).set(bearer(owner)).expect(204);
    await journal().setStatus(task, 'running');
    await journal().setStatus(task, 'completed');
    await new Promise((r) => setTimeout(r, 800));
    expect(forPath('/send/member')).toEqual([]);
  });
});
