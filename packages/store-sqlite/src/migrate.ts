import { StoreError } from '@nightshift/core';
import { andThen, each, type MaybePromise, type SqliteDriver, type SqliteExecutor } from './SqliteDriver';

/** The table that records each job table's schema version, keyed by table name. */
export const META_TABLE = 'nightshift_meta';

/** Statements that take a job table from version `i` to `i + 1`, given its quoted name. */
export type Migration = (table: string) => string[];

/**
 * Every schema version, oldest first; the current version is `MIGRATIONS.length`.
 * Append, never edit: a database at version n runs migrations n, n + 1, … on open.
 */
export const MIGRATIONS: readonly Migration[] = [
  // 1: one row per job. `record` is JSON text, or the codec's output (text or bytes); BLOB
  // affinity stores either unchanged. No index besides the primary key's: the engine reads
  // every row once at start (a full scan no index would help) and then writes and deletes
  // by id only, so an index on name or state would cost a B-tree update on every state
  // change, the hottest write there is, and serve no query. The name and state columns
  // are for people inspecting the database, and stay readable when a codec encrypts the record.
  (table) => [
    `CREATE TABLE IF NOT EXISTS ${table} (
      id TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      state TEXT NOT NULL,
      record BLOB NOT NULL
    )`,
  ],
];

/** The schema version this package writes; a table recorded at a higher one is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `table` to the newest version in `migrations`, inside one transaction, and
 * refuses a table whose recorded version is newer than this code knows.
 */
export function migrate(
  driver: SqliteDriver,
  table: string,
  migrations: readonly Migration[] = MIGRATIONS,
): MaybePromise<void> {
  const latest = migrations.length;
  const quoted = quote(table);
  return andThen(
    driver.exec(
      `CREATE TABLE IF NOT EXISTS ${META_TABLE} (table_name TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL)`,
    ),
    () =>
      driver.transaction((tx: SqliteExecutor) =>
        andThen(
          tx.all(`SELECT version FROM ${META_TABLE} WHERE table_name = ?`, [table]),
          (rows): MaybePromise<void> => {
            const found = Number(rows[0]?.version ?? 0);
            if (found > latest) {
              throw new StoreError(
                `sqlite store: table "${table}" has schema version ${found}, but this version of ` +
                  `@nightshift/store-sqlite knows up to version ${latest}. Upgrade @nightshift/store-sqlite ` +
                  `(the database was written by a newer one); the data is left as it is.`,
              );
            }
            if (found === latest) return;
            const statements = migrations.slice(found).flatMap((migration) => migration(quoted));
            return andThen(
              each(statements, (sql) => tx.run(sql)),
              () =>
                andThen(
                  tx.run(
                    `INSERT INTO ${META_TABLE} (table_name, version) VALUES (?, ?)
                   ON CONFLICT(table_name) DO UPDATE SET version = excluded.version`,
                    [table, latest],
                  ),
                  () => undefined,
                ),
            );
          },
        ),
      ),
  );
}

/** Quotes an identifier already checked against `/^[A-Za-z_][A-Za-z0-9_]*$/`. */
export function quote(identifier: string): string {
  return `"${identifier}"`;
}
