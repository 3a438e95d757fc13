import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, http, signUp, type Session } from '../../test/clients.js';
import { startApiReplica, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';

/** The membership cache never outlives a role change, on the replica that made it or any other. */
describe('membership cache across replicas', () => {
  let a: TestApi;
  let b: { app: { close(): Promise<void> }; url: string };
  let owner: Session;
  let other: Session;
  let ws: string;
  const onB = () => http({ url: b.url } as TestApi);

  beforeAll(async () => {
    a = await startApi({ LOG_LEVEL: 'silent', MEMBERSHIP_CACHE_TTL_MS: '60000' });
    b = await startApiReplica(a.config);
    owner = await signUp(a);
    other = await signUp(a);
    ws = (await http(a).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'cache' }).expect(201))
      .body.id;
    await addMember(a, owner, ws, other, 'admin');
  });
  afterAll(async () => {
    await b?.app.close();
    await a?.close();
  });

  it('applies a demotion and a removal at once on both replicas', async () => {
    // Both replicas have the admin role cached (TTL one minute).
    for (const api of [http(a), onB()])
      await api.patch(`/api/v1/workspaces/${ws}`).set(bearer(other)).send({ name: 'by admin' }).expect(200);

    await http(a)
      .patch(`/api/v1/workspaces/${ws}/members/${other.id}`)
      .set(bearer(owner))
      .send({ role: 'viewer' })
      .expect(200);
    await http(a).patch(`/api/v1/workspaces/${ws}`).set(bearer(other)).send({ name: 'x' }).expect(403);
    await waitFor(
      async () =>
        (await onB().patch(`/api/v1/workspaces/${ws}`).set(bearer(other)).send({ name: 'x' })).status === 403,
      2_000,
      'replica B to see the demotion',
    );

    await onB().get(`/api/v1/workspaces/${ws}`).set(bearer(other)).expect(200);
    await onB().delete(`/api/v1/workspaces/${ws}/members/${other.id}`).set(bearer(owner)).expect(204);
    await onB().get(`/api/v1/workspaces/${ws}`).set(bearer(other)).expect(404);
    await waitFor(
      async () => (await http(a).get(`/api/v1/workspaces/${ws}`).set(bearer(other))).status === 404,
      2_000,
      'replica A to see the removal',
    );
    expect((await http(a).get(`/api/v1/workspaces/${ws}/files`).set(bearer(other))).status).toBe(404);
  });
});
