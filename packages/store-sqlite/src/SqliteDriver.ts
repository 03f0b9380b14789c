/** A value SQLite can bind: text, a number, NULL or bytes. */
export type SqlValue = string | number | null | Uint8Array;

/** One result row, by column name. Blobs may come back as `Uint8Array` or `ArrayBuffer`. */
export type SqlRow = Record<string, unknown>;

/** A value, or a promise of it: drivers may be synchronous or asynchronous. */
export type MaybePromise<T> = T | Promise<T>;

/** Runs single statements with `?` placeholders. */
export interface SqliteExecutor {
  /** Runs one statement that returns no rows (INSERT, UPDATE, DELETE, DDL). */
  run(sql: string, params?: readonly SqlValue[]): MaybePromise<unknown>;
  /** Runs one query and returns all of its rows. */
  all(sql: string, params?: readonly SqlValue[]): MaybePromise<SqlRow[]>;
}

/**
 * What `createSqliteStore` needs from a SQLite library: four methods, each synchronous or
 * asynchronous. `betterSqlite3`, `opSqlite` and `expoSqlite` build one; write your own for
 * another library.
 *
 * @example
 * const driver: SqliteDriver = {
 *   exec: (sql) => db.exec(sql),
 *   run: (sql, params = []) => db.prepare(sql).run(...params),
 *   all: (sql, params = []) => db.prepare(sql).all(...params),
 *   transaction: (fn) => db.transaction(() => fn(driver)).immediate(),
 * };
 */
export interface SqliteDriver extends SqliteExecutor {
  /** Runs one statement without parameters, ignoring any rows (the store uses it for PRAGMAs). */
  exec(sql: string): MaybePromise<unknown>;
  /**
   * Runs `fn` inside one write transaction (`BEGIN IMMEDIATE` where the library lets the
   * driver choose): commits when `fn` returns or resolves, rolls back and rethrows when it
   * throws or rejects. Statements inside go through `tx`. When every `tx` call returns
   * synchronously, `fn` does too, so a synchronous library can keep the whole transaction
   * synchronous.
   */
  transaction(fn: (tx: SqliteExecutor) => MaybePromise<void>): MaybePromise<void>;
}

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

// Not named `then`: a module exporting `then` is itself thenable, and `import()` of it hangs on it.
/** `fn(value)`, waiting first only when `value` is a promise, so sync drivers stay sync. */
export function andThen<T, U>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(fn) : fn(value);
}

/** Calls `fn` on each item in order, waiting only on the calls that return a promise. */
export function each<T>(
  items: readonly T[],
  fn: (item: T) => MaybePromise<unknown>,
  from = 0,
): MaybePromise<void> {
  for (let i = from; i < items.length; i++) {
    const result = fn(items[i]!);
    if (isPromise(result)) return result.then(() => each(items, fn, i + 1));
  }
}
