import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email flows and second factors: verified addresses, the opt-in for "a task waits for
 * you" mails, single-use mail tokens (stored as SHA-256 only), TOTP secrets (sealed with
 * ENCRYPTION_KEY), recovery codes (SHA-256 of 80 random bits) and passkeys.
 */
export class AccountSecurity1765010000000 implements MigrationInterface {
  name = 'AccountSecurity1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN email_verified_at timestamptz,
        ADD COLUMN notify_task_waiting boolean NOT NULL DEFAULT false;

      CREATE TABLE email_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
        token_hash text NOT NULL,
        email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE UNIQUE INDEX email_tokens_hash_key ON email_tokens (token_hash);
      CREATE INDEX email_tokens_user_idx ON email_tokens (user_id, purpose);

      CREATE TABLE user_totp (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret_sealed text NOT NULL,
        confirmed_at timestamptz,
        last_step bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      );
      CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

      CREATE TABLE webauthn_credentials (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        credential_id text NOT NULL,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      );
      CREATE UNIQUE INDEX webauthn_credentials_credential_key ON webauthn_credentials (credential_id);
      CREATE INDEX webauthn_credentials_user_idx ON webauthn_credentials (user_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE webauthn_credentials;
      DROP TABLE recovery_codes;
      DROP TABLE user_totp;
      DROP TABLE email_tokens;
      ALTER TABLE users DROP COLUMN notify_task_waiting, DROP COLUMN email_verified_at;
    `);
  }
}
