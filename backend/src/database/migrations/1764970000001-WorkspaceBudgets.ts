import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * (tasks_workspace_created_idx already serves the month's sum.)
 * A workspace's monthly spending limit on model calls (USD). Spend is the cost of its tasks
 * created in the calendar month (UTC); a task stops before the next model call once it is
 * reached, until a workspace admin raises the limit.
 */
export class WorkspaceBudgets1764970000001 implements MigrationInterface {
  name = 'WorkspaceBudgets1764970000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_budgets (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        monthly_limit_usd numeric NOT NULL CHECK (monthly_limit_usd >= 0),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE workspace_budgets;');
  }
}
