import { isPromise, type SqliteDriver, type SqliteExecutor, type SqlRow } from './SqliteDriver';

// Typed by shape, not imported from better-sqlite3: the published types must compile in an
// app that has another SQLite library, or better-sqlite3 without @types/better-sqlite3.
/** The part of a better-sqlite3 statement the driver uses. */
export interface BetterSqlite3Statement {
  // `unknown[]`, as a method: better-sqlite3's `prepare` is generic over its parameters.
  /** Runs the statement with positional parameters. */
  run(...params: unknown[]): unknown;
  /** Runs the query and returns every row. */
  all(...params: unknown[]): unknown[];
}

/** What the driver runs inside `db.transaction(…)`: the store's write. */
export type BetterSqlite3TransactionBody = (tx: SqliteExecutor) => unknown;

/**
 * The part of a better-sqlite3 `Database` the driver uses (`prepare`, `exec`,
 * `transaction(…).immediate`); a `new Database(file)` has it.
 */
export interface BetterSqlite3Database {
  /** Compiles one statement. */
  prepare(sql: string): BetterSqlite3Statement;
  /** Runs statements that take no parameters. */
  exec(sql: string): unknown;
  /** Wraps `fn` in a transaction; `.immediate(…)` runs it as `BEGIN IMMEDIATE`. */
  transaction(fn: (body: BetterSqlite3TransactionBody) => void): {
    /** Runs the transaction with `BEGIN IMMEDIATE`. */
    immediate(body: BetterSqlite3TransactionBody): void;
  };
}

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
export function betterSqlite3(db: BetterSqlite3Database): SqliteDriver {
  // The store's SQL comes from a small fixed set (one text per batch size), so this stays small.
  const statements = new Map<string, BetterSqlite3Statement>();
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
  const inTransaction = db.transaction((fn) => {
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
