import type { SqliteDriver, SqliteExecutor, SqlRow, SqlValue } from './SqliteDriver';

// Typed by shape, not imported from op-sqlite: the published types must compile in an app
// that does not have op-sqlite (a Node app, an Expo app on expo-sqlite).
/** The part of op-sqlite's `Transaction` (and `DB`) the driver uses: `execute`. */
export interface OpSqliteExecutor {
  /** Runs one statement with `?` parameters; resolves with its rows. */
  execute(
    query: string,
    params?: SqlValue[],
  ): Promise<{
    /** The rows, by column name. */
    rows: Array<Record<string, unknown>>;
  }>;
}

/** The part of op-sqlite's `DB` the driver uses; an `open()`ed database has it. */
export interface OpSqliteDatabase extends OpSqliteExecutor {
  /** Runs `fn` in a transaction: commits when it resolves, rolls back when it rejects. */
  transaction(fn: (tx: OpSqliteExecutor) => Promise<void>): Promise<void>;
}

/**
 * A `SqliteDriver` over an [op-sqlite](https://github.com/OP-Engineering/op-sqlite) database,
 * for React Native. Queries go through `execute`, which runs off the JS thread; writes go
 * through `db.transaction`, which op-sqlite queues behind other transactions on the same
 * database and rolls back when the body throws. op-sqlite starts it with a plain `BEGIN`
 * (deferred): the store's write transactions read nothing before writing, so the lock is
 * taken by the first statement and no read-to-write upgrade can deadlock. Blobs come back as
 * `ArrayBuffer`, which the store accepts. The database stays yours: the store never closes it.
 *
 * @example
 * import { open } from '@op-engineering/op-sqlite';
 * import { createSqliteStore, opSqlite } from '@nightshift/store-sqlite';
 *
 * const store = createSqliteStore({ driver: opSqlite(open({ name: 'jobs.db' })) });
 */
export function opSqlite(db: OpSqliteDatabase): SqliteDriver {
  const on = (target: OpSqliteExecutor): SqliteExecutor => ({
    run: (sql, params) => target.execute(sql, scalars(params)),
    all: async (sql, params) => (await target.execute(sql, scalars(params))).rows as SqlRow[],
  });
  return {
    ...on(db),
    exec: (sql) => db.execute(sql),
    transaction: (fn) =>
      db.transaction(async (tx) => {
        await fn(on(tx));
      }),
  };
}

function scalars(params: readonly SqlValue[] | undefined): SqlValue[] | undefined {
  // op-sqlite does not keep or change the array; only the readonly-ness differs.
  return params as SqlValue[] | undefined;
}
