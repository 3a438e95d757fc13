#!/usr/bin/env node
// Checks that every REST path the client uses (src/lib/api/paths.ts) exists, with its method, in the
// backend's OpenAPI document. Usage: API_URL=http://127.0.0.1:3000 npm run check:api
import { API_PATHS, API_PREFIX } from '../src/lib/api/paths.ts';

const base = process.env.API_URL;
if (!base) {
  console.error('Set API_URL to the running backend (e.g. API_URL=http://127.0.0.1:3000)');
  process.exit(2);
}

const res = await fetch(new URL('/api/docs-json', base));
if (!res.ok) {
  console.error(`GET /api/docs-json answered ${res.status}`);
  process.exit(2);
}
const doc = await res.json();

// Parameter names may differ ({ws} vs {workspaceId}); compare shapes only.
const normalise = (p) =>
  p
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/:[A-Za-z_]\w*/g, '{}')
    .replace(new RegExp(`^${API_PREFIX}`), '')
    .replace(/\/$/, '');

const available = new Map();
for (const [path, ops] of Object.entries(doc.paths ?? {})) {
  available.set(normalise(path), new Set(Object.keys(ops).map((m) => m.toLowerCase())));
}

let missing = 0;
for (const [name, { method, path }] of Object.entries(API_PATHS)) {
  const methods = available.get(normalise(path));
  if (!methods || !methods.has(method)) {
    missing += 1;
    console.log(`MISSING  ${method.toUpperCase().padEnd(6)} ${API_PREFIX}${path}  (${name})`);
  }
}
const total = Object.keys(API_PATHS).length;
console.log(`${total - missing} passed, ${missing} failed`);
process.exit(missing === 0 ? 0 : 1);
