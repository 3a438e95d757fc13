import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task that starts a subtask waits for it (`waiting_for_subtask`) instead of running on:
 * the parent records which child it waits for, the child which of the parent's tool calls
 * started it, so the child's end can answer that call durably in its own transaction.
 */
export class Subtasks1764990000000 implements MigrationInterface {
  name = 'Subtasks1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_status_check;
      ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN
        ('queued', 'running', 'waiting_for_input', 'waiting_for_subtask', 'completed', 'failed', 'cancelled'));
      ALTER TABLE tasks ADD COLUMN awaiting_task_id uuid REFERENCES tasks(id) ON DELETE SET NULL;
      ALTER TABLE tasks ADD COLUMN parent_call_id text;
      CREATE INDEX tasks_waiting_subtask_idx ON tasks (awaiting_task_id) WHERE awaiting_task_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE tasks SET status = 'waiting_for_input' WHERE status = 'waiting_for_subtask';
      DROP INDEX IF EXISTS tasks_waiting_subtask_idx;
      ALTER TABLE tasks DROP COLUMN parent_call_id;
      ALTER TABLE tasks DROP COLUMN awaiting_task_id;
      ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_status_check;
      ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN
        ('queued', 'running', 'waiting_for_input', 'completed', 'failed', 'cancelled'));
    `);
  }
}
