import type { Store, StoreOp } from '@nightshift/core';

/**
 * Which calls of a store {@link withFaults} sabotages. Every predicate sees `n`, the
 * 1-based number of the call among calls of its kind, counted over every call including
 * the sabotaged ones.
 *
 * @example
 * // Every other write fails, the fifth hangs.
 * const store = withFaults(createMemoryStore(), {
 *   failWrites: (_ops, n) => n % 2 === 0,
 *   hangWrites: (_ops, n) => n === 5,
 * });
 */
export interface FaultOptions {
  /**
   * Picks writes that reject with an `Error` whose message names `n`. The inner store is
   * not called, so nothing of that write lands (as an atomic store guarantees).
   *
   * @default none: no write fails
   * @example
   * withFaults(store, { failWrites: (_ops, n) => n === 3 }); // the third write fails
   */
  failWrites?: (ops: StoreOp[], n: number) => boolean;
  /**
   * Picks writes that never settle, as a store stuck on a lock or a dead disk. The inner
   * store is not called. Asked only about writes `failWrites` did not pick.
   *
   * @default none: no write hangs
   * @example
   * withFaults(store, { hangWrites: (ops) => ops.some((op) => 'delete' in op) });
   */
  hangWrites?: (ops: StoreOp[], n: number) => boolean;
  /**
   * Makes `load` reject with an `Error` instead of reaching the inner store: `true` for
   * every load, or a predicate over the 1-based load number.
   *
   * @default false
   * @example
   * withFaults(store, { failLoad: (n) => n === 1 }); // the first start() fails, a retry works
   */
  failLoad?: boolean | ((n: number) => boolean);
}

/** A store wrapped by {@link withFaults}. */
export interface FaultyStore extends Store {
  /** How many writes were made through this wrapper, sabotaged ones included. */
  readonly writeCount: number;
  /** Same as the inner store's `close`; resolves at once when it has none. */
  close(): Promise<void>;
}

/**
 * Wraps any {@link Store} so chosen writes reject or never settle, to test how the queue
 * copes with a failing or stuck store. The writes that are not picked, `load` (unless
 * `failLoad` says otherwise) and `close` reach the inner store unchanged.
 *
 * @param store - the store to wrap; it keeps its own state and can still be read directly.
 * @param options - which calls to sabotage. @default {}: a transparent wrapper
 * @example
 * const inner = createMemoryStore();
 * const store = withFaults(inner, { failWrites: (_ops, n) => n === 2 });
 * const queue = createQueue({ platform, store, jobs: [syncInbox] });
 */
export function withFaults(store: Store, options: FaultOptions = {}): FaultyStore {
  const { failWrites, hangWrites, failLoad = false } = options;
  let writes = 0;
  let loads = 0;

  return {
    get writeCount() {
      return writes;
    },

    async load() {
      const n = ++loads;
      const fail = typeof failLoad === 'function' ? failLoad(n) : failLoad;
      if (fail) throw new Error(`withFaults: load #${n} failed (injected fault)`);
      return store.load();
    },

    async write(ops) {
      const n = ++writes;
      if (failWrites?.(ops, n)) throw new Error(`withFaults: write #${n} failed (injected fault)`);
      // A promise that is never resolved: nothing references its resolvers, so it is collected.
      if (hangWrites?.(ops, n)) return new Promise<void>(() => {});
      return store.write(ops);
    },

    async close() {
      await store.close?.();
    },
  };
}
