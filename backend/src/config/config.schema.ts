import { z } from 'zod';
import { authProvidersSchema } from '../auth/oidc/providers.config.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(1).max(65535);
const bytes = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, 'must be a size like 1mb, 512kb or 1048576')
  .transform((v) => {
    const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(v)!;
    const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
    return Math.floor(Number(m[1]) * unit);
  });
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Variables that are secrets: each may also be given as `<NAME>_FILE` (Docker secrets). */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'S3_ACCESS_KEY',
  'S3_SECRET_KEY',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
  // Web Push: the server's VAPID key pair (make init writes both).
  'VAPID_PRIVATE_KEY',
  'VAPID_PUBLIC_KEY',
  // Holds client secrets unless each entry names a clientSecretFile.
  'AUTH_PROVIDERS',
  'SMTP_URL',
  'SMTP_PASSWORD',
] as const;

/** Every variable the backend reads; `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  ROLE: z.enum(['api', 'worker', 'migrate']).default('api'),
  HOST: z.string().default('0.0.0.0'),
  PORT: port.default(3000),
  METRICS_PORT: port.default(9464),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: z.url().default('http://localhost'),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(20),
  /** Longest wait for a pooled connection; past it the request is 503 + Retry-After, never a hang. */
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(2_000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  /** Prefix of every Redis key, queue and channel, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/i)
    .default('roo'),

  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid bucket name'),
  S3_ACCESS_KEY: z.string().min(1),
  S3_SECRET_KEY: z.string().min(1),
  S3_FORCE_PATH_STYLE: bool.default(true),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded'),
  REGISTRATION_MODE: z.enum(['open', 'invite', 'closed']).default('open'),
  COOKIE_SECURE: bool.optional(),
  /** External sign-in (GitHub, Google, any OIDC provider): a JSON list, docs/auth.md. */
  AUTH_PROVIDERS: authProvidersSchema,

  /**
   * Outgoing mail (docs/auth.md): SMTP_URL (smtp[s]://user:pass@host:port) or SMTP_HOST and
   * friends. Without either, mail features (verification, password reset, invitation and
   * task notifications) say they are unavailable and everything else works.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_FROM: z.string().min(3).default('Roo Server <roo@localhost>'),
  /** starttls: plain connect, then STARTTLS is required · tls: TLS from the start (465) · none: local relays only. */
  SMTP_TLS: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** Verify addresses on sign-up: off · optional (a mail is sent, nothing waits) · required (no sign-in before). */
  EMAIL_VERIFICATION: z.enum(['off', 'optional', 'required']).default('optional'),
  EMAIL_VERIFY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  /** Reset/verification mails per address per hour, whatever the source (mail bombing guard). */
  MAIL_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  /** At most one "task waits for you" mail per task in this many seconds. */
  TASK_WAIT_MAIL_INTERVAL_S: z.coerce.number().int().min(0).max(86_400).default(900),
  /** Admins get their admin powers only from a sign-in with a second factor (TOTP or passkey). */
  REQUIRE_ADMIN_MFA: bool.default(false),
  /** Life of the token between the password step and the second factor. */
  MFA_CHALLENGE_TTL_S: z.coerce.number().int().min(30).max(1800).default(300),
  /** Second-factor attempts per account per minute (TOTP has 10^6 codes: keep this small). */
  MFA_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(5),
  /** WebAuthn relying party: its id (a registrable domain; default: PUBLIC_URL's host) and name. */
  WEBAUTHN_RP_ID: z.string().min(1).optional(),
  WEBAUTHN_RP_NAME: z.string().min(1).default('Roo Server'),
  /** Origins passkey ceremonies may come from; default: PUBLIC_URL's origin. */
  WEBAUTHN_ORIGINS: list.default([]),

  CORS_ORIGINS: list.default([]),
  /**
   * The proxy hops whose X-Forwarded-For the API believes: addresses, CIDRs, `loopback`, or
   * host names (resolved every 10 s, e.g. `nginx` in Compose, `tasks.nginx` on Swarm). Never a
   * whole private range: anyone on it could then choose their own client IP.
   */
  TRUSTED_PROXIES: list.default(['loopback']),
  /** Serve the OpenAPI UI and JSON at /api/docs; default: on, except when NODE_ENV=production. */
  API_DOCS: bool.optional(),
  BODY_LIMIT: bytes.default(1024 * 1024),
  UPLOAD_MAX_BYTES: bytes.default(50 * 1024 * 1024),
  IMPORT_MAX_BYTES: bytes.default(200 * 1024 * 1024),
  FILE_CACHE_MAX_BYTES: bytes.default(64 * 1024 * 1024),
  IMPORT_MAX_FILES: z.coerce.number().int().min(1).default(5000),
  /** Largest expanded : compressed ratio of an import (judged past 1 MiB expanded); source trees stay far below. */
  IMPORT_MAX_RATIO: z.coerce.number().int().min(2).default(200),
  /** Longest lifetime of a share link, also applied to links created before it was lowered. */
  SHARE_MAX_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** General limit per client IP; 3,000/min never bothers a team behind one NAT driving the UI. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Failed sign-ins per (account, client IP) per minute; past it that source alone gets 429. */
  LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins of one account (any source, 15 min) after which every attempt on it is slowed. */
  LOGIN_DELAY_AFTER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** First delay; it doubles with each further failure, up to LOGIN_DELAY_MAX_MS. */
  LOGIN_DELAY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  LOGIN_DELAY_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(10_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /**
   * Admission control per API process (docs/performance.md): past this many requests in
   * progress, or this mean event-loop delay, new requests get 503 + Retry-After at once
   * instead of queueing until clients time out. 0 = off. /health/* is never refused.
   */
  ADMISSION_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(100_000).default(64),
  ADMISSION_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  ADMISSION_RETRY_AFTER_S: z.coerce.number().int().min(1).max(3600).default(1),
  /** Task creation answers 429 + Retry-After past this many waiting jobs (instance) / queued tasks (workspace); 0 = off. */
  TASK_QUEUE_MAX_WAITING: z.coerce.number().int().min(0).default(1000),
  TASK_QUEUE_MAX_PER_WORKSPACE: z.coerce.number().int().min(0).default(50),
  TASK_QUEUE_RETRY_AFTER_S: z.coerce.number().int().min(1).max(3600).default(10),
  /**
   * argon2id cost of new password hashes (existing hashes verify with their own). The
   * default is OWASP's minimum m=19 MiB, t=2, p=1 (≈ 23 ms of CPU against ≈ 150 ms for the
   * library's 64 MiB, t=3, p=4; docs/performance.md).
   */
  PASSWORD_HASH_MEMORY_KIB: z.coerce
    .number()
    .int()
    .min(7168)
    .max(4 * 1024 * 1024)
    .default(19_456),
  PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(1).max(100).default(2),
  PASSWORD_HASH_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
  /** Hashes computed at once per process (each takes a libuv thread of the 4 shared with fs and DNS). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Hashes that may wait for a turn; past it sign-in/up answer 503 + Retry-After. */
  PASSWORD_HASH_QUEUE_MAX: z.coerce.number().int().min(0).max(100_000).default(200),
  /** How long a process may reuse a membership lookup (writes invalidate at once through Redis); 0 = off. */
  MEMBERSHIP_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),

  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  TASK_MAX_STEPS: z.coerce.number().int().min(1).default(50),
  TASK_MAX_TOKENS: z.coerce.number().int().min(1).default(2_000_000),
  /** USD a task may cost before it stops (per provider profile: limits.maxTaskCostUsd); 0 = no cap. */
  TASK_MAX_COST_USD: z.coerce.number().min(0).default(0),
  /** Tool calls of one model turn that run; the rest are answered with an error, never carried out. */
  TASK_MAX_TOOL_CALLS_PER_TURN: z.coerce.number().int().min(1).max(1000).default(25),
  /** Subtasks: levels below a user's task, subtasks one task may start, new_task calls that run per turn. */
  TASK_MAX_SUBTASK_DEPTH: z.coerce.number().int().min(0).max(20).default(3),
  TASK_MAX_CHILDREN: z.coerce.number().int().min(0).max(1000).default(10),
  TASK_MAX_NEW_TASKS_PER_TURN: z.coerce.number().int().min(0).max(100).default(1),
  /** Context window of a model neither the built-in table nor its provider profile knows (tokens). */
  CONTEXT_WINDOW_DEFAULT: z.coerce.number().int().min(1024).max(10_000_000).default(128_000),
  /** Condense a task's conversation with the model when it fills this % of the window (a profile may override). */
  CONTEXT_CONDENSE_THRESHOLD_PERCENT: z.coerce.number().int().min(5).max(100).default(80),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /**
   * Egress policy of provider URLs (checked on the resolved address at connect time):
   * loopback, link-local, cloud metadata and the stack's own services are always refused;
   * private ranges (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10) only when this is on.
   */
  PROVIDER_EGRESS_PRIVATE: bool.default(false),
  /** Exceptions: host names or CIDRs always allowed (e.g. `ollama`, `127.0.0.1/32`); metadata stays refused. */
  PROVIDER_EGRESS_ALLOW: list.default([]),
  /** Host names (and their addresses) or CIDRs always refused: by default the stack's own services. */
  PROVIDER_EGRESS_DENY: list.default([
    'api',
    'worker',
    'migrate',
    'nginx',
    'frontend',
    'postgres',
    'pg-backup',
    'redis',
    'minio',
    'minio-init',
    'prometheus',
    'alertmanager',
    'grafana',
    'loki',
    'alloy',
    'node-exporter',
    'cadvisor',
    'postgres-exporter',
    'redis-exporter',
    'nginx-exporter',
    'blackbox-exporter',
  ]),
  /** How long a provider connection test (run by a worker) may take. */
  PROVIDER_TEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  /** A killed worker's job counts as stalled once its lock (renewed while alive) lapses. */
  AGENT_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(30_000),
  AGENT_STALLED_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Stalls after which the task fails with a reason instead of running again. */
  AGENT_MAX_STALLED_COUNT: z.coerce.number().int().min(0).max(10).default(1),
  TASK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(500).default(15_000),
  /** Root of the per-task working copies; default: <os tmpdir>/roo-workcopies. */
  WORKCOPY_DIR: z.string().default(''),
  /** How execute_command runs (docs/sandbox.md): bwrap = bubblewrap on the worker's host; off = no commands. */
  SANDBOX_DRIVER: z.enum(['bwrap', 'off']).default('bwrap'),
  /** Read-only tool trees as name=/host/dir, each at /opt/<name> with its bin/ on PATH; default: the worker's Node as `node`. */
  SANDBOX_TOOLS: list.default([]),
  /** Commands run as uid BASE + (hash of the task id mod COUNT) when the worker is root. */
  SANDBOX_UID_BASE: z.coerce
    .number()
    .int()
    .min(1000)
    .max(2 ** 31 - 20_000_000)
    .default(200_000),
  SANDBOX_UID_COUNT: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(100).default(600_000),
  SANDBOX_CPU_SECONDS: z.coerce.number().int().min(1).default(600),
  SANDBOX_MEMORY_BYTES: bytes.default(4 * 1024 ** 3),
  SANDBOX_MAX_PROCESSES: z.coerce.number().int().min(4).default(256),
  SANDBOX_FILE_MAX_BYTES: bytes.default(1024 ** 3),
  SANDBOX_DISK_MAX_BYTES: bytes.default(2 * 1024 ** 3),
  SANDBOX_OUTPUT_MAX_BYTES: bytes.default(128 * 1024),
  SANDBOX_TMP_BYTES: bytes.default(256 * 1024 ** 2),
  /** host:port pairs git remotes and forge APIs may reach despite a private/loopback address (and over http). */
  GIT_TRUSTED_HOSTS: list.default([]),
  /** Longest one git network operation (clone, fetch, push) may take. */
  GIT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(300_000),
  /** Local cache of linked repositories (objects only, no credentials); default: <os tmpdir>/roo-git. */
  GIT_CACHE_DIR: z.string().default(''),
  /** Shadow repositories of running tasks' checkpoints; default: <os tmpdir>/roo-checkpoints. */
  CHECKPOINTS_DIR: z.string().default(''),
  /**
   * MCP servers (docs/mcp.md): host names or CIDRs a server URL may use over plain http and
   * despite a loopback/private address; everything else must be https to a public address.
   * Cloud metadata addresses and the stack's own services (PROVIDER_EGRESS_DENY) stay refused.
   */
  MCP_TRUSTED_HOSTS: list.default([]),
  /** Longest one MCP request (connect, list, tool call, resource read) may take. */
  MCP_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Largest use_mcp_tool arguments (JSON) the model may send. */
  MCP_MAX_ARGUMENT_BYTES: bytes.default(64 * 1024),
  /** Longest MCP result handed to the model; the rest is cut off with a marker. */
  MCP_MAX_RESULT_BYTES: bytes.default(64 * 1024),
  /** Largest HTTP response read from an MCP server; a bigger one fails the call. */
  MCP_MAX_RESPONSE_BYTES: bytes.default(8 * 1024 ** 2),
  /**
   * Web Push (docs/api.md): the VAPID key pair (base64url; P-256 private scalar, uncompressed
   * public point) and the contact push services see. Without a private key push is off; the
   * public key is derived from it when not given.
   */
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes, base64url (make init writes one)')
    .optional(),
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be 65 bytes, base64url (an uncompressed P-256 point)')
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .default('mailto:admin@localhost'),
  /** At most one notification per task, user and kind (question, approval, end) in this many seconds. */
  PUSH_THROTTLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  /**
   * Host names or CIDRs a push endpoint may use over plain http and despite a loopback or
   * private address (a self-hosted push service); every other endpoint must be https to a
   * public address. Metadata addresses and our own services stay refused.
   */
  PUSH_TRUSTED_HOSTS: list.default([]),
});

export type Env = z.infer<typeof envSchema>;
