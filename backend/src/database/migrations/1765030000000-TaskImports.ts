import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task imported from a Roo/Zoo Code history carries where it came from and what it had cost
 * there (`imported`); such a task is read-only and never runs.
 */
export class TaskImports1765030000000 implements MigrationInterface {
  name = 'TaskImports1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tasks ADD COLUMN imported jsonb;');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE tasks DROP COLUMN imported;');
  }
}
