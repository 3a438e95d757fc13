import request from 'supertest';
import { uniqueName, type TestApi } from './harness.js';

export interface Session {
  id: string;
  email: string;
  token: string;
  /** The `roo_refresh=…` cookie pair, ready for a Cookie header. */
  cookie: string;
}

export const PASSWORD = 'correct horse battery staple';

export function refreshCookie(res: request.Response): string {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const c = raw.find((h) => h.startsWith('roo_refresh='));
  if (!c) throw new Error(`no refresh cookie in ${JSON.stringify(raw)}`);
  return c.split(';')[0];
}

/** Registers a new user through the real endpoint. */
export async function signUp(api: TestApi, name = uniqueName('user')): Promise<Session> {
  const email = `${name}@example.test`;
  const res = await request(api.url)
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD, displayName: name })
    .expect(201);
  return { id: res.body.user.id, email, token: res.body.accessToken, cookie: refreshCookie(res) };
}

export const http = (api: TestApi) => request(api.url);
export const bearer = (s: Session) => ({ Authorization: `Bearer ${s.token}` });

/** A new workspace owned by `s`; returns its id. */
export async function createWorkspace(api: TestApi, s: Session, name = 'test'): Promise<string> {
  return (await request(api.url).post('/api/v1/workspaces').set(bearer(s)).send({ name }).expect(201)).body
    .id;
}

/** An OpenAI-kind provider profile pointing at a fake LLM server; returns its id. */
export async function createFakeProvider(
  api: TestApi,
  s: Session,
  ws: string,
  fakeUrl: string,
  apiKey = 'sk-fake-0123456789',
): Promise<string> {
  return (
    await request(api.url)
      .post(`/api/v1/workspaces/${ws}/providers`)
      .set(bearer(s))
      .send({ name: 'fake', kind: 'openai', baseUrl: `${fakeUrl}/v1`, model: 'fake-model', apiKey })
      .expect(201)
  ).body.id;
}

/** Makes `who` a member of `ws` the way a person does: invited by `by`, then accepted. */
export async function addMember(
  api: TestApi,
  by: Session,
  ws: string,
  who: Session,
  role: 'viewer' | 'member' | 'admin' | 'owner',
): Promise<void> {
  await request(api.url)
    .post(`/api/v1/workspaces/${ws}/members`)
    .set(bearer(by))
    .send({ email: who.email, role })
    .expect(202);
  const mine = await request(api.url).get('/api/v1/invitations').set(bearer(who)).expect(200);
  const inv = (mine.body as { id: string; workspaceId: string }[]).find((i) => i.workspaceId === ws);
  if (!inv) throw new Error(`no invitation to ${ws} for ${who.email}`);
  await request(api.url).post(`/api/v1/invitations/${inv.id}/accept`).set(bearer(who)).expect(200);
}
