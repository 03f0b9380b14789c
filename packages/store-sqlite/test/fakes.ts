// Fakes of op-sqlite and expo-sqlite that behave as those packages document (and as their
// JS sources do), backed by better-sqlite3 so the SQL really runs.
import Database from 'better-sqlite3';
import type { ExpoSqliteDatabase } from '../src/expoSqlite';
import type { OpSqliteDatabase } from '../src/opSqlite';

type Params = unknown[] | undefined;

function toBetter(params: Params): unknown[] {
  // Both libraries take ArrayBuffer and typed arrays for blobs; better-sqlite3 wants bytes.
  return (params ?? []).map((p) => (p instanceof ArrayBuffer ? new Uint8Array(p) : p));
}

function query(db: Database.Database, sql: string, params: Params) {
  const statement = db.prepare(sql);
  if (statement.reader)
    return { rows: statement.all(...toBetter(params)) as Record<string, unknown>[], changes: 0 };
  const info = statement.run(...toBetter(params));
  return { rows: [], changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
}

const later = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * op-sqlite 18: `execute` is async and returns `{ rows, rowsAffected, insertId }` with
 * blobs as ArrayBuffer; `transaction` queues behind other transactions, runs `BEGIN
 * TRANSACTION`, commits when the body resolves, rolls back when it rejects, and refuses
 * statements on a finalized transaction.
 */
export function fakeOpSqlite(db: Database.Database): OpSqliteDatabase {
  let queue: Promise<unknown> = Promise.resolve();
  const execute = async (sql: string, params?: unknown[]) => {
    await later();
    const { rows, changes, lastInsertRowid } = query(db, sql, params);
    const converted = rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) {
        out[k] = Buffer.isBuffer(v) ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v;
      }
      return out;
    });
    return { rows: converted, rowsAffected: changes, insertId: lastInsertRowid } as never;
  };
  const transaction = (fn: (tx: any) => Promise<void>): Promise<void> => {
    const run = async () => {
      let finalized = false;
      const guard = () => {
        if (finalized) throw new Error('OP-Sqlite Error: Cannot execute query on finalized transaction');
      };
      db.exec('BEGIN TRANSACTION;');
      try {
        await fn({
          execute: async (sql: string, params?: unknown[]) => {
            guard();
            return execute(sql, params);
          },
          commit: () => {
            guard();
            db.exec('COMMIT;');
            finalized = true;
            return { rowsAffected: 0, rows: [] };
          },
          rollback: () => {
            guard();
            db.exec('ROLLBACK;');
            finalized = true;
            return { rowsAffected: 0, rows: [] };
          },
        });
        if (!finalized) db.exec('COMMIT;');
      } catch (error) {
        if (!finalized) db.exec('ROLLBACK;');
        throw error;
      }
    };
    const result = queue.then(later).then(run);
    queue = result.catch(() => undefined);
    return result;
  };
  return { execute, transaction } as OpSqliteDatabase;
}

/**
 * expo-sqlite 57: async `execAsync` / `runAsync` / `getAllAsync` (params as an array),
 * blobs as Uint8Array; `withTransactionAsync` runs BEGIN / COMMIT / ROLLBACK on the same
 * connection; `withExclusiveTransactionAsync` opens a new connection to the same file,
 * passes it as `txn`, and closes it afterwards.
 */
export function fakeExpoSqlite(db: Database.Database): ExpoSqliteDatabase {
  const on = (conn: Database.Database) => ({
    async execAsync(source: string) {
      await later();
      conn.exec(source);
    },
    async runAsync(source: string, params?: unknown[]) {
      await later();
      const { changes, lastInsertRowid } = query(conn, source, params);
      return { changes, lastInsertRowId: lastInsertRowid ?? 0 };
    },
    async getAllAsync(source: string, params?: unknown[]) {
      await later();
      return query(conn, source, params).rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(row)) out[k] = Buffer.isBuffer(v) ? new Uint8Array(v) : v;
        return out;
      });
    },
  });
  const main = on(db);
  return {
    ...main,
    async withTransactionAsync(task: () => Promise<void>) {
      try {
        await main.execAsync('BEGIN');
        await task();
        await main.execAsync('COMMIT');
      } catch (e) {
        await main.execAsync('ROLLBACK');
        throw e;
      }
    },
    async withExclusiveTransactionAsync(task: (txn: any) => Promise<void>) {
      const conn = new Database(db.name);
      const txn = on(conn);
      let error: unknown;
      try {
        await txn.execAsync('BEGIN');
        await task(txn);
        await txn.execAsync('COMMIT');
      } catch (e) {
        await txn.execAsync('ROLLBACK');
        error = e;
      } finally {
        conn.close();
      }
      if (error) throw error;
    },
  } as unknown as ExpoSqliteDatabase;
}
