import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVapidKeys } from '../../src/push/vapid.js';
import { bearer, http, signUp, type Session } from '../clients.js';
import { startApi, type TestApi } from '../harness.js';
import { startInbox, type Inbox } from '../smtp/inbox.js';

/**
 * Schema-driven fuzzer: for every operation in the OpenAPI document, malformed path
 * params, query strings, headers and JSON bodies (wrong types, huge and odd strings,
 * prototype-pollution keys, deep nesting, broken JSON), signed in as a workspace owner so
 * the requests reach validation and the services. Zero 5xx, the process stays up, memory
 * stays flat. Seeded: FUZZ_SEED reproduces a run, FUZZ_PER_ROUTE scales it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 40);

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('security: fuzzing every route', () => {
  let api: TestApi;
  let inbox: Inbox;
  let owner: Session;
  let ws: string;
  const ops: { method: string; path: string; fields: string[] }[] = [];
  const rnd = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

  const STRINGS = [
    '',
    ' ',
    'a'.repeat(10_000),
    '\u0000',
    '../../etc/passwd',
    '%2e%2e%2f',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '${jndi:ldap://x}',
    '\ud800',
    '😀'.repeat(100),
    'null',
    '-1',
    '1e309',
    '00000000-0000-0000-0000-000000000000',
    'true',
  ];
  const scalar = (): unknown =>
    pick([
      () => pick(STRINGS),
      () => pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE]),
      () => pick([true, false, null]),
      () => [],
      () => ({}),
    ])();
  const value = (depth = 0): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.6) return scalar();
    if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(rnd() * 4) }, () => [pick(STRINGS).slice(0, 20), value(depth + 1)]),
    );
  };

  /** A body built from the route's own field names with hostile values, or raw garbage. */
  function body(fields: string[]): { type: string; data: string } {
    const r = rnd();
    if (r < 0.1)
      return {
        type: 'application/json',
        data: pick(['{', '{"a":', '[1,2', 'nul', '"\\ud800"', '{"a":1}}', '\u0000']),
      };
    if (r < 0.15) return { type: 'application/json', data: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` };
    if (r < 0.2)
      return {
        type: 'application/json',
        data: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
      };
    if (r < 0.25)
      return {
        type: pick([
          'text/plain',
          'application/xml',
          'multipart/form-data',
          'application/json; charset=utf-7',
        ]),
        data: 'a=b',
      };
    const o: Record<string, unknown> = {};
    for (const f of fields) if (rnd() < 0.8) o[f] = value();
    if (rnd() < 0.3) o[pick(['isAdmin', 'role', 'workspaceId', 'userId', 'status', 'id'])] = value();
    return { type: 'application/json', data: JSON.stringify(rnd() < 0.1 ? value() : o) };
  }
  const param = (name: string) =>
    rnd() < 0.3 && name === 'ws'
      ? ws
      : enc(
          pick([
            ...STRINGS.filter((s) => s && s.length < 200),
            '00000000-0000-4000-8000-000000000000',
            ws,
            '1',
            'a'.repeat(500),
          ]),
        ).replace(/^$/, '%20');
  const enc = (v: string) => {
    try {
      return encodeURIComponent(v);
    } catch {
      return '%ED%A0%80';
    }
  };
  const query = () =>
    Array.from(
      { length: Math.floor(rnd() * 4) },
      () =>
        `${pick(['path', 'prefix', 'recursive', 'limit', 'cursor', 'status', 'afterSeq', 'x', 'path[]', '__proto__'])}=${enc(String(scalar()))}`,
    ).join('&');

  beforeAll(async () => {
    // Every feature on (mail over a real SMTP server, Web Push keys): a valid request to a
    // feature this server lacks is a deliberate 503 naming it, which is not what is fuzzed here.
    inbox = await startInbox();
    api = await startApi({
      LOG_LEVEL: 'silent',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      ...inbox.env,
      VAPID_PRIVATE_KEY: generateVapidKeys().privateKey,
    });
    owner = await signUp(api);
    ws = (await http(api).post('/api/v1/workspaces').set(bearer(owner)).send({ name: 'fuzz' }).expect(201))
      .body.id;
    await http(api)
      .put(`/api/v1/workspaces/${ws}/files/content?path=README.md`)
      .set(bearer(owner))
      .set('content-type', 'text/plain')
      .send('# hi')
      .expect(200);
    const doc = (await http(api).get('/api/docs-json').expect(200)).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>
      >;
      components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
    };
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop();
        const fields = Object.keys((ref && doc.components?.schemas?.[ref]?.properties) || {});
        ops.push({ method: method.toUpperCase(), path, fields });
      }
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await inbox?.close();
  });

  it('answers thousands of malformed requests with 4xx (or 2xx), never 5xx, with flat memory', async () => {
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let sent = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    const deadline = Date.now() + 100_000;
    for (let round = 0; round < PER_ROUTE && Date.now() < deadline; round++) {
      await Promise.all(
        ops
          // Never delete the workspace the fuzzer stands in.
          .filter((op) => !(op.method === 'DELETE' && op.path === '/api/v1/workspaces/{ws}'))
          .map(async (op) => {
            const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => param(name));
            const q = query();
            const b = op.method === 'GET' ? undefined : body(op.fields);
            const headers: Record<string, string> = {};
            if (rnd() < 0.9) Object.assign(headers, bearer(owner));
            else
              headers.authorization = pick([
                'Bearer ',
                'Bearer x.y.z',
                `Bearer ${'a'.repeat(4000)}`,
                'Basic Og==',
              ]);
            if (rnd() < 0.1) headers['x-request-id'] = pick(['\t', 'a'.repeat(5000), '../../x', '%00']);
            if (b) headers['content-type'] = b.type;
            if (b && rnd() < 0.05)
              headers['content-encoding'] = pick(['gzip', 'br', 'identity, gzip', 'bogus']);
            let status = 0;
            let text: string;
            try {
              const res = await fetch(`${api.url}${path}${q ? `?${q}` : ''}`, {
                method: op.method,
                headers,
                body: b?.data,
                signal: AbortSignal.timeout(15_000),
              });
              status = res.status;
              text = await res.text();
            } catch (e) {
              text = (e as Error).message;
            }
            sent++;
            if (status >= 500 || status === 0)
              failures.push(
                `${op.method} ${path}?${q} ${b?.type ?? ''} ${b?.data.slice(0, 80) ?? ''} → ${status} ${text.slice(0, 200)}`,
              );
          }),
      );
    }
    expect(failures.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    await http(api).get('/health/live').expect(200);
    await http(api).get('/api/v1/workspaces').set(bearer(owner)).expect(200);
    // Memory stays flat: allow generous slack for the JIT and pools, not a leak per request.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
  }, 150_000);

  it('regressions found by the fuzzer: deep JSON and NUL characters are 400, not 500', async () => {
    const deepBody = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const r = await fetch(`${api.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deepBody,
    });
    expect(r.status).toBe(400);
    await http(api)
      .patch(`/api/v1/workspaces/${ws}/modes/%00`)
      .set(bearer(owner))
      .send({ name: 'x' })
      .expect((res) => expect(res.status).toBeLessThan(500));
    await http(api).get(`/api/v1/workspaces/${ws}/files/stat?path=a%00b`).set(bearer(owner)).expect(400);
  });
});
