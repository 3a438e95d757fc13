import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider profiles, modes (built-ins seeded here), tasks, task messages (append-only)
 * and share links. The built-in mode texts are inlined on purpose: a landed migration
 * never changes, so it must not import code that may.
 */
export class Tasks1764200000000 implements MigrationInterface {
  name = 'Tasks1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('openai', 'anthropic')),
        base_url text,
        model text NOT NULL,
        api_key_enc text,
        api_key_hint text,
        limits jsonb NOT NULL DEFAULT '{}',
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX provider_profiles_name_key ON provider_profiles (workspace_id, lower(name));

      CREATE TABLE modes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid REFERENCES workspaces(id) ON DELETE CASCADE,
        slug text NOT NULL,
        name text NOT NULL,
        role_definition text NOT NULL,
        when_to_use text NOT NULL DEFAULT '',
        custom_instructions text NOT NULL DEFAULT '',
        groups jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX modes_builtin_slug_key ON modes (slug) WHERE workspace_id IS NULL;
      CREATE UNIQUE INDEX modes_workspace_slug_key ON modes (workspace_id, slug) WHERE workspace_id IS NOT NULL;

      CREATE TABLE tasks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        created_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        parent_id uuid REFERENCES tasks(id) ON DELETE SET NULL,
        mode text NOT NULL,
        provider_id uuid REFERENCES provider_profiles(id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued', 'running', 'waiting_for_input', 'completed', 'failed', 'cancelled')),
        prompt text NOT NULL,
        title text NOT NULL,
        auto_approve jsonb NOT NULL DEFAULT '{}',
        todos text NOT NULL DEFAULT '',
        last_seq integer NOT NULL DEFAULT 0,
        steps integer NOT NULL DEFAULT 0,
        tokens_in bigint NOT NULL DEFAULT 0,
        tokens_out bigint NOT NULL DEFAULT 0,
        cache_reads bigint NOT NULL DEFAULT 0,
        cache_writes bigint NOT NULL DEFAULT 0,
        cost numeric(14, 6) NOT NULL DEFAULT 0,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz
      );
      CREATE INDEX tasks_workspace_created_idx ON tasks (workspace_id, created_at DESC, id DESC);
      CREATE INDEX tasks_active_idx ON tasks (status, updated_at) WHERE status IN ('queued', 'running');
      CREATE INDEX tasks_parent_idx ON tasks (parent_id) WHERE parent_id IS NOT NULL;

      CREATE TABLE task_messages (
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        seq integer NOT NULL,
        ts bigint NOT NULL,
        type text NOT NULL CHECK (type IN ('ask', 'say')),
        ask text,
        say text,
        text text NOT NULL DEFAULT '',
        partial boolean NOT NULL DEFAULT false,
        meta jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT task_messages_pkey PRIMARY KEY (task_id, seq),
        CONSTRAINT task_messages_kind_check CHECK ((type = 'ask') = (ask IS NOT NULL) AND (type = 'say') = (say IS NOT NULL))
      );

      -- The history is append-only: rows are inserted once and only go with their task.
      CREATE FUNCTION task_messages_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'task_messages is append-only';
      END $$;
      CREATE TRIGGER task_messages_no_update BEFORE UPDATE ON task_messages
        FOR EACH ROW EXECUTE FUNCTION task_messages_append_only();

      CREATE TABLE task_shares (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX task_shares_token_key ON task_shares (token_hash);
      CREATE INDEX task_shares_task_idx ON task_shares (task_id);
    `);

    const builtIns: [string, string, string, string, unknown[]][] = [
      [
        'architect',
        '🏗️ Architect',
        "You are Roo, an experienced technical leader who is inquisitive and an excellent planner. Your goal is to gather information and get context to create a detailed plan for accomplishing the user's task, which the user will review and approve before they switch into another mode to implement the solution.",
        'Use this mode when you need to plan, design, or strategize before implementation. Perfect for breaking down complex problems, creating technical specifications, designing system architecture, or brainstorming solutions before coding.',
        ['read', ['edit', { fileRegex: '\\.md$', description: 'Markdown files only' }], 'mcp'],
      ],
      [
        'code',
        '💻 Code',
        'You are Roo, a highly skilled software engineer with extensive knowledge in many programming languages, frameworks, design patterns, and best practices.',
        'Use this mode when you need to write, modify, or refactor code. Ideal for implementing features, fixing bugs, creating new files, or making code improvements across any programming language or framework.',
        ['read', 'edit', 'command', 'mcp'],
      ],
      [
        'ask',
        '❓ Ask',
        'You are Roo, a knowledgeable technical assistant focused on answering questions and providing information about software development, technology, and related topics.',
        'Use this mode when you need explanations, documentation, or answers to technical questions. Best for understanding concepts, analyzing existing code, getting recommendations, or learning about technologies without making changes.',
        ['read', 'mcp'],
      ],
      [
        'debug',
        '🪲 Debug',
        'You are Roo, an expert software debugger specializing in systematic problem diagnosis and resolution.',
        "Use this mode when you're troubleshooting issues, investigating errors, or diagnosing problems. Specialized in systematic debugging, adding logging, analyzing stack traces, and identifying root causes before applying fixes.",
        ['read', 'edit', 'command', 'mcp'],
      ],
      [
        'orchestrator',
        '🪃 Orchestrator',
        "You are Roo, a strategic workflow orchestrator who coordinates complex tasks by delegating them to appropriate specialized modes. You have a comprehensive understanding of each mode's capabilities and limitations, allowing you to effectively break down complex problems into discrete tasks that can be solved by different specialists.",
        'Use this mode for complex, multi-step projects that require coordination across different specialties. Ideal when you need to break down large tasks into subtasks, manage workflows, or coordinate work that spans multiple domains or expertise areas.',
        ['modes'],
      ],
    ];
    for (const [slug, name, roleDefinition, whenToUse, groups] of builtIns) {
      await q.query(
        `INSERT INTO modes (workspace_id, slug, name, role_definition, when_to_use, groups) VALUES (NULL, $1, $2, $3, $4, $5)`,
        [slug, name, roleDefinition, whenToUse, JSON.stringify(groups)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE task_shares;
      DROP TABLE task_messages;
      DROP FUNCTION task_messages_append_only();
      DROP TABLE tasks;
      DROP TABLE modes;
      DROP TABLE provider_profiles;
    `);
  }
}
