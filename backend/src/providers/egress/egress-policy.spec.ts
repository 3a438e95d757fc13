import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressFetch } from './egress-fetch.js';
import { EgressPolicy, EgressRefusedError, findEgressRefusal, type EgressSettings } from './egress-policy.js';

const DEFAULT: EgressSettings = { allowPrivate: false, allow: [], deny: ['api', 'postgres', 'minio'] };
const policy = (s: Partial<EgressSettings> = {}, dns: Record<string, string[]> = {}) =>
  new EgressPolicy({ ...DEFAULT, ...s }, async (h) => {
    if (!dns[h]) throw Object.assign(new Error(`ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
    return dns[h];
  });

describe('EgressPolicy', () => {
  it('by default refuses loopback, link-local, metadata, private and reserved addresses', () => {
    const p = policy();
    const refused = {
      '127.0.0.1': /loopback/,
      '127.1.2.3': /loopback/,
      '::1': /loopback/,
      '::ffff:127.0.0.1': /loopback/,
      '64:ff9b::7f00:1': /loopback/,
      '169.254.169.254': /metadata/,
      'fd00:ec2::254': /metadata/,
      '100.100.100.200': /metadata/,
      '169.254.10.1': /link-local/,
      'fe80::1': /link-local/,
      '10.1.2.3': /private/,
      '192.168.1.10': /private/,
      '172.20.0.5': /private/,
      'fd12:3456::1': /private/,
      '0.0.0.0': /unspecified/,
      '224.0.0.1': /multicast/,
    };
    for (const [addr, why] of Object.entries(refused)) expect(p.refuseAddress(addr), addr).toMatch(why);
    expect(p.refuseAddress('8.8.8.8')).toBeUndefined();
    expect(p.refuseAddress('2606:4700:4700::1111')).toBeUndefined();
  });

  it('opens private ranges only when the operator says so, never metadata or loopback', () => {
    const p = policy({ allowPrivate: true });
    for (const a of ['10.1.2.3', '192.168.1.10', 'fd12:3456::1', '100.64.0.9'])
      expect(p.refuseAddress(a), a).toBeUndefined();
    for (const a of ['127.0.0.1', '169.254.169.254', 'fd00:ec2::254', '100.100.100.200'])
      expect(p.refuseAddress(a), a).toBeDefined();
  });

  it('allow exceptions by CIDR or name; metadata stays refused', () => {
    const p = policy({ allow: ['127.0.0.2/32', 'ollama', '169.254.0.0/16'] });
    expect(p.refuseAddress('127.0.0.2')).toBeUndefined();
    expect(p.refuseAddress('127.0.0.1')).toMatch(/loopback/);
    expect(p.refuseAddress('10.9.9.9', 'ollama')).toBeUndefined();
    expect(p.refuseAddress('169.254.169.254')).toMatch(/metadata/);
  });

  it("refuses the stack's own services by name and by resolved address", async () => {
    const p = policy({ allowPrivate: true }, { postgres: ['10.0.0.7'], api: ['10.0.0.8'] });
    await p.refreshDeniedAddresses();
    for (const url of [
      'http://postgres:5432/',
      'http://tasks.api:3000/v1',
      'http://roo_minio:9000',
      'http://API./v1',
    ])
      expect(() => p.checkUrl(url), url).toThrow(/own services/);
    await expect(p.resolve('10.0.0.7')).rejects.toThrow(/own services/);
    expect(await p.resolve('10.0.0.9')).toEqual(['10.0.0.9']);
    expect(() => p.checkUrl('http://metadata.google.internal/computeMetadata/v1')).toThrow(
      EgressRefusedError,
    );
  });

  it('checks URLs without DNS: scheme, credentials, fragment, literal addresses', () => {
    const p = policy();
    expect(() => p.checkUrl('ftp://example.com')).toThrow(/http/);
    expect(() => p.checkUrl('https://user:pw@example.com/v1')).toThrow(/credentials/);
    expect(() => p.checkUrl('https://example.com/v1#')).toThrow(/fragment/);
    expect(() => p.checkUrl('http://127.0.0.1:9464/metrics#')).toThrow(EgressRefusedError);
    expect(() => p.checkUrl('http://[::ffff:169.254.169.254]/')).toThrow(/metadata/);
    expect(() => p.checkUrl('http://2130706433/')).toThrow(/loopback/); // WHATWG URL: 127.0.0.1
    expect(p.checkUrl('https://api.openai.com/v1').host).toBe('api.openai.com');
  });

  it('applies the rule to every lookup, so a name rebound to loopback is refused at connect time', async () => {
    const dns: Record<string, string[]> = { 'rebind.example': ['93.184.216.34'] };
    const p = policy({}, dns);
    const look = (host: string) =>
      new Promise<unknown>((resolve, reject) =>
        p.lookup(host, { all: true }, (e, a) => (e ? reject(e) : resolve(a))),
      );
    expect(await look('rebind.example')).toEqual([{ address: '93.184.216.34', family: 4 }]);
    dns['rebind.example'] = ['93.184.216.34', '127.0.0.1'];
    await expect(look('rebind.example')).rejects.toThrow(/rebind\.example \(127\.0\.0\.1\) is a loopback/);
  });
});

describe('egressFetch', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect-away') res.writeHead(307, { location: 'http://evil.example/steal' }).end();
      else if (req.url === '/redirect-same') res.writeHead(301, { location: '/v1/other' }).end();
      else if (req.url === '/error')
        res
          .writeHead(400, { 'content-type': 'application/json', 'retry-after': '3' })
          .end('{"secret":"internal body"}');
      else if (req.url === '/metrics')
        res.writeHead(200, { 'content-type': 'text/plain' }).end('process_cpu 1');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const allowed = egressFetch(policy({ allow: ['127.0.0.2/32'] }));

  it('refuses a refused address before any byte is sent, and allows the exception', async () => {
    const strict = egressFetch(policy());
    const before = hits.length;
    await expect(strict(`http://127.0.0.2:${port}/ok`)).rejects.toThrow(/loopback/);
    expect(hits.length).toBe(before);
    const res = await allowed(`http://127.0.0.2:${port}/ok`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('refuses at connect time for a name that resolves to a refused address', async () => {
    const byName = egressFetch(policy({}, { 'looks-public.example': ['127.0.0.2'] }));
    const err = await byName(`http://looks-public.example:${port}/ok`).catch((e: unknown) => e);
    expect(findEgressRefusal(err)?.message).toMatch(/looks-public\.example \(127\.0\.0\.2\) is a loopback/);
  });

  it('never follows redirects and says where they pointed', async () => {
    await expect(allowed(`http://127.0.0.2:${port}/redirect-away`)).rejects.toThrow(
      /another host \(evil\.example\)/,
    );
    await expect(allowed(`http://127.0.0.2:${port}/redirect-same`)).rejects.toThrow(
      /redirects are not followed/,
    );
    expect(hits).not.toContain('/v1/other');
  });

  it('drops error bodies (status line only) and refuses non-API answers', async () => {
    const res = await allowed(`http://127.0.0.2:${port}/error`);
    expect(res.status).toBe(400);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.text()).toBe('');
    await expect(allowed(`http://127.0.0.2:${port}/metrics`)).rejects.toThrow(/content type text\/plain/);
  });
});
