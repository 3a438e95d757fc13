import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Web Push subscriptions: one row per browser (endpoint) that opted in, owned by the user signed in there. */
export class PushSubscriptions1765020000000 implements MigrationInterface {
  name = 'PushSubscriptions1765020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE push_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        endpoint text NOT NULL CHECK (length(endpoint) <= 2000),
        p256dh text NOT NULL,
        auth text NOT NULL,
        device_label text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sent_at timestamptz,
        last_error text
      );
      CREATE UNIQUE INDEX push_subscriptions_endpoint_key ON push_subscriptions (endpoint);
      CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE push_subscriptions');
  }
}
