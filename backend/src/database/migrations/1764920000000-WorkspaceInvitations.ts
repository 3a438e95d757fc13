import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workspace invitations: adding someone by email no longer makes them a member at once
 * (nor tells the inviter whether the account exists); the invitee accepts or declines.
 */
export class WorkspaceInvitations1764920000000 implements MigrationInterface {
  name = 'WorkspaceInvitations1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('viewer', 'member', 'admin', 'owner')),
        invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX workspace_invitations_email_key ON workspace_invitations (workspace_id, email);
      CREATE INDEX workspace_invitations_invitee_idx ON workspace_invitations (email, expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE workspace_invitations;');
  }
}
