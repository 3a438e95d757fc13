import { spawn } from 'node:child_process';
import { access, constants, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputCap } from './output-cap.js';
import {
  SANDBOX_WORKDIR,
  type SandboxDriver,
  type SandboxResult,
  type SandboxRunOptions,
} from './sandbox-driver.js';

/** A read-only tool tree bound into every sandbox at /opt/<name>, with /opt/<name>/bin on PATH. */
export interface ToolBind {
  name: string;
  hostDir: string;
}

const HOST_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
const BASE_PATH = '/usr/local/bin:/usr/bin:/bin';
/** /etc entries a toolchain needs; nothing with secrets (no shadow, passwd, hosts of the stack). */
const ETC_FILES = ['ld.so.cache', 'alternatives', 'localtime', 'ssl', 'ca-certificates', 'gitconfig'];
/** Extra /etc entries for name resolution, only with egress. */
const ETC_NET_FILES = ['resolv.conf', 'hosts', 'nsswitch.conf', 'gai.conf'];

const exists = (p: string) =>
  access(p, constants.F_OK).then(
    () => true,
    () => false,
  );

/** Bytes of regular files under a folder, symlinks not followed; stops counting past `limit`. */
export async function treeBytes(dir: string, limit: number): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length && total <= limit) {
    const d = stack.pop()!;
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += (await lstat(p).catch(() => ({ size: 0 }))).size;
    }
  }
  return total;
}

/**
 * Runs commands under bubblewrap: new user, mount, pid, net, ipc, uts and cgroup
 * namespaces; a root filesystem of read-only /usr (+ the tool binds) with a fresh /dev,
 * /proc and a size-capped /tmp; the working copy as the only writable bind; an empty
 * environment; rlimits through prlimit; as a dedicated uid when the worker is root.
 */
export class BwrapDriver implements SandboxDriver {
  readonly name = 'bwrap';

  constructor(
    private readonly tools: ToolBind[],
    private readonly bwrap = '/usr/bin/bwrap',
    private readonly prlimit = '/usr/bin/prlimit',
    private readonly setpriv = '/usr/bin/setpriv',
  ) {}

  async unavailable(): Promise<string | null> {
    for (const bin of [this.bwrap, this.prlimit])
      if (!(await exists(bin))) return `the sandbox needs ${bin} (Debian packages bubblewrap, util-linux)`;
    return null;
  }

  /** The argument vector (exposed for the docs and tests). */
  async argv(command: string, o: SandboxRunOptions): Promise<string[]> {
    const l = o.limits;
    const limits = [
      `--cpu=${l.cpuSeconds}`,
      `--as=${l.memoryBytes}`,
      `--nproc=${l.maxProcesses}`,
      `--fsize=${l.fileMaxBytes}`,
      '--nofile=1024',
      '--core=0',
    ];
    const asUser =
      o.uid === null
        ? []
        : [
            this.setpriv,
            `--reuid=${o.uid}`,
            `--regid=${o.uid}`,
            '--clear-groups',
            '--inh-caps=-all',
            '--bounding-set=-all',
            '--no-new-privs',
          ];
    const path = [...this.tools.map((t) => `/opt/${t.name}/bin`), BASE_PATH].join(':');
    const etc: string[] = [];
    for (const f of [...ETC_FILES, ...(o.egress === 'open' ? ETC_NET_FILES : [])])
      if (await exists(`/etc/${f}`)) etc.push('--ro-bind', `/etc/${f}`, `/etc/${f}`);
    const root: string[] = ['--ro-bind', '/usr', '/usr'];
    for (const [link, target] of [
      ['/bin', 'usr/bin'],
      ['/sbin', 'usr/sbin'],
      ['/lib', 'usr/lib'],
      ['/lib64', 'usr/lib64'],
      ['/lib32', 'usr/lib32'],
    ]) {
      // Merged-/usr systems have these as symlinks; older ones as real folders.
      const st = await lstat(link).catch(() => null);
      if (st?.isSymbolicLink()) root.push('--symlink', target, link);
      else if (st?.isDirectory()) root.push('--ro-bind', link, link);
    }
    for (const t of this.tools) root.push('--ro-bind', t.hostDir, `/opt/${t.name}`);
    const env: string[] = [];
    for (const [k, v] of Object.entries({
      PATH: path,
      HOME: SANDBOX_WORKDIR,
      LANG: 'C.UTF-8',
      TMPDIR: '/tmp',
      ...o.env,
    }))
      env.push('--setenv', k, v);
    return [
      ...limits,
      '--',
      ...asUser,
      this.bwrap,
      '--unshare-all',
      ...(o.egress === 'open' ? ['--share-net'] : []),
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      ...env,
      ...root,
      ...etc,
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--size',
      String(o.limits.tmpBytes),
      '--tmpfs',
      '/tmp',
      '--bind',
      o.copyDir,
      SANDBOX_WORKDIR,
      '--chdir',
      o.cwd ? `${SANDBOX_WORKDIR}/${o.cwd}` : SANDBOX_WORKDIR,
      '--',
      '/bin/sh',
      '-c',
      command,
    ];
  }

  async run(command: string, o: SandboxRunOptions): Promise<SandboxResult> {
    const started = Date.now();
    const args = await this.argv(command, o);
    const cap = new OutputCap(o.limits.outputMaxBytes, o.onOutput);
    if (o.signal?.aborted)
      return {
        exitCode: null,
        signal: null,
        timedOut: false,
        truncated: false,
        killed: 'cancel',
        output: '',
        durationMs: 0,
      };
    // Its own process group, so a kill reaches bwrap and whatever it left in our group;
    // --die-with-parent and the pid namespace take every process inside down with bwrap.
    const child = spawn(this.prlimit, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: HOST_PATH },
    });
    let killed: SandboxResult['killed'] = null;
    const kill = (why: NonNullable<SandboxResult['killed']>) => {
      if (killed) return;
      killed = why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    child.stdout.on('data', (b: Buffer) => cap.push(b));
    child.stderr.on('data', (b: Buffer) => cap.push(b));
    const timer = setTimeout(() => kill('timeout'), o.limits.timeoutMs);
    const onAbort = () => kill('cancel');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    // No cgroups: the copy's total size is watched from outside and the command killed past it.
    let checking = false;
    const disk = setInterval(() => {
      if (checking) return;
      checking = true;
      void treeBytes(o.copyDir, o.limits.diskMaxBytes)
        .then((n) => n > o.limits.diskMaxBytes && kill('disk'))
        .finally(() => (checking = false));
    }, 1000);
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      child.on('error', (e) => {
        cap.push(Buffer.from(`sandbox failed to start: ${e.message}\n`));
        resolve([null, null]);
      });
      child.on('close', (c, s) => resolve([c, s]));
    });
    clearTimeout(timer);
    clearInterval(disk);
    o.signal?.removeEventListener('abort', onAbort);
    cap.flush();
    return {
      exitCode: code,
      signal: sig,
      timedOut: killed === 'timeout',
      truncated: cap.truncated,
      killed,
      output: cap.text(),
      durationMs: Date.now() - started,
    };
  }
}
