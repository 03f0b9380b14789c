import {
  type CorruptEntry,
  InvalidOptionsError,
  type JobRecord,
  NightshiftError,
  readRecord,
  type Store,
  StoreError,
  type StoreOp,
  type StoreWriteOptions,
} from '@nightshift/core';
import { META_TABLE, migrate, quote } from './migrate';

import {
  andThen,
  each,
  isPromise,
  type MaybePromise,
  type SqliteDriver,
  type SqlRow,
  type SqlValue,
} from './SqliteDriver';

/**
 * Transforms each record at rest, to encrypt or compress it. `decode(encode(text))` must
 * give back `text`. A row `decode` throws on is reported as corrupt and left as it is.
 *
 * @example
 * const codec: SqliteCodec = {
 *   encode: (text) => encrypt(key, text),   // string or Uint8Array, or a promise of one
 *   decode: (stored) => decrypt(key, stored),
 * };
 */
export interface SqliteCodec {
  /** Turns a record's JSON text into what is stored: text or bytes (a BLOB). */
  encode(text: string): MaybePromise<string | Uint8Array>;
  /** Turns a stored value back into the record's JSON text; throw when it cannot. */
  decode(stored: string | Uint8Array): MaybePromise<string>;
}

/**
 * Options of `createSqliteStore`.
 *
 * @example
 * const store = createSqliteStore({
 *   driver: betterSqlite3(new Database('jobs.db')),
 *   table: 'upload_jobs',
 *   synchronous: 'full',
 * });
 */
export interface SqliteStoreOptions {
  /**
   * The database, through `betterSqlite3(db)`, `opSqlite(db)`, `expoSqlite(db)` or your own.
   * Required.
   * @example driver: betterSqlite3(new Database('jobs.db'))
   */
  driver: SqliteDriver;
  /**
   * The table that holds the jobs: letters, digits and `_`, not starting with a digit or
   * `sqlite_`, at most 64 characters. Two queues can share a database with two tables.
   * @default 'nightshift_jobs'
   * @example table: 'upload_jobs'
   */
  table?: string;
  /**
   * Encrypts or compresses records at rest (payloads often hold tokens). The `id`, `name`
   * and `state` columns stay readable.
   * @default none: records are stored as JSON text
   * @example codec: aesGcmCodec(key)
   */
  codec?: SqliteCodec;
  /**
   * `PRAGMA synchronous` in WAL mode. `'normal'` survives a killed process but may lose the
   * last transactions on power loss; `'full'` survives that too, at the cost of an fsync per
   * write.
   * @default 'normal'
   * @example synchronous: 'full'
   */
  synchronous?: 'normal' | 'full';
}

const TABLE_NAME = /^(?!sqlite_)[A-Za-z_][A-Za-z0-9_]{0,63}$/i;
/** Rows per multi-row INSERT: 4 parameters each stays under SQLite's oldest limit of 999. */
const PUT_CHUNK = 200;
const DELETE_CHUNK = 500;
/**
 * Rows per page of `loadPages`: reading and decoding a page takes 2–4 ms here, so `start()`
 * over a full store yields between pages (contract: Responsiveness).
 */
const PAGE_ROWS = 1_000;
/** Records serialized between two yields to the host in a large write. */
const SERIALIZE_SLICE = 500;

/**
 * A durable `Store` in one SQLite table, one row per job, over any `SqliteDriver`.
 *
 * The database is opened lazily, on the first `load` or `write`: WAL mode, the chosen
 * `synchronous` level, then the table is created or migrated forward (its schema version
 * is kept in `nightshift_meta`, keyed by table name). A table written by a newer version
 * is refused with a `StoreError` naming both versions, and left as it is.
 *
 * Each `write` is one transaction: every op lands or none does. Records are JSON text
 * (or what the codec makes of it), parsed safely on load; a row that cannot be decoded
 * comes back as `{ id, corrupt }` and is never touched. Driver errors (disk full, database
 * locked) reject with a `StoreError` whose `cause` is the driver's error. `close()` waits
 * for pending work and leaves open the database handle you passed in.
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { createQueue, systemPlatform } from '@nightshift/core';
 * import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
 *
 * const store = createSqliteStore({ driver: betterSqlite3(new Database('jobs.db')) });
 * const queue = createQueue({ platform: systemPlatform(), store, jobs: [sendEmail] });
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const { driver, table = 'nightshift_jobs', codec, synchronous = 'normal' } = options ?? ({} as never);
  if (!driver || typeof driver.transaction !== 'function' || typeof driver.all !== 'function') {
    throw new InvalidOptionsError(
      'createSqliteStore needs a driver: betterSqlite3(db), opSqlite(db) or expoSqlite(db)',
    );
  }
  if (typeof table !== 'string' || !TABLE_NAME.test(table) || table.toLowerCase() === META_TABLE) {
    throw new InvalidOptionsError(
      `createSqliteStore table must match ${TABLE_NAME} and not be "${META_TABLE}", got ${JSON.stringify(table)}`,
    );
  }
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new InvalidOptionsError(`createSqliteStore synchronous must be 'normal' or 'full'`);
  }
  if (codec && (typeof codec.encode !== 'function' || typeof codec.decode !== 'function')) {
    throw new InvalidOptionsError('createSqliteStore codec needs encode and decode functions');
  }

  const t = quote(table);
  const selectAll = `SELECT id, record FROM ${t}`;
  // Keyset pagination on the primary key: each page is an index range scan, never OFFSET.
  const selectFirst = `SELECT id, record FROM ${t} ORDER BY id LIMIT ${PAGE_ROWS}`;
  const selectAfter = `SELECT id, record FROM ${t} WHERE id > ? ORDER BY id LIMIT ${PAGE_ROWS}`;
  const upsertSql = new Map<number, string>();
  const deleteSql = new Map<number, string>();
  // Same text for the same row count, so drivers that cache prepared statements hit.
  const upsert = (rows: number) =>
    cached(upsertSql, rows, () => {
      const values = Array.from({ length: rows }, () => '(?, ?, ?, ?)').join(', ');
      return `INSERT INTO ${t} (id, name, state, record) VALUES ${values}
        ON CONFLICT(id) DO UPDATE SET name = excluded.name, state = excluded.state, record = excluded.record`;
    });
  const remove = (ids: number) =>
    cached(
      deleteSql,
      ids,
      () => `DELETE FROM ${t} WHERE id IN (${Array.from({ length: ids }, () => '?').join(', ')})`,
    );

  let opened: Promise<void> | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  function open(): Promise<void> {
    opened ??= guard('open the database', () =>
      andThen(driver.exec('PRAGMA journal_mode = WAL'), () =>
        andThen(driver.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`), () =>
          migrate(driver, table),
        ),
      ),
    ).catch((error) => {
      // A locked database may open fine on the next call.
      opened = undefined;
      throw error;
    });
    return opened;
  }

  // One operation at a time, each on the state the previous one left.
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  }

  async function load(): Promise<Array<JobRecord | CorruptEntry>> {
    await open();
    return decodeRows(await guard('load jobs', () => driver.all(selectAll)));
  }

  /** One page of rows after `after` (from the start when `undefined`), decoded. */
  async function page(after: string | undefined): Promise<Array<JobRecord | CorruptEntry>> {
    await open();
    const rows = await guard('load jobs', () =>
      after === undefined ? driver.all(selectFirst) : driver.all(selectAfter, [after]),
    );
    return decodeRows(rows);
  }

  /**
   * The rows in pages of {@link PAGE_ROWS}, each read and decoded on its own: `start()` over
   * 100,000 jobs never gets one giant result from an async driver, nor decodes it in one block.
   */
  async function* loadPages(): AsyncGenerator<Array<JobRecord | CorruptEntry>> {
    let after: string | undefined;
    for (;;) {
      const entries = await serial(() => page(after));
      if (entries.length === 0) return;
      yield entries;
      if (entries.length < PAGE_ROWS) return;
      after = entries[entries.length - 1]!.id;
    }
  }

  function decodeRows(rows: SqlRow[]): MaybePromise<Array<JobRecord | CorruptEntry>> {
    const entries: Array<MaybePromise<JobRecord | CorruptEntry>> = new Array(rows.length);
    let pending = false;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const entry = decodeRow(String(row.id), row.record);
      pending ||= isPromise(entry);
      entries[i] = entry;
    }
    return pending ? Promise.all(entries) : (entries as Array<JobRecord | CorruptEntry>);
  }

  function decodeRow(id: string, stored: unknown): MaybePromise<JobRecord | CorruptEntry> {
    const value = stored instanceof ArrayBuffer ? new Uint8Array(stored) : stored;
    if (typeof value !== 'string' && !(value instanceof Uint8Array)) {
      return { id, corrupt: `record is ${value === null ? 'NULL' : typeof value}` };
    }
    if (!codec) {
      return typeof value === 'string'
        ? readRecord(id, value)
        : { id, corrupt: 'record is binary and no codec is set' };
    }
    const fail = (error: unknown): CorruptEntry => ({
      id,
      corrupt: `codec could not decode the record: ${error instanceof Error ? error.message : String(error)}`,
    });
    try {
      const text = codec.decode(value);
      if (isPromise(text)) return text.then((t) => checked(id, t), fail);
      return checked(id, text);
    } catch (error) {
      return fail(error);
    }
  }

  async function write(ops: StoreOp[], options?: StoreWriteOptions): Promise<void> {
    if (ops.length === 0) return;
    await open();
    const yieldToHost = options?.yieldToHost;
    // The last op on an id decides its fate; collapsing lets puts and deletes go in batches.
    const last = new Map<string, StoreOp>();
    for (const op of ops) last.set('put' in op ? op.put.id : op.delete, op);
    const puts: SqlValue[] = [];
    const deletes: string[] = [];
    const encoded: Array<MaybePromise<string | Uint8Array>> = [];
    for (const [id, op] of last) {
      if (!('put' in op)) {
        deletes.push(id);
        continue;
      }
      const text = serialize(op.put);
      puts.push(id, op.put.name, op.put.state, null);
      encoded.push(codec ? guard('encode a record', () => codec.encode(text)) : text);
      // Serializing 10,000 records is tens of ms: let the host in between slices of it. The
      // transaction below stays one transaction, whatever its length.
      if (yieldToHost && encoded.length % SERIALIZE_SLICE === 0) await yieldToHost();
    }
    // Encode everything before the transaction, so it holds the write lock only for SQL.
    const records = encoded.some(isPromise)
      ? await Promise.all(encoded)
      : (encoded as Array<string | Uint8Array>);
    for (let i = 0; i < records.length; i++) puts[i * 4 + 3] = records[i]!;

    const statements: Array<[string, SqlValue[]]> = [];
    for (let i = 0; i < deletes.length; i += DELETE_CHUNK) {
      const chunk = deletes.slice(i, i + DELETE_CHUNK);
      statements.push([remove(chunk.length), chunk]);
    }
    for (let i = 0; i < puts.length; i += PUT_CHUNK * 4) {
      const chunk = puts.slice(i, i + PUT_CHUNK * 4);
      statements.push([upsert(chunk.length / 4), chunk]);
    }
    await guard('write jobs', () =>
      driver.transaction((tx) => each(statements, ([sql, params]) => tx.run(sql, params))),
    );
  }

  return {
    load: () => serial(load),
    loadPages,
    write: (ops: StoreOp[], options?: StoreWriteOptions) => serial(() => write(ops, options)),
    async close() {
      await tail;
      // The handle is the app's: leave it open. A later call simply opens again (cheap).
      opened = undefined;
    },
  };
}

function checked(id: string, text: unknown): JobRecord | CorruptEntry {
  return typeof text === 'string' ? readRecord(id, text) : { id, corrupt: 'codec did not decode to text' };
}

function cached(cache: Map<number, string>, n: number, make: () => string): string {
  let sql = cache.get(n);
  if (sql === undefined) cache.set(n, (sql = make()));
  return sql;
}

function serialize(record: JobRecord): string {
  try {
    const text = JSON.stringify(record);
    if (typeof record.id === 'string' && text !== undefined) return text;
  } catch (cause) {
    throw new StoreError(`sqlite store: job ${String(record?.id)} is not JSON-serializable`, { cause });
  }
  throw new StoreError('sqlite store: a put needs a record with a string id');
}

/** Runs `fn`, turning what it throws or rejects with into a `StoreError` with the cause. */
async function guard<T>(what: string, fn: () => MaybePromise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof NightshiftError) throw cause;
    const detail = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: unknown } | null)?.code;
    throw new StoreError(
      `sqlite store: could not ${what}: ${detail}${typeof code === 'string' ? ` (${code})` : ''}`,
      {
        cause,
      },
    );
  }
}
