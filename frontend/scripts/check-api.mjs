#!/usr/bin/env node
// Checks the client's assumptions (scripts/api-contract.ts: every REST path with its method, the task
// statuses) against the backend's OpenAPI document. Usage: API_URL=http://127.0.0.1:3000 npm run check:api
import { pathChecks, taskStatusProblem } from './api-contract.ts';

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

const checks = [...pathChecks(doc), ['task statuses', taskStatusProblem(doc)]];
const failed = checks.filter(([, problem]) => problem);
for (const [label, problem] of failed) console.log(`FAIL  ${label}: ${problem}`);
console.log(`${checks.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 ? 0 : 1);
