import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '../config/config.js';
import { applyGlobalPrefix, buildOpenApiDocument } from './api.js';
import { ApiModule } from './api.module.js';

/**
 * The API's OpenAPI document without Postgres, Redis or S3: Nest's preview mode builds the module
 * graph and the routes but instantiates no provider, so nothing connects. Used by
 * scripts/openapi.ts (backend/openapi.json, the UI's contract) and by its completeness test.
 */
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
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
  return doc;
}

/** Object keys in code-point order, arrays as they are (their order can mean something). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
