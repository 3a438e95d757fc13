import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Git in and out: a workspace's link to a remote (credential sealed), a task's branch,
 * commits and pull request, and a task's checkpoints (commits of its shadow repository,
 * whose objects live in the bucket as incremental bundles).
 */
export class Git1764950000000 implements MigrationInterface {
  name = 'Git1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE git_links (
        workspace_id uuid PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
        url text NOT NULL,
        auth_kind text NOT NULL CHECK (auth_kind IN ('token', 'ssh_key')),
        username text,
        secret_enc text NOT NULL,
        secret_hint text,
        known_hosts text,
        default_branch text NOT NULL,
        forge text NOT NULL DEFAULT 'none' CHECK (forge IN ('none', 'github', 'gitlab')),
        forge_api_url text,
        auto_push boolean NOT NULL DEFAULT false,
        auto_pull_request boolean NOT NULL DEFAULT false,
        imported_branch text,
        imported_commit text,
        imported_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE task_git (
        task_id uuid PRIMARY KEY REFERENCES tasks(id) ON DELETE CASCADE,
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        branch text NOT NULL,
        base_branch text NOT NULL,
        base_commit text NOT NULL,
        head_commit text,
        commits jsonb NOT NULL DEFAULT '[]',
        pr_url text,
        pr_number integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX task_git_branch_key ON task_git (workspace_id, branch);

      CREATE TABLE checkpoints (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        commit text NOT NULL,
        parent text,
        kind text NOT NULL CHECK (kind IN ('initial', 'step', 'restore')),
        message text NOT NULL DEFAULT '',
        files jsonb NOT NULL DEFAULT '[]',
        files_changed integer NOT NULL DEFAULT 0,
        bundle_key text NOT NULL,
        bundle_bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, seq)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE checkpoints; DROP TABLE task_git; DROP TABLE git_links;');
  }
}
