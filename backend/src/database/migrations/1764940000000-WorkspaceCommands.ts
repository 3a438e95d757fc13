import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-workspace settings of execute_command: allowed/denied command prefixes and network egress. */
export class WorkspaceCommands1764940000000 implements MigrationInterface {
  name = 'WorkspaceCommands1764940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspaces
        ADD COLUMN allowed_commands jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN denied_commands jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN command_egress text NOT NULL DEFAULT 'none' CHECK (command_egress IN ('none', 'open'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspaces DROP COLUMN allowed_commands, DROP COLUMN denied_commands, DROP COLUMN command_egress;
    `);
  }
}
