import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remote MCP servers of a workspace: URL, sealed headers, the tools an admin allowed, what discovery found. */
export class McpServers1764980000000 implements MigrationInterface {
  name = 'McpServers1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mcp_servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{1,64}$'),
        url text NOT NULL,
        headers_enc text,
        header_hints jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        allowed_tools jsonb NOT NULL DEFAULT '[]',
        resources_allowed boolean NOT NULL DEFAULT false,
        tools jsonb NOT NULL DEFAULT '[]',
        resources jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL DEFAULT 'unknown' CHECK (status IN ('unknown', 'connected', 'error')),
        last_error text,
        discovered_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX mcp_servers_name_key ON mcp_servers (workspace_id, lower(name));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mcp_servers');
  }
}
