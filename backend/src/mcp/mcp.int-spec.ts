import type { INestApplicationContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, http, signUp, type Session } from '../../test/clients.js';
import {
  FakeLlm,
  lastToolResult,
  toolResultsIn,
  type FakeRequest,
  type FakeTurn,
} from '../../test/fake-llm/server.mjs';
import { startWorker, waitFor } from '../../test/fake-llm/stack.js';
import { startApi, type TestApi } from '../../test/harness.js';
import { README_TEXT, TestMcpServer } from '../../test/mcp-server/server.mjs';

const TOKEN = 'mcp-secret-token-0123456789';
const TIMEOUT_MS = 1500;

type Body = FakeRequest['body'];
const promptOf = (body: Body) => {
  const user = (body.messages ?? []).find((m: { role: string }) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : JSON.stringify(user?.content ?? '');
};
const systemOf = (body: Body) => {
  const sys = (body.messages ?? []).find((m: { role: string }) => m.role === 'system');
  return typeof sys?.content === 'string' ? sys.content : '';
};
const toolNamesOf = (body: Body) =>
  ((body.tools ?? []) as { function?: { name: string } }[]).map((t) => t.function?.name);
const done = (result: string) => ({ toolCalls: [{ name: 'attempt_completion', input: { result } }] });
const mcpTool = (server: string, tool: string, args?: unknown) => ({
  toolCalls: [
    {
      name: 'use_mcp_tool',
      input: { server_name: server, tool_name: tool, ...(args !== undefined ? { arguments: args } : {}) },
    },
  ],
});

/** One scripted model per prompt keyword; the step is the number of tool results so far. */
function script(request: FakeRequest) {
  const prompt = promptOf(request.body);
  const step = toolResultsIn(request.body);
  const last = lastToolResult(request.body);
  const steps: Record<string, FakeTurn[]> = {
    'MCP-ADD': [mcpTool('notes', 'add', { a: 2, b: 3 })],
    'MCP-DISALLOWED': [mcpTool('notes', 'delete_everything', {})],
    'MCP-UNKNOWN-SERVER': [mcpTool('nowhere', 'add', { a: 1, b: 1 })],
    'MCP-WHOAMI': [mcpTool('notes', 'whoami')],
    'MCP-JSON-STRING': [mcpTool('notes', 'add', '{"a": 20, "b": 22}')],
    'MCP-HUGE-ARGS': [mcpTool('notes', 'add', { a: 1, b: 2, pad: 'p'.repeat(70_000) })],
    'MCP-BIG': [mcpTool('notes', 'big', { kb: 20 })],
    'MCP-ERROR': [mcpTool('notes', 'fails', {})],
    'MCP-RESOURCE': [
      {
        toolCalls: [{ name: 'access_mcp_resource', input: { server_name: 'notes', uri: 'notes://readme' } }],
      },
    ],
    'MCP-SLOW': [mcpTool('notes', 'slow', {}), mcpTool('notes', 'add', { a: 2, b: 2 })],
    'MCP-FLAKY': [mcpTool('flaky', 'add', { a: 1, b: 2 })],
  };
  for (const [key, list] of Object.entries(steps))
    if (prompt.includes(key)) return step < list.length ? list[step] : done(last);
  return done('nothing to do');
}

describe('MCP servers: registration, use_mcp_tool, access_mcp_resource (real API, worker, MCP server, fake LLM)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let fake: FakeLlm;
  let mcp: TestMcpServer;
  let owner: Session;
  let member: Session;
  let ws: string;
  let providerId: string;
  let notesId: string;

  beforeAll(async () => {
    mcp = new TestMcpServer({ token: TOKEN });
    await mcp.start();
    fake = new FakeLlm(script);
    await fake.start();
    api = await startApi({
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '5000',
      MCP_TRUSTED_HOSTS: '127.0.0.1',
      MCP_TIMEOUT_MS: String(TIMEOUT_MS),
      MCP_MAX_RESULT_BYTES: '4kb',
    });
    worker = await startWorker(api.config);
    owner = await signUp(api);
    member = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'mcp' }).expect(201))
      .body.id;
    await addMember(api, owner, ws, member, 'member');
    providerId = (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/providers`)
        .set(bearer(owner))
        .send({
          name: 'fake',
          kind: 'openai',
          baseUrl: `${fake.url}/v1`,
          model: 'fake-model',
          apiKey: 'sk-x',
        })
        .expect(201)
    ).body.id;
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fake?.close();
    await mcp?.close();
  });

  const servers = () => `/api/v1/workspaces/${ws}/mcp-servers`;
  const register = (s: Session, body: Record<string, unknown>) =>
    http(api).post(servers()).set(bearer(s)).send(body);
  const patch = (s: Session, id: string, body: Record<string, unknown>) =>
    http(api).patch(`${servers()}/${id}`).set(bearer(s)).send(body);
  const start = async (prompt: string, autoApprove: Record<string, boolean> = {}, mode = 'code') =>
    (
      await http(api)
        .post(`/api/v1/workspaces/${ws}/tasks`)
        .set(bearer(owner))
        .send({ prompt, mode, providerId, autoApprove })
        .expect(201)
    ).body.id as string;
  const task = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}`).set(bearer(owner)).expect(200)).body as { status: string };
  type Msg = { type: string; say?: string; ask?: string; text: string; meta: Record<string, unknown> };
  const messages = async (id: string) =>
    (await http(api).get(`/api/v1/tasks/${id}/messages`).set(bearer(owner)).expect(200)).body as Msg[];
  const until = (id: string, statuses: string[], ms = 15_000) =>
    waitFor(async () => statuses.includes((await task(id)).status), ms, statuses.join('|')).catch(
      async (e) => {
        console.log(JSON.stringify(await task(id)), JSON.stringify(await messages(id)).slice(0, 3000));
        throw e;
      },
    );
  /** The content of the tool result the model got for the task's first MCP call. */
  const mcpResult = async (id: string) => {
    const m = (await messages(id)).find(
      (x) => (x.say === 'mcp_server_response' || x.say === 'error') && x.meta.toolResult,
    );
    return m?.meta.toolResult as { content: string; isError: boolean };
  };
  const requestsOf = (prompt: string) => fake.requests.filter((r) => promptOf(r.body) === prompt);

  it('an admin registers the real MCP server over REST (tools listed by the worker); a member gets 403', async () => {
    const body = { name: 'notes', url: mcp.mcpUrl, headers: { Authorization: `Bearer ${TOKEN}` } };
    await register(member, body).expect(403);
    const res = await register(owner, body).expect(201);
    notesId = res.body.id;
    expect(res.body).toMatchObject({
      name: 'notes',
      status: 'connected',
      lastError: null,
      allowedTools: [],
      headers: { Authorization: 'Bearer mcp-…6789' },
    });
    expect(res.body.tools.map((t: { name: string }) => t.name).sort()).toEqual([
      'add',
      'big',
      'delete_everything',
      'fails',
      'slow',
      'whoami',
    ]);
    expect(res.body.tools.find((t: { name: string }) => t.name === 'add')).toMatchObject({
      description: 'Add two numbers.',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    });
    expect(res.body.resources).toEqual([
      { uri: 'notes://readme', name: 'readme', description: 'The release notes.', mimeType: 'text/plain' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);
    expect(mcp.authorizations).toContain(`Bearer ${TOKEN}`);
    // Members read the list (never a header value) but cannot change it.
    const listed = await http(api).get(servers()).set(bearer(member)).expect(200);
    expect(listed.body.map((s: { name: string }) => s.name)).toEqual(['notes']);
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);
    await patch(member, notesId, { allowedTools: ['add'] }).expect(403);
    // Someone outside the workspace learns nothing, not even that the server exists.
    const outsider = await signUp(api);
    await http(api).get(servers()).set(bearer(outsider)).expect(404);
    await http(api).get(`${servers()}/${notesId}`).set(bearer(outsider)).expect(404);
    await patch(outsider, notesId, { enabled: false }).expect(404);
    await http(api).delete(`${servers()}/${notesId}`).set(bearer(member)).expect(403);
    // Only listed tools can be allowed.
    const refused = await patch(owner, notesId, { allowedTools: ['add', 'rm_rf'] }).expect(400);
    expect(refused.body.message).toMatch(/does not list rm_rf/);
    const allowed = await patch(owner, notesId, { allowedTools: ['add', 'whoami', 'big', 'slow', 'fails'] });
    expect(allowed.status).toBe(200);
    expect(allowed.body.allowedTools).toEqual(['add', 'whoami', 'big', 'slow', 'fails']);
    await register(owner, body).expect(409);
  });

  it('refuses URLs outside the egress policy and reserved headers with 400', async () => {
    const bad = async (url: string, why: RegExp, headers?: Record<string, string>) => {
      const r = await register(owner, { name: 'bad', url, ...(headers ? { headers } : {}) }).expect(400);
      expect(JSON.stringify(r.body.message)).toMatch(why);
    };
    await bad('http://mcp.example.com/mcp', /must be https/);
    await bad('https://169.254.169.254/mcp', /metadata/);
    await bad('https://10.1.2.3/mcp', /private address/);
    await bad('https://[::1]:8443/mcp', /loopback/);
    await bad('https://localhost:8443/mcp', /loopback/);
    await bad('https://user:pw@mcp.example.com/mcp', /credentials/);
    await bad('https://redis:6379/mcp', /own services/);
    await bad('ftp://mcp.example.com/mcp', /url must be a URL|must be https/i);
    await bad('https://mcp.example.com/mcp', /set by the MCP client/, { 'Mcp-Session-Id': 'x' });
    await bad('https://mcp.example.com/mcp', /one-line value/, { 'X-Api-Key': 'a\r\nHost: evil' });
  });

  it('use_mcp_tool asks (use_mcp_server), runs once approved, and the result reaches the model', async () => {
    const id = await start('MCP-ADD');
    await until(id, ['waiting_for_input']);
    const first = requestsOf('MCP-ADD')[0].body;
    // Resources are not allowed yet: only the tool for tools is offered.
    expect(toolNamesOf(first)).toContain('use_mcp_tool');
    expect(toolNamesOf(first)).not.toContain('access_mcp_resource');
    expect(systemOf(first)).toContain('MCP SERVERS');
    expect(systemOf(first)).toMatch(/## notes[\s\S]*- add: Add two numbers\.\n\s+Input Schema: \{/);
    expect(systemOf(first)).not.toContain('delete_everything');
    expect(systemOf(first)).not.toContain(TOKEN);
    const ask = (await messages(id)).find((m) => m.type === 'ask');
    expect(ask?.ask).toBe('use_mcp_server');
    expect(JSON.parse(ask!.text)).toEqual({
      type: 'use_mcp_tool',
      serverName: 'notes',
      toolName: 'add',
      arguments: '{"a":2,"b":3}',
    });
    expect(mcp.calls.filter((c) => c.tool === 'add')).toHaveLength(0);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'answer', text: 'x' })
      .expect(400);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'approve' })
      .expect(200);
    await until(id, ['completed']);
    expect(mcp.calls).toContainEqual({ tool: 'add', args: { a: 2, b: 3 } });
    const reqs = requestsOf('MCP-ADD');
    expect(lastToolResult(reqs.at(-1)!.body)).toBe('The sum is 5.');
    expect((await messages(id)).at(-1)).toMatchObject({ say: 'completion_result', text: 'The sum is 5.' });
    expect((await mcpResult(id)).isError).toBe(false);
  });

  it('a denied call is not carried out and the model hears it', async () => {
    const before = mcp.calls.length;
    const id = await start('MCP-ADD deny me');
    await until(id, ['waiting_for_input']);
    await http(api)
      .post(`/api/v1/tasks/${id}/respond`)
      .set(bearer(owner))
      .send({ response: 'deny', text: 'not now' })
      .expect(200);
    await until(id, ['completed']);
    expect(mcp.calls.length).toBe(before);
    expect((await messages(id)).at(-1)?.text).toMatch(/denied this operation[\s\S]*not now/);
  });

  it('a tool that is not allowed is refused and never called, even when MCP is auto-approved', async () => {
    const id = await start('MCP-DISALLOWED', { mcp: true });
    await until(id, ['completed']);
    const r = await mcpResult(id);
    expect(r.isError).toBe(true);
    expect(r.content).toMatch(
      /tool delete_everything of MCP server notes is not allowed; allowed: add, whoami/,
    );
    expect(mcp.calls.some((c) => c.tool === 'delete_everything')).toBe(false);
    // A mode without the mcp group (orchestrator, as in Roo) neither sees nor runs MCP tools.
    const orchestrated = await start('MCP-DISALLOWED orchestrator', { mcp: true }, 'orchestrator');
    await until(orchestrated, ['completed']);
    expect(toolNamesOf(requestsOf('MCP-DISALLOWED orchestrator')[0].body)).not.toContain('use_mcp_tool');
    expect(systemOf(requestsOf('MCP-DISALLOWED orchestrator')[0].body)).not.toContain('MCP SERVERS');
    expect((await mcpResult(orchestrated)).content).toMatch(/not allowed in mode "orchestrator"/);
    const other = await start('MCP-UNKNOWN-SERVER', { mcp: true });
    await until(other, ['completed']);
    expect((await mcpResult(other)).content).toMatch(/no enabled MCP server named nowhere; available: notes/);
  });

  it('auto-approved: runs without an ask; a server echoing its token has it redacted everywhere', async () => {
    const id = await start('MCP-WHOAMI', { mcp: true });
    await until(id, ['completed']);
    const msgs = await messages(id);
    expect(msgs.some((m) => m.type === 'ask')).toBe(false);
    expect((await mcpResult(id)).content).toBe('You called with [redacted]');
    expect(mcp.calls.some((c) => c.tool === 'whoami')).toBe(true);
    expect(JSON.stringify(msgs)).not.toContain(TOKEN);
    expect(JSON.stringify(requestsOf('MCP-WHOAMI').map((r) => r.body))).not.toContain(TOKEN);
    expect(api.logs.join('\n')).not.toContain(TOKEN);
  });

  it('arguments: a JSON string is accepted, oversized arguments are refused before any call', async () => {
    const id = await start('MCP-JSON-STRING', { mcp: true });
    await until(id, ['completed']);
    expect((await mcpResult(id)).content).toBe('The sum is 42.');
    const calls = mcp.calls.length;
    const big = await start('MCP-HUGE-ARGS', { mcp: true });
    await until(big, ['completed']);
    expect((await mcpResult(big)).content).toMatch(/arguments are \d+ bytes; at most 65536/);
    expect(mcp.calls.length).toBe(calls);
  });

  it('a large result is cut with a marker; an error result stays an error', async () => {
    const id = await start('MCP-BIG', { mcp: true });
    await until(id, ['completed']);
    const r = await mcpResult(id);
    expect(r.content).toMatch(
      /^x{4096}\n\n\[… truncated: the MCP server sent 20480 bytes, only the first 4096 are shown\]$/,
    );
    const err = await start('MCP-ERROR', { mcp: true });
    await until(err, ['completed']);
    expect(await mcpResult(err)).toMatchObject({ content: 'Error:\nthe database is down', isError: true });
  });

  it('access_mcp_resource reads a resource once resources are allowed', async () => {
    const refused = await start('MCP-RESOURCE refused', { mcp: true });
    await until(refused, ['completed']);
    expect(toolNamesOf(requestsOf('MCP-RESOURCE refused')[0].body)).not.toContain('access_mcp_resource');
    expect((await mcpResult(refused)).content).toMatch(/resources of MCP server notes are not allowed/);
    await patch(owner, notesId, { resourcesAllowed: true }).expect(200);
    const id = await start('MCP-RESOURCE', { mcp: true });
    await until(id, ['completed']);
    expect(systemOf(requestsOf('MCP-RESOURCE')[1].body)).toContain(
      '- notes://readme (readme): The release notes.',
    );
    expect(await mcpResult(id)).toMatchObject({ content: README_TEXT, isError: false });
    expect((await messages(id)).at(-1)?.text).toBe(README_TEXT);
  });

  it('a hanging tool times out as a tool error and the task goes on (the next call works)', async () => {
    const t0 = Date.now();
    const id = await start('MCP-SLOW', { mcp: true });
    await until(id, ['completed']);
    const results = (await messages(id)).filter((m) => m.meta.toolResult).map((m) => m.meta.toolResult);
    expect(results[0]).toMatchObject({ isError: true });
    expect((results[0] as { content: string }).content).toMatch(
      new RegExp(`MCP server notes did not answer within ${TIMEOUT_MS} ms`),
    );
    expect(results[1]).toMatchObject({ content: 'The sum is 4.', isError: false });
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a server that answers garbage, hangs or is refused fails clearly: at registration and in a task', async () => {
    const garbage = await register(owner, { name: 'garbage', url: `${mcp.url}/garbage` }).expect(201);
    expect(garbage.body).toMatchObject({ status: 'error', tools: [] });
    expect(garbage.body.lastError).toMatch(/MCP server garbage failed/);
    const t0 = Date.now();
    const hang = await register(owner, { name: 'hang', url: `${mcp.url}/hang` }).expect(201);
    expect(hang.body.lastError).toMatch(new RegExp(`did not answer within ${TIMEOUT_MS} ms`));
    expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS * 3);
    const redirect = await register(owner, { name: 'redirect', url: `${mcp.url}/redirect` }).expect(201);
    expect(redirect.body.lastError).toMatch(/redirected \(307\); redirects are not followed/);
    const wrongToken = await register(owner, {
      name: 'wrong-token',
      url: mcp.mcpUrl,
      headers: { Authorization: 'Bearer wrong-token-value' },
    }).expect(201);
    expect(wrongToken.body.lastError).toMatch(/HTTP 401/);
    expect(wrongToken.body.lastError).not.toContain('wrong-token-value');

    // A server that worked when registered and then goes bad: the model gets the error, the task goes on.
    const flaky = (
      await register(owner, {
        name: 'flaky',
        url: `${mcp.url}/flaky`,
        headers: { Authorization: `Bearer ${TOKEN}` },
      }).expect(201)
    ).body;
    expect(flaky.status).toBe('connected');
    await patch(owner, flaky.id, { allowedTools: ['add'] }).expect(200);
    mcp.flaky = 'garbage';
    const bad = await start('MCP-FLAKY garbage', { mcp: true });
    await until(bad, ['completed']);
    expect((await mcpResult(bad)).content).toMatch(
      /^MCP server flaky failed: .*text\/html.*\. The call may or may not have taken effect on the server\.$/s,
    );
    mcp.flaky = 'hang';
    const hung = await start('MCP-FLAKY hang', { mcp: true });
    await until(hung, ['completed']);
    expect((await mcpResult(hung)).content).toMatch(
      new RegExp(`MCP server flaky did not answer within ${TIMEOUT_MS} ms`),
    );
    mcp.flaky = 'ok';
    const fine = await start('MCP-FLAKY ok', { mcp: true });
    await until(fine, ['completed']);
    expect((await mcpResult(fine)).content).toBe('The sum is 3.');
    // A new URL (the owner may keep the headers) resets the allowed tools: another server, other meanings.
    const moved = await patch(owner, flaky.id, { url: `${mcp.url}/garbage` }).expect(200);
    expect(moved.body).toMatchObject({ allowedTools: [], status: 'error' });
    for (const s of [garbage.body, hang.body, redirect.body, wrongToken.body, flaky])
      await http(api).delete(`${servers()}/${s.id}`).set(bearer(owner)).expect(204);
  });

  it('registration, changes and removal are audited without header values', async () => {
    const id = (
      await register(owner, {
        name: 'audited',
        url: mcp.mcpUrl,
        headers: { Authorization: `Bearer ${TOKEN}` },
      }).expect(201)
    ).body.id;
    await patch(owner, id, { allowedTools: ['add'] }).expect(200);
    await http(api).delete(`${servers()}/${id}`).set(bearer(owner)).expect(204);
    await http(api).get(`${servers()}/${id}`).set(bearer(owner)).expect(404);
    const page = await http(api).get('/api/v1/admin/audit?limit=200').set(bearer(owner)).expect(200);
    const mine = (
      page.body.items as { action: string; target: string; meta: Record<string, unknown> }[]
    ).filter((e) => e.target === `${ws}/${id}`);
    expect(mine.map((e) => e.action).sort()).toEqual([
      'mcp.server.created',
      'mcp.server.deleted',
      'mcp.server.updated',
    ]);
    expect(mine.find((e) => e.action === 'mcp.server.updated')?.meta).toMatchObject({
      changed: ['allowedTools'],
      before: { allowedTools: [] },
      after: { allowedTools: ['add'] },
    });
    expect(JSON.stringify(page.body)).not.toContain(TOKEN);
  });
});
