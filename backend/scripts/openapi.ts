/**
 * Writes the API's OpenAPI document (backend/openapi.json, the one contract the UI's REST types are
 * generated from) without Postgres, Redis or S3: Nest's preview mode builds the module graph and the
 * routes but instantiates no provider, so nothing connects.
 *
 *   node scripts/openapi.ts [out.json]     (default: openapi.json next to this folder)
 *
 * Keys are sorted so the file only changes when the API does.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerSwcHooks } from './swc-hooks.ts';

registerSwcHooks();

const out = process.argv[2] ?? fileURLToPath(new URL('../openapi.json', import.meta.url));

const { NestFactory } = await import('@nestjs/core');
const { ExpressAdapter } = await import('@nestjs/platform-express');
const { loadConfig } = await import('../src/config/config.ts');
const { ApiModule } = await import('../src/roles/api.module.ts');
const { applyGlobalPrefix, buildOpenApiDocument } = await import('../src/roles/api.ts');

// Placeholders only: in preview mode no connection is made and no secret is used.
const config = loadConfig({
  NODE_ENV: 'test',
  ROLE: 'api',
  LOG_LEVEL: 'silent',
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  REDIS_URL: 'redis://127.0.0.1:1',
  S3_ENDPOINT: 'http://127.0.0.1:1',
  S3_ACCESS_KEY: 'openapi',
  S3_SECRET_KEY: 'openapi-openapi',
  S3_BUCKET: 'openapi',
  JWT_SECRET: 'x'.repeat(64),
  ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
});

const app = await NestFactory.create(ApiModule.forRoot(config), new ExpressAdapter(), {
  preview: true,
  abortOnError: false,
  logger: ['error'],
});
applyGlobalPrefix(app);
const doc = buildOpenApiDocument(app);
await app.close();

/** Object keys in code-point order, arrays as they are (their order can mean something). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

writeFileSync(out, `${JSON.stringify(sorted(doc), null, 2)}\n`);
