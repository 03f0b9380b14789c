import { InvalidOptionsError, StoreError } from './errors';
import { readRecord } from './readRecord';
import type { CorruptEntry, JobRecord, Store, StoreOp, StoreWriteOptions } from './types';

/** A value, or a promise of it: a {@link KeyValueStorage} may be synchronous (`localStorage`, MMKV) or asynchronous (AsyncStorage). */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Any string key-value storage, sync or async: AsyncStorage (v1/v2 `multi*` or v3 `*Many`),
 * `localStorage`, or MMKV through a three-line shim. The batch methods are optional and
 * only save round trips.
 */
export interface KeyValueStorage {
  /** The value stored under `key`; `null` or `undefined` when there is none. */
  getItem(key: string): MaybePromise<string | null | undefined>;
  /** Stores `value` under `key`, replacing what was there. Must be atomic for one key. */
  setItem(key: string, value: string): MaybePromise<void>;
  /** Removes `key`; removing an absent key is not an error. The result is ignored. */
  removeItem(key: string): MaybePromise<unknown>;
  /** AsyncStorage v1/v2. */
  multiGet?(keys: string[]): MaybePromise<ReadonlyArray<readonly [string, string | null | undefined]>>;
  /** AsyncStorage v1/v2. */
  multiSet?(pairs: Array<[string, string]>): MaybePromise<void>;
  /** AsyncStorage v1/v2. */
  multiRemove?(keys: string[]): MaybePromise<void>;
  /** AsyncStorage v3. */
  getMany?(keys: string[]): MaybePromise<Record<string, string | null | undefined>>;
  /** AsyncStorage v3. */
  setMany?(entries: Record<string, string>): MaybePromise<void>;
  /** AsyncStorage v3. */
  removeMany?(keys: string[]): MaybePromise<void>;
}

/**
 * Options of `createKeyValueStore`.
 *
 * @example
 * const store = createKeyValueStore(localStorage, { prefix: 'myapp:jobs:' });
 */
export interface KeyValueStoreOptions {
  /**
   * Put in front of every key this store writes, so several queues (or other data) can
   * share one storage.
   * @default 'nightshift:'
   * @example createKeyValueStore(AsyncStorage, { prefix: 'uploads:' })
   */
  prefix?: string;
}

/** Jobs read per page of `loadPages`: one `multiGet` and about a millisecond of decoding. */
const PAGE_KEYS = 500;

/** Records serialized between two yields to the host in a large write. */
const SERIALIZE_SLICE = 500;

/** The index: the commit point of every write. */
interface Index {
  v: 1;
  /** The last generation used; job keys carry the generation that wrote them. */
  gen: number;
  /** [id, generation] of every job, in first-write order. */
  jobs: Array<[string, number]>;
  /** Keys a committed write left behind, removed by the next write if removal failed. */
  garbage: string[];
}

/**
 * A `Store` over a string key-value storage: one key per job and one index key that lists
 * the jobs. Records are read with `readRecord`: every key comes back as it was written
 * (an own `__proto__` stays an own property, never a prototype), and an entry that is not
 * JSON, lacks a required field or nests deeper than `MAX_JSON_DEPTH` comes back from
 * `load()` as `{ id, corrupt }` and stays as it is.
 *
 * Atomicity. Key-value storages have no transactions, but writing one key is atomic in all
 * of them, so the index is the commit point. A job key carries the generation of the write
 * that made it (`<prefix>job:<id>:<gen>`) and is never overwritten in place: a write first
 * stores its new keys, then the index naming them, then removes the keys it replaced.
 * A crash before the index lands leaves unlisted keys, which `load()` ignores, and the old
 * state whole; a crash after it leaves the new state whole plus stale keys, which the index
 * records and the next write removes. So a write is all or nothing, also across a crash.
 * A listed job whose key is gone (removed behind the store's back) is skipped.
 * The price is that each write rewrites the index, O(jobs) bytes; keep retention modest.
 *
 * Errors from the storage reject with a `StoreError` whose `cause` is the storage's error.
 * One process owns a store at a time (two would overwrite each other's index).
 *
 * @example
 * import AsyncStorage from '@react-native-async-storage/async-storage';
 * import { createKeyValueStore, createQueue } from '@nightshift/core';
 *
 * const store = createKeyValueStore(AsyncStorage);
 * const queue = createQueue({ platform, store, jobs });
 *
 * @example
 * // MMKV through a shim
 * const store = createKeyValueStore({
 *   getItem: (k) => mmkv.getString(k),
 *   setItem: (k, v) => mmkv.set(k, v),
 *   removeItem: (k) => mmkv.remove(k),
 * });
 */
export function createKeyValueStore(kv: KeyValueStorage, options: KeyValueStoreOptions = {}): Store {
  if (
    typeof kv !== 'object' ||
    kv === null ||
    typeof kv.getItem !== 'function' ||
    typeof kv.setItem !== 'function' ||
    typeof kv.removeItem !== 'function'
  ) {
    throw new InvalidOptionsError('createKeyValueStore needs a storage with getItem, setItem and removeItem');
  }
  const prefix = options.prefix ?? 'nightshift:';
  if (typeof prefix !== 'string')
    throw new InvalidOptionsError('createKeyValueStore prefix must be a string');
  const indexKey = `${prefix}index`;
  const jobKey = (id: string, gen: number) => `${prefix}job:${id}:${gen}`;

  let index: Index | undefined;
  // The highest generation ever tried: one whose outcome is unknown is never reused.
  let lastGen = 0;
  let tail: Promise<unknown> = Promise.resolve();

  // Loads and writes run one at a time, each on the state the previous one left.
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  }

  async function readIndex(): Promise<Index> {
    const text = await call('read the index', () => kv.getItem(indexKey));
    if (text === null || text === undefined) return { v: 1, gen: lastGen, jobs: [], garbage: [] };
    const parsed = parseIndex(text);
    if (!parsed) {
      // Without the index no job can be found; refuse rather than write a fresh one over it.
      throw new StoreError(`key-value store: the index at "${indexKey}" is corrupt; left as it is`);
    }
    parsed.gen = Math.max(parsed.gen, lastGen);
    lastGen = parsed.gen;
    return parsed;
  }

  async function getMany(keys: string[]): Promise<Array<string | null | undefined>> {
    if (keys.length === 0) return [];
    if (kv.getMany) {
      const found = await call('read jobs', () => kv.getMany!(keys));
      return keys.map((key) => (Object.hasOwn(found, key) ? found[key] : null));
    }
    if (kv.multiGet) {
      const pairs = await call('read jobs', () => kv.multiGet!(keys));
      const byKey = new Map(pairs.map(([k, v]) => [k, v] as const));
      return keys.map((key) => byKey.get(key));
    }
    return Promise.all(keys.map((key) => call('read a job', () => kv.getItem(key))));
  }

  /** Reads and decodes the jobs listed; one listed but gone (removed behind our back) is skipped. */
  async function readJobs(listed: ReadonlyArray<[string, number]>): Promise<Array<JobRecord | CorruptEntry>> {
    const texts = await getMany(listed.map(([id, gen]) => jobKey(id, gen)));
    const entries: Array<JobRecord | CorruptEntry> = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (text === null || text === undefined) continue;
      entries.push(readRecord(listed[i]![0], text));
    }
    return entries;
  }

  async function setMany(pairs: Array<[string, string]>): Promise<void> {
    if (pairs.length === 0) return;
    if (kv.setMany) {
      const entries: Record<string, string> = {};
      for (const [key, value] of pairs) entries[key] = value;
      await call('write jobs', () => kv.setMany!(entries));
    } else if (kv.multiSet) await call('write jobs', () => kv.multiSet!(pairs));
    else await Promise.all(pairs.map(([key, value]) => call('write a job', () => kv.setItem(key, value))));
  }

  async function removeMany(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    if (kv.removeMany) await call('remove jobs', () => kv.removeMany!(keys));
    else if (kv.multiRemove) await call('remove jobs', () => kv.multiRemove!(keys));
    else await Promise.all(keys.map((key) => call('remove a job', () => kv.removeItem(key))));
  }

  return {
    load() {
      return serial(async () => {
        const current = await readIndex();
        const entries = await readJobs(current.jobs);
        index = current;
        return entries;
      });
    },

    // The index is read once; the jobs it lists in chunks, each read and decoded on its own.
    async *loadPages() {
      const current = await serial(readIndex);
      index = current;
      for (let at = 0; at < current.jobs.length; at += PAGE_KEYS) {
        const chunk = current.jobs.slice(at, at + PAGE_KEYS);
        yield await serial(() => readJobs(chunk));
      }
    },

    write(ops: StoreOp[], options?: StoreWriteOptions) {
      return serial(async () => {
        if (ops.length === 0) return;
        const yieldToHost = options?.yieldToHost;
        const current = index ?? (index = await readIndex());
        // The last op on an id decides its fate, so ops collapse to one per id.
        const last = new Map<string, StoreOp>();
        for (const op of ops) last.set('put' in op ? op.put.id : op.delete, op);

        const gen = ++lastGen;
        const jobs = new Map(current.jobs);
        const puts: Array<[string, string]> = [];
        const replaced: string[] = [];
        for (const [id, op] of last) {
          const old = jobs.get(id);
          if (old !== undefined) replaced.push(jobKey(id, old));
          if ('put' in op) {
            puts.push([jobKey(id, gen), serialize(op.put)]);
            // Serializing thousands of records is tens of ms: let the host in between slices.
            if (yieldToHost && puts.length % SERIALIZE_SLICE === 0) await yieldToHost();
            jobs.set(id, gen);
          } else jobs.delete(id);
        }

        try {
          await setMany(puts);
        } catch (error) {
          // Unlisted keys are harmless, but tidy up what we can.
          await removeMany(puts.map(([key]) => key)).catch(() => undefined);
          throw error;
        }
        const next: Index = { v: 1, gen, jobs: [...jobs], garbage: [...current.garbage, ...replaced] };
        // If this fails the write may or may not have landed; the generation is spent either
        // way and the in-memory index keeps the last state known to be committed.
        await call('write the index', () => kv.setItem(indexKey, JSON.stringify(next)));
        index = next;
        try {
          await removeMany(next.garbage);
          next.garbage = [];
        } catch {
          // The write is committed; the stale keys stay listed as garbage and the next
          // write tries again. Nothing reads them in the meantime.
        }
      });
    },

    async close(): Promise<void> {
      await tail;
    },
  };
}

async function call<T>(what: string, fn: () => MaybePromise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError(
      `key-value store: could not ${what}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

function serialize(record: JobRecord): string {
  try {
    const text = JSON.stringify(record);
    if (typeof record.id === 'string' && text !== undefined) return text;
  } catch (cause) {
    throw new StoreError(`key-value store: job ${String(record?.id)} is not JSON-serializable`, { cause });
  }
  throw new StoreError('key-value store: a put needs a record with a string id');
}

function parseIndex(text: string): Index | undefined {
  let value: unknown;
  try {
    // Plain JSON.parse: the index holds only arrays, numbers and strings we wrote.
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, gen, jobs, garbage } = value as Record<string, unknown>;
  if (v !== 1 || typeof gen !== 'number' || !Array.isArray(jobs)) return undefined;
  for (const entry of jobs) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number')
      return undefined;
  }
  const keys = Array.isArray(garbage) ? garbage.filter((k): k is string => typeof k === 'string') : [];
  return { v: 1, gen, jobs: jobs as Array<[string, number]>, garbage: keys };
}
