/**
 * Writes the API's OpenAPI document (backend/openapi.json, the one contract the UI's REST types are
 * generated from) without Postgres, Redis or S3 (see src/roles/openapi-document.ts).
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
const { offlineOpenApiDocument, sortedKeys } = await import('../src/roles/openapi-document.ts');
writeFileSync(out, `${JSON.stringify(sortedKeys(await offlineOpenApiDocument()), null, 2)}\n`);
