import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts at external sign-in providers (GitHub, Google, any OIDC provider) linked to a
 * user. The provider's subject identifies the person for good; the email is what the
 * provider last said, kept for the user's and the admin's information.
 */
export class UserIdentities1765000000000 implements MigrationInterface {
  name = 'UserIdentities1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        provider text NOT NULL,
        subject text NOT NULL,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      );
      CREATE UNIQUE INDEX user_identities_subject_key ON user_identities (provider, subject);
      CREATE UNIQUE INDEX user_identities_user_key ON user_identities (user_id, provider);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE user_identities;');
  }
}
