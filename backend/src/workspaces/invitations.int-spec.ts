import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createWorkspace, http, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';

/** Issue 13, finding 12: adding a member by email is an invitation the invitee must accept. */
describe('workspace invitations', () => {
  let api: TestApi;
  let admin: Session; // the server's first user (reads the audit log)
  let attacker: Session;
  let victim: Session;

  beforeAll(async () => {
    api = await startApi({ LOG_LEVEL: 'silent' });
    admin = await signUp(api);
    attacker = await signUp(api);
    victim = await signUp(api);
  });
  afterAll(() => api?.close());

  const invite = (by: Session, ws: string, email: string, role = 'viewer') =>
    http(api).post(`/api/v1/workspaces/${ws}/members`).set(bearer(by)).send({ email, role });
  const myInvitations = async (s: Session) =>
    (await http(api).get('/api/v1/invitations').set(bearer(s)).expect(200)).body as {
      id: string;
      workspaceId: string;
      workspaceName: string;
      role: string;
    }[];
  const myWorkspaces = async (s: Session) =>
    ((await http(api).get('/api/v1/workspaces').set(bearer(s)).expect(200)).body as { id: string }[]).map(
      (w) => w.id,
    );

  it('answers the same whether or not the account exists, and reveals no name', async () => {
    const ws = await createWorkspace(api, attacker, 'Free money');
    const known = await invite(attacker, ws, victim.email);
    const unknown = await invite(attacker, ws, 'nobody-here@example.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    const shape = (b: Record<string, unknown>) => Object.keys(b).sort();
    expect(shape(known.body)).toEqual(shape(unknown.body));
    expect(JSON.stringify(known.body)).not.toContain(victim.id);
    expect(known.body).not.toHaveProperty('displayName');
    expect(known.body).not.toHaveProperty('userId');
    expect(known.body).toMatchObject({ status: 'invited', email: victim.email, role: 'viewer' });
  });

  it('the workspace appears only after the invitee accepts; declining leaves nothing', async () => {
    const ws = await createWorkspace(api, attacker, 'Accept me');
    await invite(attacker, ws, victim.email, 'member').expect(202);
    expect(await myWorkspaces(victim)).not.toContain(ws);
    await http(api).get(`/api/v1/workspaces/${ws}`).set(bearer(victim)).expect(404);
    const inv = (await myInvitations(victim)).find((i) => i.workspaceId === ws)!;
    expect(inv).toMatchObject({ workspaceName: 'Accept me', role: 'member' });

    // Only the invitee can answer it.
    await http(api).post(`/api/v1/invitations/${inv.id}/accept`).set(bearer(admin)).expect(404);
    const accepted = await http(api)
      .post(`/api/v1/invitations/${inv.id}/accept`)
      .set(bearer(victim))
      .expect(200);
    expect(accepted.body).toMatchObject({ id: ws, role: 'member' });
    expect(await myWorkspaces(victim)).toContain(ws);
    expect((await myInvitations(victim)).map((i) => i.workspaceId)).not.toContain(ws);
    await http(api).post(`/api/v1/invitations/${inv.id}/accept`).set(bearer(victim)).expect(404);

    const ws2 = await createWorkspace(api, attacker, 'Decline me');
    await invite(attacker, ws2, victim.email).expect(202);
    const inv2 = (await myInvitations(victim)).find((i) => i.workspaceId === ws2)!;
    await http(api).post(`/api/v1/invitations/${inv2.id}/decline`).set(bearer(victim)).expect(204);
    expect(await myWorkspaces(victim)).not.toContain(ws2);
    expect(await myInvitations(victim)).not.toContainEqual(expect.objectContaining({ workspaceId: ws2 }));
  });

  it('admins list and revoke pending invitations; an admin cannot invite an owner', async () => {
    const ws = await createWorkspace(api, attacker, 'Revoke');
    await invite(attacker, ws, victim.email, 'admin').expect(202);
    // Inviting again renews the one invitation.
    await invite(attacker, ws, victim.email, 'viewer').expect(202);
    const pending = (
      await http(api).get(`/api/v1/workspaces/${ws}/invitations`).set(bearer(attacker)).expect(200)
    ).body as { id: string; email: string; role: string }[];
    expect(pending).toEqual([expect.objectContaining({ email: victim.email, role: 'viewer' })]);
    await http(api).get(`/api/v1/workspaces/${ws}/invitations`).set(bearer(victim)).expect(404);
    await http(api)
      .delete(`/api/v1/workspaces/${ws}/invitations/${pending[0].id}`)
      .set(bearer(attacker))
      .expect(204);
    expect((await myInvitations(victim)).map((i) => i.workspaceId)).not.toContain(ws);

    const ws2 = await createWorkspace(api, attacker, 'Owners');
    await invite(attacker, ws2, admin.email, 'admin').expect(202);
    const inv = (await myInvitations(admin)).find((i) => i.workspaceId === ws2)!;
    await http(api).post(`/api/v1/invitations/${inv.id}/accept`).set(bearer(admin)).expect(200);
    await invite(admin, ws2, victim.email, 'owner').expect(403);
  });

  it('audits invitations and their answers', async () => {
    const page = await http(api).get('/api/v1/admin/audit?limit=100').set(bearer(admin)).expect(200);
    const actions = (page.body.items as { action: string }[]).map((e) => e.action);
    for (const a of [
      'workspace.member_invited',
      'workspace.invitation_accepted',
      'workspace.invitation_declined',
      'workspace.invitation_revoked',
    ])
      expect(actions, a).toContain(a);
  });
});
