import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createDatabase, testConfig } from '../../test/harness.js';
import { createDataSource } from './data-source.js';
import { ensureStatStatements } from './stat-statements.js';

const ROOT = new URL('../../../', import.meta.url);
interface Stack {
  services: Record<string, { command?: string[] }>;
}

describe('pg_stat_statements', () => {
  it.each(['docker-compose.yml', 'docker-stack.yml'])(
    '%s preloads it in postgres and has postgres-exporter collect it',
    (file) => {
      const stack = parse(readFileSync(new URL(file, ROOT), 'utf8')) as Stack;
      expect(stack.services.postgres.command).toContain('shared_preload_libraries=pg_stat_statements');
      expect(stack.services['postgres-exporter'].command).toContain('--collector.stat_statements');
    },
  );

  describe('ensureStatStatements (real Postgres)', () => {
    let db: ReturnType<typeof createDataSource>;
    beforeAll(async () => {
      db = createDataSource(testConfig({}, await createDatabase()));
      await db.initialize();
    });
    afterAll(() => db?.destroy());

    it('creates nothing on a server that does not preload the library', async () => {
      const libs: { l: string }[] = await db.query(`SELECT current_setting('shared_preload_libraries') AS l`);
      const preloaded = libs[0].l.includes('pg_stat_statements');
      const result = await ensureStatStatements(db);
      const ext: unknown[] = await db.query(
        `SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`,
      );
      if (preloaded) {
        expect(['created', 'present']).toContain(result);
        expect(ext).toHaveLength(1);
      } else {
        expect(result).toBe('not preloaded');
        expect(ext).toHaveLength(0);
      }
    });
  });
});
