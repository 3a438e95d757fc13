import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../src/config/app-config.js';

export const BACKEND = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** A redis-server of the test's own (no persistence, like the test services). */
export class OwnRedis {
  proc?: ChildProcess;
  constructor(public port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    this.proc = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitPort(this.port);
  }
  kill(): void {
    this.proc?.kill('SIGKILL');
    this.proc = undefined;
  }
}

export async function waitPort(port: number, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`port ${port} did not open`);
}

/**
 * A TCP proxy in front of a real service, to make it vanish and come back:
 * `down('refuse')` closes the port and cuts every connection; `down('blackhole')` keeps
 * accepting but never answers (a hung host); `up()` forwards again.
 */
export class TcpProxy {
  private server?: Server;
  private readonly conns = new Set<Socket>();
  mode: 'up' | 'blackhole' = 'up';
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const p = new TcpProxy(await freePort(), target);
    await p.up();
    return p;
  }

  async up(): Promise<void> {
    this.mode = 'up';
    if (this.server) return;
    const server = createServer((client) => {
      this.conns.add(client);
      client.on('close', () => this.conns.delete(client));
      client.on('error', () => undefined);
      if (this.mode === 'blackhole') return;
      const upstream = new Socket();
      this.conns.add(upstream);
      upstream.on('close', () => (this.conns.delete(upstream), client.destroy()));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.connect(this.target.port, this.target.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(how: 'refuse' | 'blackhole' = 'refuse'): Promise<void> {
    for (const c of this.conns) c.destroy();
    this.conns.clear();
    if (how === 'blackhole') {
      this.mode = 'blackhole';
      return;
    }
    const s = this.server;
    this.server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** backend/dist is built (and newer than every source file); builds it when not. */
export function ensureBuilt(): void {
  const main = join(BACKEND, 'dist', 'main.js');
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }, 0);
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(BACKEND, 'src'))) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: BACKEND, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('backend build failed');
}

/** The environment that makes a child `node dist/main.js <role>` use the test's services. */
export function roleEnv(config: AppConfig, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    REDIS_PREFIX: config.REDIS_PREFIX,
    S3_ENDPOINT: config.S3_ENDPOINT ?? '',
    S3_BUCKET: config.S3_BUCKET,
    S3_ACCESS_KEY: config.S3_ACCESS_KEY,
    S3_SECRET_KEY: config.S3_SECRET_KEY,
    JWT_SECRET: config.JWT_SECRET,
    ENCRYPTION_KEY: config.ENCRYPTION_KEY,
    RATE_LIMIT_PER_MINUTE: '1000000',
    LLM_MAX_RETRIES: '0',
    // The fake LLM listens on loopback, which the provider egress policy refuses by default.
    PROVIDER_EGRESS_ALLOW: config.PROVIDER_EGRESS_ALLOW.join(','),
    ...extra,
  };
}

/** Starts `node dist/main.js <role>` and resolves once `ready()` says so. */
export async function spawnRole(
  role: 'api' | 'worker',
  env: NodeJS.ProcessEnv,
  ready: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<ChildProcess & { output: string[] }> {
  const child = spawn(process.execPath, [join(BACKEND, 'dist', 'main.js'), role], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => child.output.push(d.toString()));
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`${role} exited: ${child.output.join('')}`);
    if (await ready().catch(() => false)) return child;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${role} not ready in ${timeoutMs} ms: ${child.output.join('').slice(-2000)}`);
}

export const exited = (child: ChildProcess, timeoutMs = 20_000) =>
  new Promise<number | null>((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
    child.once('exit', (code) => (clearTimeout(t), resolve(code)));
  });
