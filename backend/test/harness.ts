import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import type { AppConfig } from '../src/config/app-config.js';
import { createDataSource } from '../src/database/data-source.js';
import { runMigrations } from '../src/database/migrator.js';
import { createApiApp } from '../src/roles/api.js';

/** Connection settings of the services scripts/test-services.sh started. */
export function services(): Record<string, string> {
  const dir = process.env.ROO_TEST_STATE_DIR ?? join(process.env.TMPDIR ?? tmpdir(), 'roo-test-services');
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(dir, 'services.env'), 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  return env;
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const uniqueName = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

/** A fresh, empty database on the test Postgres, so test files never see each other's rows. */
export async function createDatabase(): Promise<string> {
  const admin = services().TEST_PG_URL;
  const name = uniqueName('roo_t_');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return admin.replace(/\/[^/]*$/, `/${name}`);
}

/** A valid config pointing at the test services, a fresh database and a fresh key prefix. */
export function testConfig(overrides: Record<string, string> = {}, databaseUrl?: string): AppConfig {
  const s = services();
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl ?? s.TEST_PG_URL,
    REDIS_URL: s.TEST_REDIS_URL,
    REDIS_PREFIX: uniqueName('t'),
    S3_ENDPOINT: s.TEST_S3_ENDPOINT,
    S3_ACCESS_KEY: s.TEST_S3_ACCESS_KEY,
    S3_SECRET_KEY: s.TEST_S3_SECRET_KEY,
    S3_BUCKET: uniqueName('roo-t-'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    // Generous limits by default; the rate-limit tests set their own.
    RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '1000',
    LOGIN_DELAY_AFTER_FAILURES: '1000',
    // The fake LLM listens on loopback; test/security/provider-egress checks the default policy.
    PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...overrides,
  });
}

export async function migrate(config: AppConfig): Promise<void> {
  const ds = createDataSource(config);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
}

export interface TestApi {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  /** Every log line the app wrote (for the "no secrets in logs" checks). */
  logs: string[];
  close(): Promise<void>;
}

/** The real API on a random loopback port, against a migrated fresh database. */
export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const config = testConfig({ LOG_LEVEL: 'info', ...overrides }, await createDatabase());
  await migrate(config);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await createApiApp(config, { logStream });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, config, url: `http://127.0.0.1:${port}`, logs, close: () => app.close() };
}
