import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabase, testConfig } from '../../test/harness.js';
import { createDataSource } from './data-source.js';
import { runMigrations, schemaIsCurrent } from './migrator.js';

describe('migrations', () => {
  it('run concurrently from several processes without error, once', async () => {
    const config = testConfig({}, await createDatabase());
    const sources = [createDataSource(config), createDataSource(config), createDataSource(config)];
    await Promise.all(sources.map((s) => s.initialize()));
    expect(await schemaIsCurrent(sources[0])).toBe(false);
    const results = await Promise.all(sources.map((s) => runMigrations(s)));
    // Exactly one runner applied them; the others found nothing pending.
    expect(results.filter((r) => r.length > 0)).toHaveLength(1);
    expect(await schemaIsCurrent(sources[1])).toBe(true);
    await Promise.all(sources.map((s) => s.destroy()));

    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM schema_migrations');
    await client.end();
    expect(rows[0].n).toBe(sources[0].migrations.length);
  });
});
