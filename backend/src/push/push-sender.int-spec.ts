import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/harness.js';
import type { RedisService } from '../redis/redis.service.js';
import type { PushSubscription } from './push-subscription.entity.js';
import { PushSender } from './push-sender.js';
import type { PushRepository } from './push.repository.js';
import { generateVapidKeys } from './vapid.js';

/**
 * A push service that accepts connections and never answers (not even the TLS handshake):
 * sends to it hang until their timeout. Stopping the worker must not wait for them.
 */
describe('push sender shutdown with a push service that never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let port = 0;

  beforeAll(async () => {
    server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  it('stops at once, even with sends queued on the silent origin', async () => {
    const marked: (string | null)[] = [];
    const repo = {
      markSent: async (_id: string, error: string | null) => void marked.push(error),
    } as unknown as PushRepository;
    const sender = new PushSender(
      testConfig({ VAPID_PRIVATE_KEY: generateVapidKeys().privateKey, PUSH_TRUSTED_HOSTS: '127.0.0.1' }),
      repo,
      {} as RedisService,
    );
    const keys = generateVapidKeys();
    const sub = (i: number) =>
      ({
        id: `sub-${i}`,
        endpoint: `https://127.0.0.1:${port}/send/${i}`,
        p256dh: keys.publicKey,
        auth: 'AAAAAAAAAAAAAAAAAAAAAA',
      }) as PushSubscription;
    const payload = { kind: 'completed', title: 't', taskId: 'x', workspaceId: 'y', url: '/' } as const;
    const sends = Array.from({ length: 20 }, (_, i) => sender.send(sub(i), payload));
    // Connected (or connecting) and waiting: nothing has been answered.
    for (let i = 0; i < 100 && sockets.size === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sockets.size).toBeGreaterThan(0);

    const started = Date.now();
    await sender.onModuleDestroy();
    // Waiting for the sends would take their 10 s timeout (or forever once they are queued).
    expect(Date.now() - started).toBeLessThan(2_000);
    // Every send ends as a failure of its own, none throws.
    expect(await Promise.all(sends)).toEqual(Array(20).fill('failed'));
    expect(marked).toHaveLength(20);
  }, 30_000);
});
