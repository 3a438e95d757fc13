import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const valid = {
  DATABASE_URL: 'postgres://u:p@db:5432/roo',
  REDIS_URL: 'redis://redis:6379',
  S3_BUCKET: 'roo-files',
  S3_ACCESS_KEY: 'key',
  S3_SECRET_KEY: 'secret',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('accepts a minimal valid environment and applies defaults', () => {
    const c = loadConfig(valid);
    expect(c.PORT).toBe(3000);
    expect(c.REGISTRATION_MODE).toBe('open');
    expect(c.UPLOAD_MAX_BYTES).toBe(50 * 1024 * 1024);
  });

  it('names a missing variable in one line', () => {
    const { JWT_SECRET: _, ...rest } = valid;
    expect(errorOf(rest)).toBe('config: JWT_SECRET: is required but not set');
  });

  it('lists every bad variable, one per line', () => {
    const msg = errorOf({ ...valid, JWT_SECRET: 'short', PORT: 'http', REGISTRATION_MODE: 'sometimes' });
    const lines = msg.split('\n');
    expect(lines).toHaveLength(3);
    expect(msg).toMatch(/^config: PORT: /m);
    expect(msg).toMatch(/^config: JWT_SECRET: must be at least 32 characters$/m);
    expect(msg).toMatch(/^config: REGISTRATION_MODE: /m);
    expect(msg).not.toContain('short');
  });

  it('reads a secret from X_FILE and refuses both forms at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roo-cfg-'));
    const file = join(dir, 'jwt');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    const { JWT_SECRET: _, ...rest } = valid;
    expect(loadConfig({ ...rest, JWT_SECRET_FILE: file }).JWT_SECRET).toBe('s'.repeat(40));
    expect(errorOf({ ...valid, JWT_SECRET_FILE: file })).toMatch(/JWT_SECRET or JWT_SECRET_FILE, not both/);
    expect(errorOf({ ...rest, JWT_SECRET_FILE: join(dir, 'missing') })).toMatch(
      /JWT_SECRET_FILE: cannot read .* \(ENOENT\)/,
    );
  });

  it('parses sizes and lists', () => {
    const c = loadConfig({
      ...valid,
      BODY_LIMIT: '2mb',
      CORS_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(c.BODY_LIMIT).toBe(2 * 1024 * 1024);
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(errorOf({ ...valid, BODY_LIMIT: 'lots' })).toMatch(/BODY_LIMIT: must be a size/);
  });

  it('refuses an encryption key of the wrong length', () => {
    expect(errorOf({ ...valid, ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toMatch(
      /ENCRYPTION_KEY: must be 32 bytes/,
    );
  });
});

describe('.env.example', () => {
  it('documents every variable of the schema', async () => {
    const { readFileSync } = await import('node:fs');
    const { envSchema } = await import('./config.schema.js');
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const missing = Object.keys(envSchema.shape).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });
});
