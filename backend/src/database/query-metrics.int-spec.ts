import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { services } from '../../test/harness.js';
import { instrumentedClient } from './query-metrics.js';

describe('instrumentedClient (real Postgres)', () => {
  it('times every promise-style query by name, failed ones too, and leaves results untouched', async () => {
    const seen: [string, number][] = [];
    const pool = new pg.Pool({
      connectionString: services().TEST_PG_URL,
      max: 1,
      Client: instrumentedClient((name, s) => seen.push([name, s])),
    });
    try {
      const r = await pool.query('SELECT relname FROM pg_class WHERE relname = $1', ['pg_class']);
      expect(r.rows).toEqual([{ relname: 'pg_class' }]);
      await pool.query({ text: 'SELECT pg_sleep(0.02) FROM pg_class LIMIT 1' });
      await expect(pool.query('SELECT * FROM no_such_table_here')).rejects.toThrow(/does not exist/);
      // Through a checked-out client, as TypeORM does.
      const client = await pool.connect();
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      client.release();
    } finally {
      await pool.end();
    }
    expect(seen.map(([n]) => n)).toEqual([
      'select pg_class',
      'select pg_class',
      'select no_such_table_here',
      'select',
    ]);
    expect(seen.every(([, s]) => s > 0 && s < 10)).toBe(true);
    expect(seen[1][1]).toBeGreaterThanOrEqual(0.02);
  });
});
