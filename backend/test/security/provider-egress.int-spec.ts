import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createWorkspace, http, signUp, type Session } from '../clients.js';
import { FakeLlm } from '../fake-llm/server.mjs';
import { startWorker } from '../fake-llm/stack.js';
import { startApi, type TestApi } from '../harness.js';

/**
 * Issue 13, findings 4 and 5: a provider URL cannot reach the server's own network, and a
 * workspace admin cannot send the owner's key elsewhere. The API and worker run the default
 * egress policy with one exception, 127.0.0.2 (the "allowed host", where the fake LLM listens).
 */
describe('security: provider egress and keys', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let thief: Server;
  let redirector: Server;
  const stolen: string[] = [];
  let sysadmin: Session;
  let owner: Session;
  let admin: Session;
  let ws: string;

  const listen = async (s: Server) => {
    await new Promise<void>((r) => s.listen(0, '127.0.0.2', r));
    return `http://127.0.0.2:${(s.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    fake = new FakeLlm();
    await fake.start(0, '127.0.0.2');
    // The admin's own server, recording any Authorization header it receives.
    thief = createServer((req, res) => {
      stolen.push(`${req.headers.authorization ?? ''}`);
      res.writeHead(401).end();
    });
    redirector = createServer((_req, res) =>
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end(),
    );
    api = await startApi({
      LOG_LEVEL: 'silent',
      PROVIDER_EGRESS_ALLOW: '127.0.0.2/32',
      LLM_MAX_RETRIES: '0',
    });
    worker = await startWorker(api.config);
    sysadmin = await signUp(api);
    owner = await signUp(api);
    admin = await signUp(api);
    ws = await createWorkspace(api, owner, 'egress');
    await addMember(api, owner, ws, admin, 'admin');
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
    thief?.close();
    redirector?.close();
  });

  const create = (s: Session, baseUrl: string, apiKey = 'sk-owner-secret-123456') =>
    http(api)
      .post(`/api/v1/workspaces/${ws}/providers`)
      .set(bearer(s))
      .send({
        name: `p-${Math.random().toString(36).slice(2)}`,
        kind: 'openai',
        baseUrl,
        model: 'fake-model',
        apiKey,
      });
  const test = (s: Session, id: string) =>
    http(api).post(`/api/v1/workspaces/${ws}/providers/${id}/test`).set(bearer(s));

  it('works against an allowed host, from the worker', async () => {
    const id = (await create(owner, `${fake.url}/v1`).expect(201)).body.id;
    const r = await test(owner, id).expect(200);
    expect(r.body).toMatchObject({ ok: true });
  });

  it('refuses loopback, metadata and own-service URLs when saved (400 with the reason)', async () => {
    const refused: Record<string, RegExp> = {
      'http://127.0.0.1:9464/metrics#': /fragment/,
      'http://127.0.0.1:9464/v1': /127\.0\.0\.1 is a loopback address/,
      'http://[::1]:3000/v1': /loopback/,
      'http://169.254.169.254/latest/meta-data': /metadata/,
      'http://[fd00:ec2::254]/latest': /metadata/,
      'http://100.100.100.200/latest': /metadata/,
      'http://minio:9000/roo-files': /own services/,
      'http://tasks.api:3000/v1': /own services/,
      'http://10.0.0.5:11434/v1': /private address/,
    };
    for (const [url, why] of Object.entries(refused)) {
      const r = await create(owner, url);
      expect(r.status, url).toBe(400);
      expect(r.body.message, url).toMatch(why);
    }
  });

  it('refuses a name resolving to loopback at connect time (DNS is checked where the request is made)', async () => {
    const port = (fake.url.split(':').pop() ?? '').replace(/\D/g, '');
    const id = (await create(owner, `http://localhost:${port}/v1`).expect(201)).body.id;
    const r = await test(owner, id).expect(400);
    expect(r.body.message).toMatch(/localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
  });

  it('does not follow a redirect to another host, and echoes no body', async () => {
    const id = (await create(owner, `${await listen(redirector)}/v1`).expect(201)).body.id;
    const r = await test(owner, id).expect(400);
    expect(r.body.message).toMatch(/redirected \(307\) to another host \(169\.254\.169\.254\)/);
  });

  it("an admin cannot move the owner's key to another host; the owner can; re-entering the key works", async () => {
    const id = (await create(owner, `${fake.url}/v1`).expect(201)).body.id;
    const thiefUrl = `${await listen(thief)}/v1`;
    const moved = await http(api)
      .patch(`/api/v1/workspaces/${ws}/providers/${id}`)
      .set(bearer(admin))
      .send({ baseUrl: thiefUrl })
      .expect(400);
    expect(moved.body.message).toMatch(/needs the API key again/);
    await test(admin, id).expect(200);
    expect(stolen).toEqual([]);
    // Other fields stay editable by an admin.
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/providers/${id}`)
      .set(bearer(admin))
      .send({ model: 'm2' })
      .expect(200);
    // With their own key the admin may point it anywhere allowed: only their key travels.
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/providers/${id}`)
      .set(bearer(admin))
      .send({ baseUrl: thiefUrl, apiKey: 'sk-admins-own-key-0000' })
      .expect(200);
    const r = await test(admin, id).expect(200);
    expect(r.body.ok).toBe(false);
    expect(r.body.error).toMatch(/401/);
    expect(r.body.error).not.toMatch(/<|{/);
    expect(stolen).toEqual(['Bearer sk-admins-own-key-0000']);
    // The owner may move a profile and keep its key.
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/providers/${id}`)
      .set(bearer(owner))
      .send({ baseUrl: `${fake.url}/v1` })
      .expect(200);
  });

  it('audits provider create, update, delete and test', async () => {
    const id = (await create(owner, `${fake.url}/v1`).expect(201)).body.id;
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/providers/${id}`)
      .set(bearer(admin))
      .send({ model: 'm3' })
      .expect(200);
    await test(admin, id).expect(200);
    await http(api).delete(`/api/v1/workspaces/${ws}/providers/${id}`).set(bearer(admin)).expect(204);
    const page = await http(api).get('/api/v1/admin/audit?limit=100').set(bearer(sysadmin)).expect(200);
    const mine = (page.body.items as { action: string; target: string; actorId: string }[])
      .filter((e) => e.target === `${ws}/${id}`)
      .map((e) => [e.action, e.actorId]);
    expect(mine).toEqual(
      expect.arrayContaining([
        ['provider.created', owner.id],
        ['provider.updated', admin.id],
        ['provider.tested', admin.id],
        ['provider.deleted', admin.id],
      ]),
    );
  });
});
