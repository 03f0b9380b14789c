import { StoreError } from './errors';
import { tooDeep } from './readRecord';
import { isSealed } from './sealRecord';
import type { CorruptEntry, JobRecord, Store, StoreOp } from './types';

/** One settled promise serves every write: nothing in a write here waits. */
const DONE = Promise.resolve();

/**
 * A `Store` that keeps jobs in memory, for tests, simulations and queues whose jobs
 * need not outlive the process. It is the default store of `createQueue`.
 *
 * It holds copies, never the caller's objects: each put is kept as its JSON text, and
 * `load()` parses fresh records from that text, so mutating
 * a record after `write` or after `load` changes nothing stored. The one exception is a
 * record the queue itself made: the queue never changes one once made, so it is kept as
 * it is and copied only by `load()`.
 *
 * `write` is atomic: every put is serialized before anything changes, so one record that
 * JSON cannot express (a BigInt, a cycle, nesting too deep for `JSON.stringify`) rejects
 * the whole write with a `StoreError` and leaves the store as it was. Values JSON silently
 * drops (`undefined` in an object) are dropped here too; the engine refuses them earlier,
 * at `enqueue`, and so are values nested deeper than `MAX_JSON_DEPTH`, which a write
 * from outside the engine gets as a `StoreError`.
 *
 * @example
 * import { createMemoryStore, createQueue } from '@nightshift/core';
 *
 * const store = createMemoryStore();
 * const queue = createQueue({ platform, store, jobs: [syncInbox] });
 */
export function createMemoryStore(): Store {
  // JSON text per id: one stringify per put and one parse per record on load is the
  // cheapest deep copy there is, and doubles as the serializability check. Records the
  // engine marked as its own (never changed after they are made, their nested values
  // frozen) are kept as they are and copied only on load: a busy queue copies nothing.
  const rows = new Map<string, string | JobRecord>();

  return {
    async load(): Promise<Array<JobRecord | CorruptEntry>> {
      const records: JobRecord[] = [];
      for await (const page of pagesOf([...rows.values()])) for (const rec of page) records.push(rec);
      return records;
    },

    // The rows are taken at the call, and copied a page at a time as the engine asks.
    loadPages: () => pagesOf([...rows.values()]),

    write(ops: StoreOp[]): Promise<void> {
      // Serialize every put before touching the map, so a bad record changes nothing.
      // The queue's own records need no copy: then there is nothing to check first.
      let texts: Array<string | undefined> | undefined;
      for (let i = 0; i < ops.length; i++) {
        const put = (ops[i] as { put?: JobRecord }).put;
        if (put === undefined || isSealed(put)) continue;
        try {
          (texts ??= new Array(ops.length))[i] = serialize(put);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      for (let i = 0; i < ops.length; i++) {
        const op = ops[i] as { put?: JobRecord; delete?: string };
        if (op.put === undefined) rows.delete(op.delete!);
        else rows.set(op.put.id, texts?.[i] ?? op.put);
      }
      return DONE;
    },

    // Nothing to release. The data stays, so a queue started again on the same store
    // after `stop()` (which closes it) finds its jobs, as it would on a durable store.
    async close(): Promise<void> {},
  };
}

/**
 * Records copied per page: about a millisecond of `JSON.parse` here, so that `start()` over
 * 100,000 jobs yields between pages (contract: Responsiveness).
 */
const PAGE = 500;

async function* pagesOf(rows: Array<string | JobRecord>): AsyncGenerator<JobRecord[]> {
  for (let at = 0; at < rows.length; at += PAGE) {
    const end = Math.min(rows.length, at + PAGE);
    const page: JobRecord[] = new Array(end - at);
    // Plain JSON.parse is safe here: the text came from our own stringify, and JSON.parse
    // defines a `__proto__` key as an own property rather than setting the prototype.
    for (let i = at; i < end; i++) {
      const row = rows[i]!;
      page[i - at] = JSON.parse(typeof row === 'string' ? row : JSON.stringify(row)) as JobRecord;
    }
    yield page;
  }
}

function serialize(record: JobRecord): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch (cause) {
    throw new StoreError(`memory store: job ${String(record?.id)} is not JSON-serializable`, { cause });
  }
  if (typeof record?.id !== 'string' || text === undefined) {
    throw new StoreError(`memory store: a put needs a record with a string id`);
  }
  const deep = tooDeep(record, text);
  if (deep !== undefined) throw new StoreError(`memory store: job ${record.id}: ${deep}`);
  return text;
}
