/**
 * The client's assumptions about the API (scripts/api-contract.ts) against the OpenAPI document the
 * running backend serves through nginx: a path the UI calls that the backend dropped, or a task
 * status only one side knows, fails `make test` here instead of a screen in production.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { pathChecks, taskStatusProblem } from '../scripts/api-contract.ts';
import { BASE_URL, call } from './support.ts';

describe('API contract', () => {
  let doc: Parameters<typeof pathChecks>[0];
  before(async () => {
    const res = await call(`${BASE_URL}/api/docs-json`);
    assert.equal(res.status, 200, 'the backend serves its OpenAPI document');
    doc = JSON.parse(res.body) as typeof doc;
  });

  test('every REST path the client calls exists with its method', () => {
    const missing = pathChecks(doc).filter(([, problem]) => problem);
    assert.ok(pathChecks(doc).length > 40, 'the client path list is read');
    assert.deepEqual(missing, []);
  });

  test('the UI knows exactly the task statuses the backend has', () => {
    assert.equal(taskStatusProblem(doc), null);
  });
});
