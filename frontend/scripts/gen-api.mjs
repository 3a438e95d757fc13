#!/usr/bin/env node
// The UI's API contract, generated from the backend (the only source):
//   backend/openapi.json                      the OpenAPI document (backend/scripts/openapi.ts, no services needed)
//   src/lib/api/generated/openapi.ts          REST types from it (openapi-typescript)
//   src/lib/api/generated/realtime.ts         a copy of backend/src/realtime/contract.ts (Socket.IO event map)
// `npm run gen:api` writes them; `npm run check:api` regenerates in memory and fails when a committed
// file differs (scripts/test-frontend.sh runs it), so an API change cannot ship without its client types.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const frontend = fileURLToPath(new URL('..', import.meta.url));
const backend = join(frontend, '..', 'backend');
const repo = join(frontend, '..');
const check = process.argv.includes('--check');
const HEADER = (source) =>
  `// Generated from ${source} by frontend/scripts/gen-api.mjs (npm run gen:api). Do not edit.\n`;

const targets = {
  doc: join(backend, 'openapi.json'),
  rest: join(frontend, 'src/lib/api/generated/openapi.ts'),
  realtime: join(frontend, 'src/lib/api/generated/realtime.ts'),
};

/** The backend writes its OpenAPI document into a temp dir; we read it back. */
function openApiDocument() {
  const dir = mkdtempSync(join(tmpdir(), 'roo-openapi-'));
  try {
    const out = join(dir, 'openapi.json');
    const run = spawnSync(process.execPath, ['scripts/openapi.ts', out], { cwd: backend, encoding: 'utf8' });
    if (run.status !== 0) {
      process.stderr.write(run.stderr || run.stdout);
      throw new Error('backend/scripts/openapi.ts failed');
    }
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function format(text, file) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

const docText = openApiDocument();
const ast = await openapiTS(JSON.parse(docText), {
  rootTypes: true,
  rootTypesNoSchemaPrefix: true,
  // A default makes a request field optional, not required.
  defaultNonNullable: false,
  alphabetize: true,
});
const generated = {
  doc: docText,
  rest: await format(HEADER('backend/openapi.json') + astToString(ast), targets.rest),
  realtime: await format(
    HEADER('backend/src/realtime/contract.ts') +
      readFileSync(join(backend, 'src/realtime/contract.ts'), 'utf8'),
    targets.realtime,
  ),
};

if (!check) {
  for (const [key, file] of Object.entries(targets)) writeFileSync(file, generated[key]);
  console.log(
    `wrote ${Object.values(targets)
      .map((f) => relative(repo, f))
      .join(', ')}`,
  );
} else {
  const stale = Object.entries(targets).filter(([key, file]) => {
    try {
      return readFileSync(file, 'utf8') !== generated[key];
    } catch {
      return true;
    }
  });
  for (const [, file] of stale) console.error(`out of date: ${relative(repo, file)}`);
  if (stale.length) {
    console.error('The API contract changed: run `npm run gen:api` in frontend/ and commit the result.');
    process.exit(1);
  }
  console.log('API contract: generated files match the backend');
}
