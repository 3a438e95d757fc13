import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';

/** Issue 13 ("Also"): custom mode changes widen or narrow what tasks may do, so each is audited. */
describe('custom mode changes are audited', () => {
  let api: TestApi;
  let sysadmin: Session;
  let owner: Session;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    sysadmin = await signUp(api);
    owner = await signUp(api);
  });
  afterAll(() => api?.close());

  it('records create, update (with the groups before and after) and delete, with actor and IP', async () => {
    const ws = await createWorkspace(api, owner, 'modes');
    const base = `/api/v1/workspaces/${ws}/modes`;
    await http(api)
      .post(base)
      .set(bearer(owner))
      .send({ slug: 'docs', name: 'Docs', roleDefinition: 'You write docs.', groups: ['read'] })
      .expect(201);
    await http(api)
      .patch(`${base}/docs`)
      .set(bearer(owner))
      .send({ groups: ['read', 'edit'] })
      .expect(200);
    await http(api).delete(`${base}/docs`).set(bearer(owner)).expect(204);
    const page = await http(api).get('/api/v1/admin/audit?limit=100').set(bearer(sysadmin)).expect(200);
    const entries = (
      page.body.items as { action: string; target: string; actorId: string; ip: string; meta: object }[]
    ).filter((e) => e.target === `${ws}/docs`);
    expect(entries.map((e) => e.action).sort()).toEqual(['mode.created', 'mode.deleted', 'mode.updated']);
    expect(entries.every((e) => e.actorId === owner.id && e.ip === '127.0.0.1')).toBe(true);
    expect(entries.find((e) => e.action === 'mode.updated')?.meta).toMatchObject({
      groupsBefore: ['read'],
      groups: ['read', 'edit'],
    });
  });
});
