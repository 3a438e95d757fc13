import { describe, expect, it } from 'vitest';
import { isPoolAcquireTimeout, queryName } from './query-metrics.js';

describe('queryName', () => {
  it.each([
    ['SELECT "Task"."id" AS "Task_id" FROM "tasks" "Task" WHERE "Task"."id" = $1', 'select tasks'],
    ['select m.* from public.memberships m join users u on u.id = m.user_id', 'select memberships'],
    ['INSERT INTO "task_messages"("task_id", "seq") VALUES ($1, $2) RETURNING "id"', 'insert task_messages'],
    ['UPDATE "tasks" SET "status" = $1 WHERE "id" = $2 RETURNING *', 'update tasks'],
    ['DELETE FROM "refresh_sessions" WHERE "expires_at" < now()', 'delete refresh_sessions'],
    ['WITH t AS (INSERT INTO tasks (id) VALUES ($1) RETURNING id) SELECT * FROM t', 'with tasks'],
    ['/* a comment */ -- and another\n  SELECT 1', 'select'],
    ['START TRANSACTION', 'start'],
    ['COMMIT', 'commit'],
    ['SELECT pg_advisory_xact_lock(hashtext($1))', 'select'],
    ['grant all on x to y', 'other'],
  ])('%s → %s', (sql, name) => {
    expect(queryName(sql)).toBe(name);
  });

  it('never carries values from the text into the name', () => {
    expect(queryName(`SELECT * FROM users WHERE email = 'someone@example.test'`)).toBe('select users');
  });

  it('recognises the pool acquire timeout of pg-pool and nothing else', () => {
    expect(isPoolAcquireTimeout(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isPoolAcquireTimeout(new Error('Connection terminated'))).toBe(false);
    expect(isPoolAcquireTimeout('timeout exceeded when trying to connect')).toBe(false);
  });
});
