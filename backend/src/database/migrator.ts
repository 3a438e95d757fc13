import type { DataSource } from 'typeorm';

/** Arbitrary constant key of the advisory lock held while migrating ("roo" + "mig"). */
const MIGRATION_LOCK_KEY = 726_611_103;

/**
 * Applies pending migrations under a Postgres advisory lock, so replicas that start at
 * the same time run them once: the others wait, then find nothing pending.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** True when every migration this build knows is applied (the API is not ready before). */
export async function schemaIsCurrent(ds: DataSource): Promise<boolean> {
  const known = ds.migrations.map((m) => m.name ?? m.constructor.name);
  const rows: { name: string }[] = await ds
    .query(`SELECT name FROM ${ds.options.migrationsTableName ?? 'migrations'}`)
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.name));
  return known.every((name) => applied.has(name));
}
