import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../test/harness.js';
import { BwrapDriver } from './bwrap-driver.js';
import type { SandboxLimits, SandboxRunOptions } from './sandbox-driver.js';
import { sandboxUid } from './sandbox-uid.js';

const LIMITS: SandboxLimits = {
  timeoutMs: 20_000,
  cpuSeconds: 20,
  memoryBytes: 4 * 1024 ** 3,
  maxProcesses: 64,
  fileMaxBytes: 8 * 1024 ** 2,
  diskMaxBytes: 64 * 1024 ** 2,
  outputMaxBytes: 64 * 1024,
  tmpBytes: 16 * 1024 ** 2,
};
const SECRET = 'sandbox-test-secret-7f3a9c';
const nodeHome = dirname(dirname(process.execPath));

/**
 * Processes of this uid still alive on the host, zombies aside (a killed namespace's
 * last bwrap lingers as <defunct> until the host's init reaps it: it runs nothing).
 */
const liveProcessesOf = (uid: number) =>
  execFileSync('ps', ['-e', '-o', 'uid=,stat=,args='])
    .toString()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([u, stat]) => u === String(uid) && !stat.startsWith('Z'));

/** True once no live process of this uid is left (a kill takes a moment to land). */
const noProcessOf = async (uid: number) => {
  for (let i = 0; i < 20; i++) {
    if (!liveProcessesOf(uid).length) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('bubblewrap sandbox: escape attempts are refused (real processes)', () => {
  const driver = new BwrapDriver([{ name: 'node', hostDir: nodeHome }]);
  let root: string;
  let copyA: string;
  let copyB: string;
  let uidA: number | null;
  let uidB: number | null;

  beforeAll(async () => {
    process.env.ROO_SANDBOX_TEST_SECRET = SECRET;
    root = await mkdtemp(join(tmpdir(), 'roo-sbx-test-'));
    // Sandbox uids may pass through the parent, not list it.
    await chmod(root, 0o711);
    copyA = join(root, 'a');
    copyB = join(root, 'b');
    uidA = sandboxUid(`task-a-${root}`, 200_000, 10_000);
    uidB = sandboxUid(`task-b-${root}`, 200_000, 10_000);
    for (const [dir, uid] of [
      [copyA, uidA],
      [copyB, uidB],
    ] as const) {
      await mkdir(dir, { mode: 0o700 });
      if (uid !== null) await chown(dir, uid, uid);
    }
    await writeFile(join(copyB, 'private.txt'), 'task B secret');
  });
  afterAll(async () => {
    delete process.env.ROO_SANDBOX_TEST_SECRET;
    await rm(root, { recursive: true, force: true });
  });

  const run = (command: string, o: Partial<SandboxRunOptions> = {}) =>
    driver.run(command, { copyDir: copyA, cwd: '', limits: LIMITS, egress: 'none', uid: uidA, ...o });

  it('runs a command in the copy with an exit code, and the copy stays writable', async () => {
    const r = await run('echo hello > made.txt && cat made.txt && exit 7');
    expect(r.exitCode).toBe(7);
    expect(r.output).toBe('hello\n');
    expect((await stat(join(copyA, 'made.txt'))).size).toBe(6);
  });

  it('cannot read /etc/shadow or /etc/passwd', async () => {
    const r = await run('cat /etc/shadow; cat /etc/passwd; ls /etc');
    expect(r.output).toMatch(/\/etc\/shadow: No such file/);
    expect(r.output).toMatch(/\/etc\/passwd: No such file/);
    expect(r.output).not.toMatch(/root:/);
  });

  it("does not see the worker's environment (a secret variable of this process)", async () => {
    const r = await run('env; cat /proc/1/environ | tr "\\0" "\\n"; cat /proc/$PPID/environ');
    expect(r.output).not.toContain(SECRET);
    expect(r.output).not.toContain('DATABASE_URL');
    expect(r.output).toContain('PATH=');
  });

  it('cannot reach the test Postgres, Redis and S3 on 127.0.0.1 (no network namespace)', async () => {
    const s = services();
    const ports = [
      new URL(s.TEST_PG_URL).port || '5432',
      new URL(s.TEST_REDIS_URL).port || '6379',
      new URL(s.TEST_S3_ENDPOINT).port,
    ];
    const script = `const net=require('net');let left=${ports.length};for(const p of [${ports.join(',')}]){const c=net.connect({host:'127.0.0.1',port:p});c.setTimeout(2000);c.on('connect',()=>{console.log('CONNECTED',p);c.destroy();if(!--left)process.exit(0)});c.on('error',e=>{console.log('REFUSED',p,e.code);if(!--left)process.exit(0)});c.on('timeout',()=>{console.log('TIMEOUT',p);c.destroy();if(!--left)process.exit(0)})}`;
    const r = await run(`node -e "${script}"`);
    expect(r.output).not.toContain('CONNECTED');
    expect(r.output.match(/^(REFUSED|TIMEOUT) /gm)).toHaveLength(3);
  });

  it("cannot read another task's copy or write outside its own", async () => {
    const r = await run(
      `cat ${copyB}/private.txt; ls ${root}; echo x > /usr/evil; echo x > /evil; echo x > /opt/node/evil; echo ok`,
    );
    expect(r.output).not.toContain('task B secret');
    expect(r.output).toContain('ok');
    await expect(stat('/usr/evil')).rejects.toThrow();
    await expect(stat(join(nodeHome, 'evil'))).rejects.toThrow();
    expect(await readdir(copyB)).toEqual(['private.txt']);
  });

  it('contains a fork bomb under the process limit and leaves nothing running', async () => {
    const r = await run(':(){ :|:& };:', { limits: { ...LIMITS, timeoutMs: 3000 } });
    expect(r.durationMs).toBeLessThan(5000);
    // The host still forks: the bomb hit its own uid's limit, not the machine's.
    expect(execFileSync('true').length).toBe(0);
    if (uidA !== null) expect(await noProcessOf(uidA)).toBe(true);
  });

  it('cannot fill the disk: a file stops at the size limit, the copy at its total', async () => {
    const big = await run('head -c 50000000 /dev/zero > big.bin; echo "rc=$?"; ls -l big.bin');
    expect(big.output).toMatch(/File size limit exceeded|rc=1\d\d/);
    expect((await stat(join(copyA, 'big.bin'))).size).toBeLessThanOrEqual(LIMITS.fileMaxBytes);
    await rm(join(copyA, 'big.bin'));
    const many = await run(
      'i=0; while true; do head -c 4000000 /dev/zero > f$i.bin; i=$((i+1)); sleep 0.1; done',
      {
        limits: { ...LIMITS, diskMaxBytes: 20 * 1024 ** 2 },
      },
    );
    expect(many.killed).toBe('disk');
    for (const f of await readdir(copyA)) if (f.endsWith('.bin')) await rm(join(copyA, f));
  });

  it('stops a command past its time limit and a background sleep with it', async () => {
    const r = await run('sleep 1000 & sleep 1000', { limits: { ...LIMITS, timeoutMs: 800 } });
    expect(r.timedOut).toBe(true);
    expect(r.durationMs).toBeLessThan(3000);
    if (uidA !== null) expect(await noProcessOf(uidA)).toBe(true);
  });

  it('a `sleep 1000 &` left behind is gone when the command ends', async () => {
    const r = await run('sleep 1000 & echo started');
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeLessThan(3000);
    if (uidA !== null) expect(await noProcessOf(uidA)).toBe(true);
    const ps = execFileSync('ps', ['-eo', 'args']).toString();
    expect(ps.split('\n').filter((l) => l.trim() === 'sleep 1000')).toHaveLength(0);
  });

  it('caps 100 MB of output with a marker and the worker stays responsive', async () => {
    let ticks = 0;
    const tick = setInterval(() => ticks++, 10);
    let streamed = 0;
    const r = await run('head -c 100000000 /dev/zero | tr "\\0" "a"; echo; echo THE-END', {
      onOutput: (t) => (streamed += t.length),
    });
    clearInterval(tick);
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.output.length).toBeLessThan(LIMITS.outputMaxBytes + 200);
    expect(r.output).toMatch(/\[\.\.\. \d+ bytes of output omitted \.\.\.\]/);
    expect(r.output.trimEnd().endsWith('THE-END')).toBe(true);
    expect(streamed).toBeLessThan(LIMITS.outputMaxBytes);
    // The event loop kept running while 100 MB went through.
    expect(ticks).toBeGreaterThan(r.durationMs / 10 / 4);
  });

  it('cancel during a long command stops it within 2 s', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 300);
    const r = await run('sleep 1000; echo not-here', { signal: abort.signal });
    expect(Date.now() - started).toBeLessThan(2300);
    expect(r.killed).toBe('cancel');
    expect(r.output).not.toContain('not-here');
    if (uidA !== null) expect(await noProcessOf(uidA)).toBe(true);
  });

  it('runs the toolchain: node 24, git, python3, make, cc', async () => {
    const r = await run(
      'node --version && git --version && python3 --version && make --version | head -1 && cc --version | head -1',
    );
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/^v24\./);
    expect(r.output).toMatch(/git version/);
  });
});
