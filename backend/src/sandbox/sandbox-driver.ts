/** Network a sandboxed command may reach: nothing (default) or whatever the host reaches. */
export const EGRESS_MODES = ['none', 'open'] as const;
export type Egress = (typeof EGRESS_MODES)[number];

/** Resource limits of one command; every field has a configured default. */
export interface SandboxLimits {
  /** Wall time before the whole process tree is killed. */
  timeoutMs: number;
  /** RLIMIT_CPU per process, seconds. */
  cpuSeconds: number;
  /** RLIMIT_AS per process (no cgroups here: address space is the memory bound). */
  memoryBytes: number;
  /** RLIMIT_NPROC of the sandbox uid: a fork bomb stops there. */
  maxProcesses: number;
  /** RLIMIT_FSIZE: the largest file a command can write. */
  fileMaxBytes: number;
  /** Total bytes of the working copy; checked while the command runs, killed past it. */
  diskMaxBytes: number;
  /** Bytes of output kept (head and tail); the rest is replaced by a marker. */
  outputMaxBytes: number;
  /** Size of the private /tmp (tmpfs, counted in memory). */
  tmpBytes: number;
}

export interface SandboxRunOptions {
  /** Host directory of the task's working copy: the only writable place the command sees. */
  copyDir: string;
  /** Folder inside the copy to start in ('' = its root); validated by the caller. */
  cwd: string;
  limits: SandboxLimits;
  egress: Egress;
  /** Extra environment variables (the worker's own environment never reaches the command). */
  env?: Record<string, string>;
  /** Host uid/gid the command runs as (when the worker is root); null = the worker's own. */
  uid: number | null;
  signal?: AbortSignal;
  /** Output as it arrives (stdout and stderr interleaved), until the output cap. */
  onOutput?: (text: string) => void;
}

export interface SandboxResult {
  exitCode: number | null;
  /** The signal that ended the command, e.g. SIGKILL. */
  signal: string | null;
  timedOut: boolean;
  /** Some output was left out (past outputMaxBytes). */
  truncated: boolean;
  /** Why the sandbox killed the command, when it did. */
  killed: 'timeout' | 'cancel' | 'disk' | null;
  /** Combined output, capped: head, a marker, tail. */
  output: string;
  durationMs: number;
}

/**
 * Runs one shell command isolated from the worker. A driver is chosen by SANDBOX_DRIVER;
 * the bubblewrap driver runs it on the worker's host, a remote driver (a sandbox service)
 * would send the same request elsewhere — hence only plain data in and out.
 */
export interface SandboxDriver {
  readonly name: string;
  /** Null when the driver can run commands here, else why not (shown to the model and the user). */
  unavailable(): Promise<string | null>;
  run(command: string, options: SandboxRunOptions): Promise<SandboxResult>;
}

export const SANDBOX_DRIVER = Symbol('SANDBOX_DRIVER');

/** Where the working copy appears inside the sandbox. */
export const SANDBOX_WORKDIR = '/workspace';
