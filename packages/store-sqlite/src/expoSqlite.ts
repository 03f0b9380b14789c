import type { SqliteDriver, SqliteExecutor, SqlRow, SqlValue } from './SqliteDriver';

// Typed by shape, not imported from expo-sqlite: the published types must compile in an app
// that does not have expo-sqlite (a Node app, a bare React Native app on op-sqlite).
/** The part of expo-sqlite's `SQLiteDatabase` (and of a transaction's) that runs statements. */
export interface ExpoSqliteExecutor {
  /** Runs one statement with `?` parameters. */
  runAsync(source: string, params: SqlValue[]): Promise<unknown>;
  /** Runs one query; resolves with all of its rows. */
  getAllAsync<T>(source: string, params: SqlValue[]): Promise<T[]>;
}

/** The part of expo-sqlite's `SQLiteDatabase` the driver uses; `openDatabaseAsync` gives one. */
export interface ExpoSqliteDatabase extends ExpoSqliteExecutor {
  /** Runs statements that take no parameters. */
  execAsync(source: string): Promise<unknown>;
  /** Runs `task` in a transaction on this connection. */
  withTransactionAsync(task: () => Promise<void>): Promise<void>;
  /** Runs `task` in a transaction on a connection of its own. */
  withExclusiveTransactionAsync(task: (txn: ExpoSqliteExecutor) => Promise<void>): Promise<void>;
}

/**
 * Options of `expoSqlite`.
 *
 * @example
 * const store = createSqliteStore({ driver: expoSqlite(db, { exclusive: true }) });
 */
export interface ExpoSqliteDriverOptions {
  /**
   * Write through `withExclusiveTransactionAsync`, on a connection of its own, so no
   * other query of the app can slip into the store's transaction. expo-sqlite opens that
   * connection for every transaction, which costs time, is not available on web, and
   * runs with SQLite's default `synchronous` (FULL) rather than the store's setting.
   * Without it, writes use `withTransactionAsync` on the shared connection: fast, but a
   * query the app runs on the same database while a store write is in flight joins it.
   * @default false
   * @example expoSqlite(db, { exclusive: true })
   */
  exclusive?: boolean;
}

/**
 * A `SqliteDriver` over an [expo-sqlite](https://docs.expo.dev/versions/latest/sdk/sqlite/)
 * database (`openDatabaseAsync` / `openDatabaseSync`), for React Native with Expo. Uses the
 * async API only, so nothing blocks the JS thread. Blobs come back as `Uint8Array`.
 * The database stays yours: the store never closes it.
 *
 * @example
 * import * as SQLite from 'expo-sqlite';
 * import { createSqliteStore, expoSqlite } from '@nightshift/store-sqlite';
 *
 * const db = await SQLite.openDatabaseAsync('jobs.db');
 * const store = createSqliteStore({ driver: expoSqlite(db) });
 */
export function expoSqlite(db: ExpoSqliteDatabase, options: ExpoSqliteDriverOptions = {}): SqliteDriver {
  const on = (target: ExpoSqliteExecutor): SqliteExecutor => ({
    run: (sql, params = []) => target.runAsync(sql, bind(params)),
    all: (sql, params = []) => target.getAllAsync<SqlRow>(sql, bind(params)),
  });
  const shared = on(db);
  return {
    ...shared,
    exec: (sql) => db.execAsync(sql),
    transaction: (fn) =>
      options.exclusive
        ? db.withExclusiveTransactionAsync(async (txn) => {
            await fn(on(txn));
          })
        : db.withTransactionAsync(async () => {
            await fn(shared);
          }),
  };
}

function bind(params: readonly SqlValue[]): SqlValue[] {
  // expo-sqlite does not keep or change the array; only the readonly-ness differs.
  return params as SqlValue[];
}
