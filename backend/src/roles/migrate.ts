import type { AppConfig } from '../config/app-config.js';
import { createDataSource } from '../database/data-source.js';
import { runMigrations } from '../database/migrator.js';
import { ensureStatStatements } from '../database/stat-statements.js';

/** The `migrate` role: apply pending migrations under the advisory lock, then exit. */
export async function runMigrate(config: AppConfig): Promise<void> {
  const ds = createDataSource(config);
  await ds.initialize();
  try {
    const applied = await runMigrations(ds);
    const msg = applied.length
      ? `applied ${applied.length} migration(s): ${applied.join(', ')}`
      : 'schema is current';
    process.stdout.write(JSON.stringify({ level: 30, role: 'migrate', msg }) + '\n');
    const statStatements = await ensureStatStatements(ds);
    process.stdout.write(
      JSON.stringify({ level: 30, role: 'migrate', msg: `pg_stat_statements: ${statStatements}` }) + '\n',
    );
  } finally {
    await ds.destroy();
  }
}
