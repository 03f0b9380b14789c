import {
  type CorruptEntry,
  InvalidOptionsError,
  type JobRecord,
  readRecord,
  type Store,
  StoreError,
  type StoreOp,
  type StoreWriteOptions,
} from '@nightshift/core';
import { committed, requested } from './idbRequests';
import { JOBS_STORE, openDatabase } from './openDatabase';
import { storeErrorFrom } from './storeErrorFrom';

/**
 * Options of {@link createIndexedDbStore}.
 *
 * @example
 * const store = createIndexedDbStore({ name: 'app-jobs', pageSize: 1_000 });
 */
export interface IndexedDbStoreOptions {
  /**
   * The IndexedDB database the store owns, one per queue. Every tab, worker and service
   * worker of the origin that opens this name sees the same jobs. Required.
   * @example name: 'app-jobs'
   */
  name: string;
  /**
   * Jobs per page of `loadPages()`: each page is one read and one decode, short enough to
   * keep a frame on a phone.
   * @default 2_000
   * @example pageSize: 500
   */
  pageSize?: number;
}

/** A stretch of synchronous work, in ms, after which a long write lets the host run. */
const SLICE_MS = 4;
/** How often a loop reads the clock: every 64 items costs nothing next to the work. */
const CHECK_EVERY = 63;

const now: () => number =
  typeof performance !== 'undefined' && typeof performance.now === 'function'
    ? () => performance.now()
    : Date.now;

/**
 * A durable `Store` in IndexedDB: one object store of jobs, keyed by id, each job's
 * record kept as its JSON text.
 *
 * - Each `write` is one `readwrite` transaction opened with `durability: 'strict'`, so it
 *   resolves only once the browser reports the data on disk, and every op of it lands or
 *   none does. Records are serialized before the transaction opens, in slices that let the
 *   host run (`options.yieldToHost`); a large write places its requests in slices too,
 *   each continued from the last request's callback, so the transaction stays one.
 * - Reads come in pages (`loadPages()`, `pageSize` jobs each); `load()` reads everything at
 *   once. An entry that cannot be decoded comes back as `{ id, corrupt }` and is left as it is.
 * - The schema version is the database's IndexedDB version. A database written by a newer
 *   version of this package is refused with a `StoreError` naming both versions. When
 *   another context upgrades the database, this one closes its connection so that the
 *   upgrade is not blocked, and refuses the newer version on its next call.
 * - IndexedDB's errors reject with a `StoreError` whose `cause` is the browser's error; a
 *   full quota is named as such.
 *
 * The database opens lazily, on the first call, so creating a store costs nothing in a
 * tab that never runs the jobs (see `createTabQueue` in `@nightshift/adapter-web`). It
 * works in pages, dedicated workers and service workers.
 *
 * @example
 * import { createQueue, defineJob, systemPlatform } from '@nightshift/core';
 * import { createIndexedDbStore } from '@nightshift/store-indexeddb';
 *
 * const hello = defineJob({ name: 'hello', run: (p: { to: string }) => `hello ${p.to}` });
 * const queue = createQueue({
 *   platform: systemPlatform(),
 *   store: createIndexedDbStore({ name: 'app-jobs' }),
 *   jobs: [hello],
 * });
 */
export function createIndexedDbStore(options: IndexedDbStoreOptions): Store {
  const { name, pageSize = 2_000 } = options ?? ({} as IndexedDbStoreOptions);
  if (typeof name !== 'string' || name.length === 0) {
    throw new InvalidOptionsError(
      `createIndexedDbStore needs a database name, got ${JSON.stringify(name) ?? String(name)}`,
    );
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InvalidOptionsError(`createIndexedDbStore pageSize must be an integer >= 1, got ${pageSize}`);
  }

  let connection: Promise<IDBDatabase> | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  function database(): Promise<IDBDatabase> {
    if (!connection) {
      const opening = openDatabase(name, () => {
        if (connection === opening) connection = undefined;
      });
      connection = opening;
      // A failed open (a blocked upgrade, a newer version) is tried again on the next call.
      opening.catch(() => {
        if (connection === opening) connection = undefined;
      });
    }
    return connection;
  }

  // One operation at a time, each on the state the previous one left.
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  }

  async function readPage(after: string | undefined, count: number | undefined) {
    const db = await database();
    try {
      const tx = db.transaction(JOBS_STORE, 'readonly');
      const jobs = tx.objectStore(JOBS_STORE);
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const [keys, values] = await Promise.all([
        requested(jobs.getAllKeys(range, count)),
        requested(jobs.getAll(range, count)),
      ]);
      return { keys, values };
    } catch (cause) {
      throw storeErrorFrom(name, 'load jobs', cause);
    }
  }

  async function write(ops: StoreOp[], yieldToHost: (() => Promise<void>) | undefined): Promise<void> {
    if (ops.length === 0) return;
    const texts = await serialize(ops, yieldToHost);
    const db = await database();
    let thrown: unknown;
    let tx: IDBTransaction;
    try {
      tx = db.transaction(JOBS_STORE, 'readwrite', { durability: 'strict' });
    } catch (cause) {
      throw storeErrorFrom(name, 'write jobs', cause);
    }
    const done = committed(tx);
    const jobs = tx.objectStore(JOBS_STORE);
    const place = (from: number) => {
      const started = now();
      try {
        for (let i = from; i < ops.length; i++) {
          const op = ops[i]!;
          const request = 'put' in op ? jobs.put(texts[i], op.put.id) : jobs.delete(op.delete);
          // Requests can be placed only while the transaction is active: the next slice
          // goes on from this request's callback, which keeps the transaction one.
          if ((i & CHECK_EVERY) === CHECK_EVERY && i + 1 < ops.length && now() - started > SLICE_MS) {
            request.onsuccess = () => place(i + 1);
            return;
          }
        }
      } catch (error) {
        thrown = error;
        try {
          tx.abort();
        } catch {
          // Already finished or aborting: the abort reason below stands.
        }
      }
    };
    place(0);
    try {
      await done;
    } catch (cause) {
      throw storeErrorFrom(name, 'write jobs', thrown ?? cause);
    }
  }

  return {
    load: () =>
      serial(async () => {
        const { keys, values } = await readPage(undefined, undefined);
        return decode(keys, values);
      }),
    async *loadPages() {
      let after: string | undefined;
      for (;;) {
        const { keys, values } = await serial(() => readPage(after, pageSize));
        if (keys.length > 0) yield decode(keys, values);
        if (keys.length < pageSize) return;
        after = keys[keys.length - 1] as string;
      }
    },
    write: (ops: StoreOp[], options?: StoreWriteOptions) => serial(() => write(ops, options?.yieldToHost)),
    async close() {
      await tail;
      const open = connection;
      connection = undefined;
      // A later call opens the database again.
      if (open) (await open.catch(() => undefined))?.close();
    },
  };
}

/** Every put's JSON text, by op index, made before the transaction opens so that it holds no lock meanwhile. */
async function serialize(
  ops: StoreOp[],
  yieldToHost: (() => Promise<void>) | undefined,
): Promise<Array<string | undefined>> {
  const texts: Array<string | undefined> = new Array(ops.length);
  let started = now();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if ('put' in op) texts[i] = toText(op.put);
    if (yieldToHost && (i & CHECK_EVERY) === CHECK_EVERY && now() - started > SLICE_MS) {
      await yieldToHost();
      started = now();
    }
  }
  return texts;
}

function toText(record: JobRecord): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch (cause) {
    throw new StoreError(`IndexedDB store: job ${String(record?.id)} is not JSON-serializable`, { cause });
  }
  if (typeof record?.id !== 'string' || text === undefined) {
    throw new StoreError('IndexedDB store: a put needs a record with a string id');
  }
  return text;
}

function decode(keys: IDBValidKey[], values: unknown[]): Array<JobRecord | CorruptEntry> {
  const entries: Array<JobRecord | CorruptEntry> = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = values[i];
    if (typeof key !== 'string')
      entries[i] = { id: String(key), corrupt: `key is a ${typeof key}, not an id` };
    else if (typeof value !== 'string') {
      entries[i] = { id: key, corrupt: `value is ${value === null ? 'null' : typeof value}, not JSON text` };
    } else entries[i] = readRecord(key, value);
  }
  return entries;
}
