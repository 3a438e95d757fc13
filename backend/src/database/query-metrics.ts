import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** Statement kinds kept as their own name; anything else is `other`. */
const VERBS = new Set([
  'begin',
  'commit',
  'rollback',
  'start',
  'savepoint',
  'release',
  'set',
  'show',
  'lock',
  'create',
  'alter',
  'drop',
  'copy',
  'truncate',
  'vacuum',
  'analyze',
  'explain',
  'values',
  'do',
  'call',
  'notify',
  'listen',
  'unlisten',
]);
const IDENT = String.raw`(?:"?[a-z_][a-z0-9_]*"?\.)?"?([a-z_][a-z0-9_]*)"?`;
const TABLE_AFTER: Record<string, RegExp> = {
  select: new RegExp(String.raw`\bfrom\s+${IDENT}`, 'i'),
  // The first table a CTE reads or writes (its own name comes later, after FROM).
  with: new RegExp(String.raw`\b(?:from|into|update)\s+${IDENT}`, 'i'),
  insert: new RegExp(String.raw`^insert\s+into\s+${IDENT}`, 'i'),
  update: new RegExp(String.raw`^update\s+(?:only\s+)?${IDENT}`, 'i'),
  delete: new RegExp(String.raw`^delete\s+from\s+(?:only\s+)?${IDENT}`, 'i'),
};
const LEADING_COMMENTS = /^\s*(?:(?:\/\*[\s\S]*?\*\/|--[^\n]*(?:\n|$))\s*)*/;

/** Distinct names this process reports at most; past it new ones count as `other` (label cardinality). */
const MAX_NAMES = 300;
const names = new Set<string>();
const bySql = new Map<string, string>();

function deriveName(sql: string): string {
  const s = sql.replace(LEADING_COMMENTS, '');
  const verb = /^[a-z]+/i.exec(s)?.[0].toLowerCase() ?? '';
  const re = TABLE_AFTER[verb];
  if (!re) return VERBS.has(verb) ? verb : 'other';
  const table = re.exec(s)?.[1];
  return table ? `${verb} ${table.toLowerCase()}` : verb;
}

/**
 * A low-cardinality name for a statement: its kind and the table it is about
 * (`select tasks`, `insert task_messages`, `update tasks`, `commit`), never its text or
 * values. Cached by text: the app's statements are a fixed set of strings.
 */
export function queryName(sql: string): string {
  const cached = bySql.get(sql);
  if (cached) return cached;
  let name = deriveName(sql);
  if (!names.has(name)) {
    if (names.size >= MAX_NAMES) name = 'other';
    else names.add(name);
  }
  if (bySql.size < 5000) bySql.set(sql, name);
  return name;
}

export type QueryObserver = (name: string, seconds: number) => void;
type QueryFn = (...args: unknown[]) => unknown;

/**
 * A pg Client class that times every query (TypeORM's, our raw SQL, pool.query) from the
 * call to the answer, failed ones too; streams and cursors (`submit`) pass through untimed.
 * Given to the pool as its `Client`, so no query path can skip it.
 */
export function instrumentedClient(observe: QueryObserver): typeof pg.Client {
  class InstrumentedClient extends pg.Client {}
  const original = pg.Client.prototype.query as unknown as QueryFn;
  const timed = function (this: pg.Client, ...args: unknown[]): unknown {
    const config = args[0];
    const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
    if (typeof text !== 'string' || typeof (config as { submit?: unknown }).submit === 'function')
      return Reflect.apply(original, this, args);
    const start = performance.now();
    const done = () => observe(queryName(text), (performance.now() - start) / 1000);
    const cbAt = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
    if (cbAt > 0) {
      const callback = args[cbAt] as QueryFn;
      const withTiming = [...args];
      withTiming[cbAt] = (...cbArgs: unknown[]) => {
        done();
        return callback(...cbArgs);
      };
      return Reflect.apply(original, this, withTiming);
    }
    const result = Reflect.apply(original, this, args) as Promise<unknown>;
    return result.then(
      (r) => {
        done();
        return r;
      },
      (e: unknown) => {
        done();
        throw e;
      },
    );
  };
  (InstrumentedClient.prototype as unknown as { query: QueryFn }).query = timed;
  return InstrumentedClient;
}

/** pg-pool's error when no connection frees up within `connectionTimeoutMillis`. */
export function isPoolAcquireTimeout(e: unknown): boolean {
  return e instanceof Error && e.message === 'timeout exceeded when trying to connect';
}
