import type BetterSqlite3 from 'better-sqlite3';
import { isPromise, type SqliteDriver, type SqliteExecutor, type SqlRow } from './SqliteDriver';

/**
 * A `SqliteDriver` over a [better-sqlite3](https://github.com/WiseLibs/better-sqlite3)
 * (12.x) database, for Node. Fully synchronous: a write is one `BEGIN IMMEDIATE`
 * transaction that runs without yielding to the event loop. Statements are prepared once
 * per SQL text and reused. The database stays yours: the store never closes it.
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
 *
 * const store = createSqliteStore({ driver: betterSqlite3(new Database('jobs.db')) });
 */
export function betterSqlite3(db: BetterSqlite3.Database): SqliteDriver {
  // The store's SQL comes from a small fixed set (one text per batch size), so this stays small.
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const executor: SqliteExecutor = {
    run: (sql, params = []) => prepare(sql).run(...params),
    all: (sql, params = []) => prepare(sql).all(...params) as SqlRow[],
  };
  // better-sqlite3 commits when the function returns, so an async body would commit early.
  const inTransaction = db.transaction((fn: (tx: SqliteExecutor) => unknown) => {
    if (isPromise(fn(executor))) {
      throw new TypeError('betterSqlite3 driver: a transaction body must be synchronous');
    }
  });
  return {
    ...executor,
    exec: (sql) => db.exec(sql),
    transaction: (fn) => inTransaction.immediate(fn),
  };
}
