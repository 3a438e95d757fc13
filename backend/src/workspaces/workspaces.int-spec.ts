import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember as join, bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';
import type { Role } from './entities.js';

type Who = Role | 'outsider';

/** Expected status per caller for each endpoint: a viewer reads, a member writes files, an admin manages, an owner deletes. */
describe('workspace access matrix', () => {
  let api: TestApi;
  const users = {} as Record<Who, Session>;
  let ws: string;

  beforeAll(async () => {
    api = await startApi();
    for (const who of ['owner', 'admin', 'member', 'viewer', 'outsider'] as Who[])
      users[who] = await signUp(api, `m-${who}-${Date.now()}`);
    ws = (
      await http(api).post('/api/v1/workspaces').set(bearer(users.owner)).send({ name: 'matrix' }).expect(201)
    ).body.id;
    for (const role of ['admin', 'member', 'viewer'] as Role[])
      await join(api, users.owner, ws, users[role], role);
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=readme.md`)
      .set(bearer(users.owner))
      .send('hello')
      .expect(200);
  });
  afterAll(() => api.close());

  const cases: {
    name: string;
    call: (s: Session) => Promise<{ status: number }>;
    expect: Record<Who, number>;
  }[] = [
    {
      name: 'GET workspace',
      call: (s) => http(api).get(`/api/v1/workspaces/${ws}`).set(bearer(s)),
      expect: { owner: 200, admin: 200, member: 200, viewer: 200, outsider: 404 },
    },
    {
      name: 'GET members',
      call: (s) => http(api).get(`/api/v1/workspaces/${ws}/members`).set(bearer(s)),
      expect: { owner: 200, admin: 200, member: 200, viewer: 200, outsider: 404 },
    },
    {
      name: 'PATCH workspace',
      call: (s) => http(api).patch(`/api/v1/workspaces/${ws}`).set(bearer(s)).send({ description: 'x' }),
      expect: { owner: 200, admin: 200, member: 403, viewer: 403, outsider: 404 },
    },
    {
      name: 'list files',
      call: (s) => http(api).get(`/api/v1/workspaces/${ws}/files`).set(bearer(s)),
      expect: { owner: 200, admin: 200, member: 200, viewer: 200, outsider: 404 },
    },
    {
      name: 'download file',
      call: (s) => http(api).get(`/api/v1/workspaces/${ws}/files/content?path=readme.md`).set(bearer(s)),
      expect: { owner: 200, admin: 200, member: 200, viewer: 200, outsider: 404 },
    },
    {
      name: 'upload file',
      call: (s) =>
        http(api).put(`/api/v1/workspaces/${ws}/files/content?path=w.txt`).set(bearer(s)).send('x'),
      expect: { owner: 200, admin: 200, member: 200, viewer: 403, outsider: 404 },
    },
    {
      name: 'delete missing file',
      call: (s) => http(api).delete(`/api/v1/workspaces/${ws}/files?path=missing.txt`).set(bearer(s)),
      expect: { owner: 404, admin: 404, member: 404, viewer: 403, outsider: 404 },
    },
    {
      name: 'add member',
      call: (s) =>
        http(api)
          .post(`/api/v1/workspaces/${ws}/members`)
          .set(bearer(s))
          .send({ email: 'nobody@example.test', role: 'viewer' }),
      // An invitation, whether or not the account exists (finding 12 of issue 13).
      expect: { owner: 202, admin: 202, member: 403, viewer: 403, outsider: 404 },
    },
  ];

  for (const c of cases) {
    for (const who of ['owner', 'admin', 'member', 'viewer', 'outsider'] as Who[]) {
      it(`${c.name} as ${who} → ${c.expect[who]}`, async () => {
        expect((await c.call(users[who])).status).toBe(c.expect[who]);
      });
    }
  }

  it('lists only the workspaces the caller belongs to, with their role', async () => {
    const mine = await http(api).get('/api/v1/workspaces').set(bearer(users.viewer)).expect(200);
    expect(mine.body.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([[ws, 'viewer']]);
    const theirs = await http(api).get('/api/v1/workspaces').set(bearer(users.outsider)).expect(200);
    expect(theirs.body).toEqual([]);
  });
});

describe('workspace membership rules', () => {
  let api: TestApi;
  let owner: Session;
  let other: Session;
  beforeAll(async () => {
    api = await startApi();
    owner = await signUp(api);
    other = await signUp(api);
  });
  afterAll(() => api.close());

  const invite = (ws: string, role: string) =>
    http(api).post(`/api/v1/workspaces/${ws}/members`).set(bearer(owner)).send({ email: other.email, role });
  const addMember = (ws: string, role: 'viewer' | 'member' | 'admin' | 'owner') =>
    join(api, owner, ws, other, role);
  const newWs = async () =>
    (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'rules' }).expect(201)).body
      .id as string;

  it('the last owner can be neither demoted nor removed, but can once there is another owner', async () => {
    const ws = await newWs();
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/members/${owner.id}`)
      .set(bearer(owner))
      .send({ role: 'admin' })
      .expect(409);
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${owner.id}`).set(bearer(owner)).expect(409);
    await addMember(ws, 'owner');
    await http(api).delete(`/api/v1/workspaces/${ws}/members/${owner.id}`).set(bearer(owner)).expect(204);
    await http(api).get(`/api/v1/workspaces/${ws}`).set(bearer(owner)).expect(404);
  });

  it('an admin cannot grant or take the owner role', async () => {
    const ws = await newWs();
    await addMember(ws, 'admin');
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/members/${other.id}`)
      .set(bearer(other))
      .send({ role: 'owner' })
      .expect(403);
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/members/${owner.id}`)
      .set(bearer(other))
      .send({ role: 'viewer' })
      .expect(403);
  });

  it('rejects bad input with 400 and duplicates with 409', async () => {
    const ws = await newWs();
    await invite(ws, 'god').expect(400);
    await addMember(ws, 'viewer');
    await invite(ws, 'viewer').expect(409);
    await http(api)
      .post('/api/v1/workspaces')
      .set(bearer(owner))
      .send({ name: 'x', isAdmin: true })
      .expect(400);
    await http(api).get('/api/v1/workspaces/not-a-uuid').set(bearer(owner)).expect(400);
  });

  it('deleting a workspace removes it for every member, and only an owner may', async () => {
    const ws = await newWs();
    await addMember(ws, 'admin');
    await http(api).delete(`/api/v1/workspaces/${ws}`).set(bearer(other)).expect(403);
    await http(api).delete(`/api/v1/workspaces/${ws}`).set(bearer(owner)).expect(204);
    await http(api).get(`/api/v1/workspaces/${ws}`).set(bearer(other)).expect(404);
  });
});
