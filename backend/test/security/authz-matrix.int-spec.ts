import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointsService } from '../../src/checkpoints/checkpoints.service.js';
import { SOCKET_EVENT_ACCESS, type Ack, type ClientToServerEvents } from '../../src/realtime/events.js';
import { TasksGateway } from '../../src/realtime/tasks.gateway.js';
import { generateVapidKeys } from '../../src/push/vapid.js';
import { TasksRepository } from '../../src/tasks/tasks.repository.js';
import { WorkcopyService } from '../../src/workcopy/workcopy.service.js';
import {
  addMember,
  bearer,
  createFakeProvider,
  createWorkspace,
  http,
  PASSWORD,
  signUp,
  type Session,
} from '../clients.js';
import { connect, startWorker } from '../fake-llm/stack.js';
import { GitServer } from '../git-server/server.mjs';
import { startApi, type TestApi } from '../harness.js';

/**
 * Authorization matrix generated from the OpenAPI document: every operation the API
 * serves must have a rule below (a new route without one fails the test), and every rule
 * is checked against every kind of caller:
 *   anonymous → 401 · outsider (owns another workspace) and system admin (not a member) → 404
 *   · a member below the route's role → 403 · at or above it → allowed (not 401/403/404).
 * Mutating routes are checked for allowed callers on a fresh workspace each, so one check
 * cannot hide another.
 */
type Role = 'viewer' | 'member' | 'admin' | 'owner';
type Need =
  | 'public'
  | 'user' // any signed-in user
  | 'sysadmin'
  | 'own' // the caller's own session/token: everyone else gets 404
  | Role;
type Actor = 'anonymous' | Role | 'outsider' | 'sysadmin';
const ACTORS: Actor[] = ['anonymous', 'viewer', 'member', 'admin', 'owner', 'outsider', 'sysadmin'];
const RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

interface World {
  ws: string;
  task: string;
  provider: string;
  slug: string;
  share: string;
  shareId: string;
  extra: string; // a viewer that member routes act on
  session: string; // the owner's session family id
  apiToken: string; // the owner's API token id
  wsInvitation: string; // a pending invitation of ws (to an address without an account)
  myInvitation: string; // a pending invitation of the owner to the outsider's workspace
  mcpServer: string; // an MCP server of ws (its URL does not resolve: discovery fails fast)
  pushSubscription: string; // a push subscription of the owner's browser
  /**
   * A completed task (inserted, never queued) that git and checkpoint routes act on: a
   * queued or running task is a 409 there, and the worker decides when the main one stops.
   */
  stopped: string;
  checkpoint: number; // a checkpoint seq of `stopped` (only with the 'checkpoint' fixture)
}
/**
 * What a world holds beyond the basics, for routes whose allowed callers would otherwise
 * get 404 for a missing resource: 'git' links ws to the test git server and imports its
 * branch, 'gitBranch' also commits and pushes `stopped`'s branch, 'checkpoint' records a
 * checkpoint of `stopped`. The shared world has all of them.
 */
type Fixture = 'git' | 'gitBranch' | 'checkpoint';
const ALL_FIXTURES: Fixture[] = ['git', 'gitBranch', 'checkpoint'];
interface Rule {
  need: Need;
  /** Fixtures a fresh world needs for this (mutating) route. */
  fixtures?: Fixture[];
  body?: (w: World) => unknown;
  raw?: { type: string; data: string | Buffer };
  query?: (w: World) => string;
}

const file = () => ({ type: 'text/plain', data: 'hello' });
/** A browser's push subscription (a real P-256 key; the endpoint is never called here). */
const browserKey = generateVapidKeys().publicKey;
let pushEndpoints = 0;
const pushSubscription = () => ({
  endpoint: `https://push.example.test/send/${++pushEndpoints}`,
  keys: { p256dh: browserKey, auth: 'AAAAAAAAAAAAAAAAAAAAAA' },
  deviceLabel: 'matrix',
});
const GIT_TOKEN = 'ghp_MatrixToken0123456789abcdef';
const RULES: Record<string, Rule> = {
  'GET /health/live': { need: 'public' },
  'GET /health/ready': { need: 'public' },
  'POST /api/v1/auth/register': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/login': {
    need: 'public',
    body: () => ({ email: 'nobody@example.test', password: 'x'.repeat(12) }),
  },
  'POST /api/v1/auth/refresh': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/logout': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/logout-all': { need: 'user' },
  'GET /api/v1/auth/me': { need: 'user' },
  'GET /api/v1/auth/sessions': { need: 'user' },
  'DELETE /api/v1/auth/sessions/{id}': { need: 'own' },
  'GET /api/v1/auth/tokens': { need: 'user' },
  'POST /api/v1/auth/tokens': { need: 'user', body: () => ({ name: 'ci', scopes: ['read'] }) },
  'DELETE /api/v1/auth/tokens/{id}': { need: 'own' },
  'POST /api/v1/auth/invites': { need: 'sysadmin', body: () => ({}) },
  // Mail flows (account/): no SMTP in this world, so bodies are invalid on purpose (400, never 5xx).
  'GET /api/v1/auth/capabilities': { need: 'public' },
  'POST /api/v1/auth/password/forgot': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/password/reset': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/email/verify/request': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/email/verify': { need: 'public', body: () => ({ token: 'roo_mail_unknown' }) },
  'GET /api/v1/account/security': { need: 'user' },
  'PATCH /api/v1/account/notifications': { need: 'user', body: () => ({ taskWaiting: false }) },
  // Second factors (auth/mfa): wrong codes and passwords are 400/401 by design, never 5xx.
  'POST /api/v1/auth/mfa/verify': { need: 'public', body: () => ({}) },
  'POST /api/v1/auth/passkeys/options': { need: 'public' },
  'POST /api/v1/auth/passkeys/verify': { need: 'public', body: () => ({}) },
  'POST /api/v1/account/totp/setup': { need: 'user' },
  'POST /api/v1/account/totp/confirm': { need: 'user', body: () => ({ code: '000000' }) },
  'POST /api/v1/account/totp/disable': { need: 'user', body: () => ({ password: 'not the password' }) },
  'POST /api/v1/account/recovery-codes': { need: 'user', body: () => ({ password: 'not the password' }) },
  'POST /api/v1/account/passkeys/options': { need: 'user' },
  'POST /api/v1/account/passkeys': { need: 'user', body: () => ({ response: {} }) },
  // Scoped to the caller's own passkeys and idempotent: an unknown or foreign id deletes nothing (204).
  'DELETE /api/v1/account/passkeys/{id}': { need: 'user' },
  // Account lifecycle (account/): a wrong current password is 400; admin actions target the extra viewer.
  'POST /api/v1/account/password': {
    need: 'user',
    body: () => ({ currentPassword: 'not the password', newPassword: 'x'.repeat(12) }),
  },
  'GET /api/v1/admin/users': { need: 'sysadmin' },
  'POST /api/v1/admin/users/{userId}/disable': { need: 'sysadmin' },
  'POST /api/v1/admin/users/{userId}/enable': { need: 'sysadmin' },
  'POST /api/v1/admin/users/{userId}/sign-out': { need: 'sysadmin' },
  'POST /api/v1/admin/users/{userId}/reset-2fa': { need: 'sysadmin' },
  'GET /api/v1/admin/audit': { need: 'sysadmin' },
  'GET /api/v1/workspaces': { need: 'user' },
  'POST /api/v1/workspaces': { need: 'user', body: () => ({ name: 'another' }) },
  'GET /api/v1/workspaces/{ws}': { need: 'viewer' },
  'PATCH /api/v1/workspaces/{ws}': { need: 'admin', body: () => ({ name: 'renamed' }) },
  'DELETE /api/v1/workspaces/{ws}': { need: 'owner' },
  'GET /api/v1/workspaces/{ws}/members': { need: 'viewer' },
  'POST /api/v1/workspaces/{ws}/members': {
    need: 'admin',
    body: () => ({ email: 'sysadmin@example.test', role: 'viewer' }),
  },
  'PATCH /api/v1/workspaces/{ws}/members/{userId}': { need: 'admin', body: () => ({ role: 'member' }) },
  'DELETE /api/v1/workspaces/{ws}/members/{userId}': { need: 'admin' },
  'GET /api/v1/workspaces/{ws}/invitations': { need: 'admin' },
  'DELETE /api/v1/workspaces/{ws}/invitations/{id}': { need: 'admin' },
  'GET /api/v1/invitations': { need: 'user' },
  // Only the invitee (here: the owner) may answer an invitation; anyone else gets 404.
  'POST /api/v1/invitations/{id}/accept': { need: 'own' },
  'POST /api/v1/invitations/{id}/decline': { need: 'own' },
  'GET /api/v1/workspaces/{ws}/files': { need: 'viewer' },
  'DELETE /api/v1/workspaces/{ws}/files': { need: 'member', query: () => 'path=README.md' },
  'GET /api/v1/workspaces/{ws}/files/stat': { need: 'viewer', query: () => 'path=README.md' },
  'GET /api/v1/workspaces/{ws}/files/content': { need: 'viewer', query: () => 'path=README.md' },
  'PUT /api/v1/workspaces/{ws}/files/content': { need: 'member', query: () => 'path=new.txt', raw: file() },
  'GET /api/v1/workspaces/{ws}/files/url': { need: 'viewer', query: () => 'path=README.md' },
  'GET /api/v1/workspaces/{ws}/files/export': { need: 'viewer', query: () => 'format=zip' },
  'POST /api/v1/workspaces/{ws}/files/export-link': { need: 'viewer', body: () => ({ format: 'zip' }) },
  // The link's token is the credential; an unknown one (here a share token) is 410.
  'GET /api/v1/exports/{token}': { need: 'public' },
  'POST /api/v1/workspaces/{ws}/files/move': {
    need: 'member',
    body: () => ({ from: 'README.md', to: 'MOVED.md' }),
  },
  'POST /api/v1/workspaces/{ws}/files/import': {
    need: 'member',
    query: () => 'prefix=imp/',
    raw: { type: 'application/zip', data: Buffer.from('not a zip') },
  },
  'GET /api/v1/workspaces/{ws}/providers': { need: 'viewer' },
  'POST /api/v1/workspaces/{ws}/providers': {
    need: 'admin',
    body: () => ({
      name: 'p2',
      kind: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'm',
      apiKey: 'sk-0123456789abcdef',
    }),
  },
  'GET /api/v1/workspaces/{ws}/providers/{id}': { need: 'viewer' },
  'PATCH /api/v1/workspaces/{ws}/providers/{id}': { need: 'admin', body: () => ({ model: 'm2' }) },
  'DELETE /api/v1/workspaces/{ws}/providers/{id}': { need: 'admin' },
  'POST /api/v1/workspaces/{ws}/providers/{id}/test': { need: 'member' },
  'GET /api/v1/workspaces/{ws}/modes': { need: 'viewer' },
  'POST /api/v1/workspaces/{ws}/modes': {
    need: 'admin',
    body: () => ({ slug: 'reviewer2', name: 'Reviewer 2', roleDefinition: 'You review.', groups: ['read'] }),
  },
  'PATCH /api/v1/workspaces/{ws}/modes/{slug}': { need: 'admin', body: () => ({ name: 'Renamed' }) },
  'DELETE /api/v1/workspaces/{ws}/modes/{slug}': { need: 'admin' },
  'POST /api/v1/workspaces/{ws}/modes/import': {
    need: 'admin',
    body: () => ({
      content: 'customModes:\n  - {slug: imported, name: I, roleDefinition: r, groups: [read]}',
    }),
  },
  'GET /api/v1/workspaces/{ws}/modes/export': { need: 'viewer' },
  'GET /api/v1/workspaces/{ws}/budget': { need: 'viewer' },
  'PUT /api/v1/workspaces/{ws}/budget': { need: 'admin', body: () => ({ monthlyLimitUsd: 100 }) },
  'GET /api/v1/workspaces/{ws}/usage': { need: 'viewer' },
  'GET /api/v1/workspaces/{ws}/tasks': { need: 'viewer' },
  'POST /api/v1/workspaces/{ws}/tasks': {
    need: 'member',
    body: (w) => ({ prompt: 'hi', mode: 'ask', providerId: w.provider }),
  },
  'GET /api/v1/tasks/{id}': { need: 'viewer' },
  // Admin+ or the task's creator (the owner created it).
  'DELETE /api/v1/tasks/{id}': { need: 'admin' },
  'GET /api/v1/tasks/{id}/messages': { need: 'viewer' },
  'POST /api/v1/tasks/{id}/respond': { need: 'member', body: () => ({ response: 'answer', text: 'yes' }) },
  'POST /api/v1/tasks/{id}/cancel': { need: 'member' },
  'POST /api/v1/tasks/{id}/resume': { need: 'member', body: () => ({ text: 'go on' }) },
  'POST /api/v1/tasks/{id}/messages': { need: 'member', body: () => ({ text: 'also this' }) },
  'PUT /api/v1/tasks/{id}/todos': { need: 'member', body: () => ({ todos: '[ ] one' }) },
  // History export (Markdown, Roo's JSON files) and import of a Roo/Zoo history as a read-only task.
  'GET /api/v1/tasks/{id}/export': { need: 'viewer', query: () => 'format=ui_messages' },
  'POST /api/v1/workspaces/{ws}/tasks/import': {
    need: 'member',
    raw: {
      type: 'application/json',
      data: JSON.stringify({ uiMessages: [{ ts: 1, type: 'say', say: 'text', text: 'imported' }] }),
    },
  },
  'POST /api/v1/tasks/{id}/share': { need: 'member', body: () => ({ expiresInHours: 1 }) },
  'GET /api/v1/shared/{token}': { need: 'public' },
  'GET /api/v1/tasks/{id}/shares': { need: 'member' },
  'GET /api/v1/workspaces/{ws}/shares': { need: 'member' },
  // Admin+ or the link's creator (the owner created it).
  'DELETE /api/v1/shares/{id}': { need: 'admin' },
  'GET /api/v1/workspaces/{ws}/mcp-servers': { need: 'viewer' },
  'POST /api/v1/workspaces/{ws}/mcp-servers': {
    need: 'admin',
    body: () => ({ name: 'tools2', url: 'https://mcp.example.invalid/mcp' }),
  },
  'GET /api/v1/workspaces/{ws}/mcp-servers/{id}': { need: 'viewer' },
  'PATCH /api/v1/workspaces/{ws}/mcp-servers/{id}': { need: 'admin', body: () => ({ enabled: false }) },
  'DELETE /api/v1/workspaces/{ws}/mcp-servers/{id}': { need: 'admin' },
  'POST /api/v1/workspaces/{ws}/mcp-servers/{id}/refresh': { need: 'admin' },
  // Web Push opt-in: the caller's own browsers only.
  'GET /api/v1/push/config': { need: 'user' },
  'GET /api/v1/push/subscriptions': { need: 'user' },
  'POST /api/v1/push/subscriptions': { need: 'user', body: () => pushSubscription() },
  'DELETE /api/v1/push/subscriptions/{id}': { need: 'own' },
  'GET /api/v1/workspaces/{ws}/command-settings': { need: 'viewer' },
  'PUT /api/v1/workspaces/{ws}/command-settings': {
    need: 'admin',
    body: () => ({ allowedCommands: ['npm test'], deniedCommands: ['rm'], egress: 'none' }),
  },
  // External sign-in: a GitHub provider is configured (start only builds the URL, no
  // request leaves; a callback with an unknown state is a 400).
  'GET /api/v1/auth/providers': { need: 'public' },
  'GET /api/v1/auth/oidc/{provider}/start': { need: 'public' },
  'GET /api/v1/auth/oidc/{provider}/callback': { need: 'public', query: () => 'code=x&state=y' },
  'GET /api/v1/workspaces/{ws}/git': { need: 'viewer' },
  // The host does not resolve: an allowed caller gets 400 and nothing is linked.
  'PUT /api/v1/workspaces/{ws}/git': {
    need: 'admin',
    body: () => ({ url: 'https://git.example.invalid/acme/app.git', token: 'ghp_0123456789abcdef' }),
  },
  'DELETE /api/v1/workspaces/{ws}/git': { need: 'admin', fixtures: ['git'] },
  'POST /api/v1/workspaces/{ws}/git/import': { need: 'member', body: () => ({}), fixtures: ['git'] },
  'GET /api/v1/tasks/{id}/git': { need: 'viewer' },
  'POST /api/v1/tasks/{id}/git/branch': { need: 'member', body: () => ({}), fixtures: ['git'] },
  'POST /api/v1/tasks/{id}/git/commit': {
    need: 'member',
    body: () => ({ message: 'matrix' }),
    fixtures: ['git'],
  },
  // No forge on a 127.0.0.1 remote: an allowed caller gets 400, no request leaves.
  'POST /api/v1/tasks/{id}/git/pull-request': {
    need: 'member',
    body: () => ({ title: 'matrix' }),
    fixtures: ['gitBranch'],
  },
  'GET /api/v1/tasks/{id}/git/diff': { need: 'viewer' },
  'GET /api/v1/tasks/{id}/checkpoints': { need: 'viewer' },
  'GET /api/v1/tasks/{id}/checkpoints/{seq}/diff': { need: 'viewer' },
  'POST /api/v1/tasks/{id}/checkpoints/{seq}/restore': {
    need: 'member',
    body: () => ({ path: 'README.md' }),
    fixtures: ['checkpoint'],
  },
};

/**
 * Socket.IO `/tasks` events, judged like the routes: the same role as the REST route
 * doing the same thing, and `writes` like a non-GET method (a read-only API token gets
 * 403). Every event the gateway handles needs a row here.
 */
type SocketEvent = keyof ClientToServerEvents;
const SOCKET_RULES: Record<SocketEvent, { need: Need; writes: boolean; body: (w: World) => unknown }> = {
  // Like GET /tasks/{id}/messages.
  'task:subscribe': { need: 'viewer', writes: false, body: (w) => ({ taskId: w.task, afterSeq: 0 }) },
  // Leaving a room reveals and changes nothing.
  'task:unsubscribe': { need: 'user', writes: false, body: (w) => ({ taskId: w.task }) },
  // Like POST /tasks/{id}/respond.
  'task:respond': {
    need: 'member',
    writes: true,
    body: (w) => ({ taskId: w.task, response: 'answer', text: 'yes' }),
  },
  // Like POST /tasks/{id}/messages.
  'task:send': {
    need: 'member',
    writes: true,
    body: (w) => ({ taskId: w.task, text: 'also this' }),
  },
  // Like GET /workspaces/{ws}/tasks.
  'workspace:subscribe': { need: 'viewer', writes: false, body: (w) => ({ workspaceId: w.ws }) },
  // Leaving a room reveals and changes nothing.
  'workspace:unsubscribe': { need: 'user', writes: false, body: (w) => ({ workspaceId: w.ws }) },
};
/** Socket callers: the REST actors plus API tokens (the owner's read-only and read-write ones, a viewer's read-write one). */
type SocketActor = Actor | 'ownerReadToken' | 'ownerWriteToken' | 'viewerWriteToken';
const SOCKET_ACTORS: SocketActor[] = [...ACTORS, 'ownerReadToken', 'ownerWriteToken', 'viewerWriteToken'];

describe('security: authorization matrix (OpenAPI routes × callers)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  const gitServer = new GitServer({ token: GIT_TOKEN });
  let gitRemote = '';
  let ops: { method: string; path: string; key: string }[] = [];
  const s = {} as Record<Exclude<Actor, 'anonymous'> | 'extra', Session>;

  beforeAll(async () => {
    await gitServer.start();
    gitServer.createRepo('acme/matrix.git', { 'app.txt': 'upstream\n' });
    gitRemote = `${gitServer.url}/acme/matrix.git`;
    api = await startApi({
      LOG_LEVEL: 'silent',
      VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
      GIT_TRUSTED_HOSTS: gitServer.hostPort,
      AUTH_PROVIDERS: JSON.stringify([
        { id: 'gh', kind: 'github', clientId: 'matrix-client', clientSecret: 'matrix-secret-0123456789' },
      ]),
    });
    // Provider connection tests run in a worker (the API never calls provider URLs itself).
    worker = await startWorker(api.config);
    // The first account becomes the system admin.
    s.sysadmin = await signUp(api, 'sysadmin');
    for (const a of ['owner', 'admin', 'member', 'viewer', 'outsider', 'extra'] as const)
      s[a] = await signUp(api);
    await http(api)
      .post('/api/v1/workspaces')
      .set(bearer(s.outsider))
      .send({ name: 'elsewhere' })
      .expect(201);
    const doc = (await http(api).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path, key: `${m.toUpperCase()} ${path}` })),
    );
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await gitServer.close();
  });

  async function world(withSession = false, fixtures: Fixture[] = []): Promise<World> {
    const o = bearer(s.owner);
    const ws = (await http(api).post('/api/v1/workspaces').set(o).send({ name: 'matrix' }).expect(201)).body
      .id;
    for (const role of ['admin', 'member', 'viewer'] as const)
      await addMember(api, s.owner, ws, s[role], role);
    await addMember(api, s.owner, ws, s.extra, 'viewer');
    await http(api)
      .post(`/api/v1/workspaces/${ws}/members`)
      .set(o)
      .send({ email: 'pending@example.test', role: 'viewer' })
      .expect(202);
    const wsInvitation = (await http(api).get(`/api/v1/workspaces/${ws}/invitations`).set(o).expect(200))
      .body[0].id as string;
    const elsewhere = await createWorkspace(api, s.outsider, 'inviting');
    await http(api)
      .post(`/api/v1/workspaces/${elsewhere}/members`)
      .set(bearer(s.outsider))
      .send({ email: s.owner.email, role: 'viewer' })
      .expect(202);
    const myInvitation = (
      (await http(api).get('/api/v1/invitations').set(o).expect(200)).body as {
        id: string;
        workspaceId: string;
      }[]
    ).find((i) => i.workspaceId === elsewhere)!.id;
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=README.md`)
      .set(o)
      .set('content-type', 'text/plain')
      .send('# hi')
      .expect(200);
    const provider = await createFakeProvider(api, s.owner, ws, 'http://127.0.0.1:9', 'sk-0123456789abcdef');
    await http(api)
      .post(`/api/v1/workspaces/${ws}/modes`)
      .set(o)
      .send({ slug: 'reviewer', name: 'Reviewer', roleDefinition: 'You review.', groups: ['read'] })
      .expect(201);
    const task = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(o)
        .send({ prompt: 'hi', mode: 'ask', providerId: provider })
        .expect(201)
    ).body.id;
    const { token: share, id: shareId } = (
      await http(api).post(`/api/v1/tasks/${task}/share`).set(o).send({ expiresInHours: 1 }).expect(201)
    ).body;
    let session = '00000000-0000-4000-8000-000000000000';
    if (withSession) {
      const login = await http(api)
        .post('/api/v1/auth/login')
        .send({ email: s.owner.email, password: PASSWORD })
        .expect(200);
      const sessions = await http(api)
        .get('/api/v1/auth/sessions')
        .set(bearer({ ...s.owner, token: login.body.accessToken }));
      session = sessions.body.find((x: { current: boolean }) => x.current).id;
    }
    const apiToken = (
      await http(api)
        .post('/api/v1/auth/tokens')
        .set(o)
        .send({ name: 't', scopes: ['read'] })
        .expect(201)
    ).body.id;
    const mcpServer = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/mcp-servers`)
        .set(o)
        .send({ name: 'tools', url: 'https://mcp.example.invalid/mcp' })
        .expect(201)
    ).body.id as string;
    const pushSub = (
      await http(api).post('/api/v1/push/subscriptions').set(o).send(pushSubscription()).expect(201)
    ).body.id as string;
    const { task: stopped } = await api.app.get(TasksRepository).insertTask(
      {
        workspaceId: ws,
        createdBy: s.owner.id,
        parentId: null,
        mode: 'code',
        providerId: provider,
        status: 'completed',
        prompt: 'done',
        title: 'done',
        autoApprove: {},
      },
      { type: 'say', say: 'text', text: 'done', meta: { role: 'user' } },
    );
    if (fixtures.includes('git') || fixtures.includes('gitBranch')) {
      await http(api)
        .put(`/api/v1/workspaces/${ws}/git`)
        .set(o)
        .send({ url: gitRemote, token: GIT_TOKEN })
        .expect(200);
      await http(api).post(`/api/v1/workspaces/${ws}/git/import`).set(o).send({}).expect(200);
    }
    if (fixtures.includes('gitBranch'))
      // README.md is not upstream: the branch gets a commit.
      await http(api)
        .post(`/api/v1/tasks/${stopped.id}/git/commit`)
        .set(o)
        .send({ message: 'matrix' })
        .expect(200);
    let checkpoint = 1;
    if (fixtures.includes('checkpoint')) {
      const copies = api.app.get(WorkcopyService);
      const checkpoints = api.app.get(CheckpointsService);
      const copy = await copies.materialise(stopped);
      try {
        const recorded = await checkpoints.record(copy, 'step', 'start');
        if (!recorded) throw new Error('the checkpoint fixture was not recorded (see the API log)');
        checkpoint = recorded.seq;
      } finally {
        await copies.remove(copy);
        await checkpoints.release(stopped.id);
      }
    }
    return {
      pushSubscription: pushSub,
      ws,
      task,
      provider,
      slug: 'reviewer',
      share,
      shareId,
      extra: s.extra.id,
      session,
      apiToken,
      wsInvitation,
      myInvitation,
      mcpServer,
      stopped: stopped.id,
      checkpoint,
    };
  }

  function call(op: { method: string; path: string }, rule: Rule, w: World, actor: Actor) {
    const path =
      op.path
        .replace('{ws}', w.ws)
        .replace('{userId}', w.extra)
        .replace('{slug}', w.slug)
        .replace('{token}', w.share)
        .replace('{provider}', 'gh')
        .replace('{seq}', String(w.checkpoint))
        .replace('mcp-servers/{id}', `mcp-servers/${w.mcpServer}`)
        .replace('push/subscriptions/{id}', `push/subscriptions/${w.pushSubscription}`)
        .replace(/^\/api\/v1\/tasks\/\{id\}\/(git|checkpoints)/, `/api/v1/tasks/${w.stopped}/$1`)
        .replace(
          '{id}',
          op.path.includes('/providers/')
            ? w.provider
            : op.path.startsWith('/api/v1/invitations/')
              ? w.myInvitation
              : op.path.includes('/invitations/')
                ? w.wsInvitation
                : op.path.includes('/sessions/')
                  ? w.session
                  : op.path.includes('/auth/tokens/')
                    ? w.apiToken
                    : op.path.startsWith('/api/v1/shares/')
                      ? w.shareId
                      : w.task,
        ) + (rule.query ? `?${rule.query(w)}` : '');
    let req = http(api)[op.method.toLowerCase() as 'get'](path);
    if (actor !== 'anonymous') req = req.set(bearer(s[actor]));
    if (rule.raw) req = req.set('content-type', rule.raw.type).send(rule.raw.data);
    else if (rule.body) req = req.send(rule.body(w) as object);
    return req;
  }

  function expected(need: Need, actor: Actor): 'allowed' | 401 | 403 | 404 {
    if (need === 'public') return 'allowed';
    if (actor === 'anonymous') return 401;
    if (need === 'user') return 'allowed';
    if (need === 'sysadmin') return actor === 'sysadmin' ? 'allowed' : 403;
    if (need === 'own') return actor === 'owner' ? 'allowed' : 404;
    if (actor === 'outsider' || actor === 'sysadmin') return 404;
    return RANK[actor] >= RANK[need] ? 'allowed' : 403;
  }

  function expectedSocket(event: SocketEvent, actor: SocketActor): ReturnType<typeof expected> {
    const rule = SOCKET_RULES[event];
    if (actor === 'ownerReadToken' || actor === 'ownerWriteToken' || actor === 'viewerWriteToken') {
      const byRole = expected(rule.need, actor === 'viewerWriteToken' ? 'viewer' : 'owner');
      if (byRole !== 'allowed') return byRole;
      return actor === 'ownerReadToken' && rule.writes ? 403 : 'allowed';
    }
    return expected(rule.need, actor);
  }

  it('has a rule for every socket event the gateway handles (and no stale rule)', () => {
    const proto = TasksGateway.prototype as unknown as Record<string, unknown>;
    const handled = Object.getOwnPropertyNames(proto)
      .map((name) => Object.getOwnPropertyDescriptor(proto, name)?.value as unknown)
      .filter((fn): fn is object => typeof fn === 'function')
      .map((fn) => Reflect.getMetadata(MESSAGE_METADATA, fn) as string | undefined)
      .filter((e): e is string => typeof e === 'string')
      .sort();
    expect(handled.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(SOCKET_RULES).sort()).toEqual(handled);
    // The gateway's scope table agrees with the rules (and refuses any event not in it).
    expect(Object.keys(SOCKET_EVENT_ACCESS).sort()).toEqual(handled);
    for (const e of handled as SocketEvent[])
      expect(SOCKET_EVENT_ACCESS[e], e).toBe(SOCKET_RULES[e].writes ? 'write' : 'read');
  });

  it('answers every socket event × caller (roles and API-token scopes) as the rules say', async () => {
    const w = await world();
    // Fresh sign-ins of their own, whatever other checks do to the callers' sessions.
    const tokens = {} as Record<SocketActor, string>;
    tokens.anonymous = '';
    for (const a of ACTORS.filter((x): x is Exclude<Actor, 'anonymous'> => x !== 'anonymous')) {
      tokens[a] = (
        await http(api).post('/api/v1/auth/login').send({ email: s[a].email, password: PASSWORD }).expect(200)
      ).body.accessToken;
    }
    const mint = async (who: Session, token: string, scopes: string[]) =>
      (
        await http(api)
          .post('/api/v1/auth/tokens')
          .set(bearer({ ...who, token }))
          .send({ name: 'matrix', scopes })
          .expect(201)
      ).body.token as string;
    tokens.ownerReadToken = await mint(s.owner, tokens.owner, ['read']);
    tokens.ownerWriteToken = await mint(s.owner, tokens.owner, ['read', 'write']);
    tokens.viewerWriteToken = await mint(s.viewer, tokens.viewer, ['read', 'write']);

    const failures: string[] = [];
    let checks = 0;
    for (const actor of SOCKET_ACTORS) {
      let socket: Socket | undefined;
      let refusedWith = '';
      try {
        socket = await connect(api.url, tokens[actor]);
      } catch (e) {
        refusedWith = (e as Error).message;
      }
      try {
        for (const event of Object.keys(SOCKET_RULES) as SocketEvent[]) {
          const want = expectedSocket(event, actor);
          checks++;
          if (!socket) {
            // Refused at the handshake: the socket equivalent of 401.
            if (want !== 401 || refusedWith !== 'unauthorized')
              failures.push(`${event} as ${actor}: want ${want}, handshake refused (${refusedWith})`);
            continue;
          }
          const ack = (await socket.timeout(5_000).emitWithAck(event, SOCKET_RULES[event].body(w))) as Ack;
          const ok =
            want === 'allowed'
              ? ack.ok ||
                (ack.statusCode !== undefined &&
                  ack.statusCode < 500 &&
                  ![401, 403, 404].includes(ack.statusCode))
              : !ack.ok && ack.statusCode === want;
          if (!ok) failures.push(`${event} as ${actor}: want ${want}, got ${JSON.stringify(ack)}`);
        }
      } finally {
        socket?.disconnect();
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBe(SOCKET_ACTORS.length * Object.keys(SOCKET_RULES).length);
  }, 60_000);

  it('has a rule for every route the API serves (and no stale rule)', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(ops.map((o) => o.key).filter((k) => !RULES[k])).toEqual([]);
    expect(Object.keys(RULES).filter((k) => !ops.some((o) => o.key === k))).toEqual([]);
  });

  it('answers every route × caller as the rules say', async () => {
    const shared = await world(true, ALL_FIXTURES);
    const failures: string[] = [];
    let checks = 0;
    const judge = (
      op: { key: string },
      actor: Actor,
      want: ReturnType<typeof expected>,
      res: request.Response,
    ) => {
      checks++;
      // Public credential endpoints may say 401 to a bad credential; nothing may say 5xx.
      const ok =
        want === 'allowed'
          ? res.status < 500 &&
            ![403, 404].includes(res.status) &&
            (RULES[op.key].need === 'public' || res.status !== 401)
          : res.status === want;
      if (!ok)
        failures.push(`${op.key} as ${actor}: want ${want}, got ${res.status} ${JSON.stringify(res.body)}`);
    };
    for (const op of ops) {
      const rule = RULES[op.key];
      if (!rule) continue;
      const mutating = op.method !== 'GET';
      // Denied callers first, on the shared world: they must change nothing.
      for (const actor of ACTORS) {
        const want = expected(rule.need, actor);
        if (want === 'allowed') continue;
        judge(op, actor, want, await call(op, rule, shared, actor));
      }
      const allowed = ACTORS.filter((a) => expected(rule.need, a) === 'allowed');
      // Reads: every allowed caller on the shared world. Writes: the lowest and the highest
      // allowed caller, each on a fresh world.
      const picks = mutating ? [...new Set([allowed[0], allowed.at(-1)!])].filter(Boolean) : allowed;
      for (const actor of picks) {
        const w =
          mutating && rule.need !== 'public' ? await world(rule.need === 'own', rule.fixtures) : shared;
        judge(op, actor, 'allowed', await call(op, rule, w, actor));
      }
    }
    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(250);
    // ~60 fresh worlds (users, invitations, git and checkpoint fixtures) at 2-10 s each on
    // 2 busy cores: it passed in 50 s alone and ran past 240 s in a full clean-clone run.
  }, 480_000);
});
