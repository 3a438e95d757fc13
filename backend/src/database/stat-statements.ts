import type { DataSource } from 'typeorm';

export type StatStatements = 'created' | 'present' | 'not preloaded' | 'not allowed';

/**
 * Creates the pg_stat_statements view in the app's database when the server preloads the
 * library (docker-compose.yml / docker-stack.yml start Postgres with
 * shared_preload_libraries=pg_stat_statements; postgres-exporter reads the view). A server
 * without it, or a role that may not create extensions, is left alone: the app never needs it.
 */
export async function ensureStatStatements(ds: DataSource): Promise<StatStatements> {
  const [{ libs }]: { libs: string }[] = await ds.query(
    `SELECT current_setting('shared_preload_libraries') AS libs`,
  );
  if (!libs.split(',').some((l) => l.trim() === 'pg_stat_statements')) return 'not preloaded';
  const present: unknown[] = await ds.query(
    `SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`,
  );
  if (present.length) return 'present';
  try {
    await ds.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    return 'created';
  } catch {
    return 'not allowed';
  }
}
