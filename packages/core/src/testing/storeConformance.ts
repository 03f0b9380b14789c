import { describe, expect, it } from 'vitest';
import type { CorruptEntry, JobRecord, Store } from '../types';
import { makeJobRecord } from './makeJobRecord';

/**
 * Options of `runStoreConformance`: hooks that let it test what only some stores can do.
 *
 * @example
 * let file = '';
 * const open = () => createSqliteStore({ driver: betterSqlite3(new Database(file)) });
 * runStoreConformance(
 *   'sqlite',
 *   () => {
 *     file = join(mkdtempSync(join(tmpdir(), 'nightshift-')), 'jobs.db'); // a new, empty database per test
 *     return open();
 *   },
 *   { reopen: open },
 * );
 */
export interface StoreConformanceOptions {
  /**
   * Opens a second store over the first one's data (after the suite closed the first),
   * to check that writes survive. Leave it out for a store that keeps nothing.
   * @default none: the persistence tests are skipped
   * @example reopen: () => createSqliteStore({ driver: betterSqlite3(new Database(file)) })
   */
  reopen?: (store: Store) => Store | Promise<Store>;
  /**
   * Damages the stored entry of `id` behind the store's back (broken JSON, say), to check
   * that `load()` reports it as `{ id, corrupt }`, still loads the others and leaves it be.
   * @default none: the corruption tests are skipped
   * @example corrupt: (_store, id) => db.prepare('UPDATE nightshift_jobs SET record = ? WHERE id = ?').run('{', id)
   */
  corrupt?: (store: Store, id: string) => void | Promise<void>;
  /**
   * Whether a write with one record JSON cannot express (a BigInt payload) must reject
   * and change nothing. Every store Nightshift ships can; a store that takes records
   * without serializing them cannot tell.
   * @default true
   */
  rejectsUnserializable?: boolean;
}

/**
 * Registers a vitest suite that checks a `Store` against the contract the engine relies
 * on: round trips, replacement and deletion, all-or-nothing writes, copies rather than
 * shared references, prototype safety, unicode and large payloads, corrupt entries, and
 * persistence across a reopen. `makeStore` is called once per test and must return an
 * empty store.
 *
 * @example
 * import { runStoreConformance } from '@nightshift/core/testing';
 *
 * runStoreConformance('my store', () => createMyStore(), {
 *   reopen: (store) => createMyStore(store.path),
 * });
 */
export function runStoreConformance(
  name: string,
  makeStore: () => Store | Promise<Store>,
  options: StoreConformanceOptions = {},
): void {
  const { reopen, corrupt, rejectsUnserializable = true } = options;

  describe(`store conformance: ${name}`, () => {
    it('loads nothing from a new store', async () => {
      const store = await makeStore();
      expect(await store.load()).toEqual([]);
    });

    it('loads a record equal to the one put', async () => {
      const store = await makeStore();
      const rec = record('a', { repeat: { everyMs: 60_000, flexMs: 1_000 }, checkpoint: { page: 2 } });
      await store.write([{ put: rec }]);
      expect(await store.load()).toEqual([rec]);
    });

    it('replaces a record by a later put of the same id', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }]);
      const later = record('a', { state: 'succeeded', attempts: 1, result: { ok: true } });
      await store.write([{ put: later }]);
      expect(await store.load()).toEqual([later]);
    });

    it('removes a record on delete, and a delete of a missing id is fine', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }, { put: record('b') }]);
      await store.write([{ delete: 'a' }]);
      await store.write([{ delete: 'never-there' }]);
      expect(await store.load()).toEqual([record('b')]);
    });

    it('applies every op of one write, the last op on an id winning', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }, { put: record('b') }]);
      await store.write([
        { delete: 'a' },
        { put: record('c') },
        { put: record('b', { priority: 5 }) },
        { put: record('d') },
        { delete: 'd' },
        { delete: 'e' },
        { put: record('e') },
      ]);
      expect(byId(await store.load())).toEqual(
        byId([record('b', { priority: 5 }), record('c'), record('e')]),
      );
    });

    it('runs writes in the order they were called', async () => {
      const store = await makeStore();
      const first = store.write([{ put: record('a', { attempts: 1 }) }]);
      const second = store.write([{ put: record('a', { attempts: 2 }) }]);
      await Promise.all([first, second]);
      expect(await store.load()).toEqual([record('a', { attempts: 2 })]);
    });

    if (rejectsUnserializable) {
      it('rejects a write holding a record JSON cannot express, and changes nothing', async () => {
        const store = await makeStore();
        await store.write([{ put: record('a') }, { put: record('b') }]);
        const bad = record('x', { payload: { n: 1n } as never });
        await expect(
          store.write([
            { put: record('a', { attempts: 2 }) },
            { delete: 'b' },
            { put: record('c') },
            { put: bad },
          ]),
        ).rejects.toMatchObject({ code: 'STORE' });
        expect(byId(await store.load())).toEqual(byId([record('a'), record('b')]));
        // The store is still usable after the failed write.
        await store.write([{ put: record('c') }]);
        expect(byId(await store.load())).toEqual(byId([record('a'), record('b'), record('c')]));
      });
    }

    it('keeps copies: mutating a record after write or after load changes nothing stored', async () => {
      const store = await makeStore();
      const rec = record('a', { payload: { list: [1, 2], nested: { x: 1 } } });
      await store.write([{ put: rec }]);
      (rec.payload as { list: number[] }).list.push(3);
      rec.tags.push('mutated');
      const [loaded] = (await store.load()) as JobRecord[];
      expect(loaded).toEqual(record('a', { payload: { list: [1, 2], nested: { x: 1 } } }));
      (loaded!.payload as { nested: { x: number } }).nested.x = 99;
      loaded!.state = 'failed';
      expect(await store.load()).toEqual([record('a', { payload: { list: [1, 2], nested: { x: 1 } } })]);
    });

    it('loads payloads with __proto__ and constructor keys as ordinary objects', async () => {
      const store = await makeStore();
      const payload = JSON.parse(
        '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"inner":{"__proto__":{"polluted":true}}}',
      );
      await store.write([{ put: record('a', { payload }) }]);
      const [loaded] = (await store.load()) as JobRecord[];
      const p = loaded!.payload as Record<string, unknown>;
      expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(p.inner)).toBe(Object.prototype);
      expect(p.a).toBe(1);
      expect((p as { polluted?: unknown }).polluted).toBeUndefined();
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      // Such keys are either dropped or kept as plain own data properties, never accessors.
      for (const key of ['__proto__', 'constructor']) {
        const own = Object.getOwnPropertyDescriptor(p, key);
        if (own) expect('value' in own).toBe(true);
      }
    });

    it('round-trips unicode and large payloads', async () => {
      const store = await makeStore();
      const text = 'héllo wörld ✓ 日本語 עברית 🚀👩‍👩‍👧 \u2028\u2029 \u0000 "quoted" \\ \n\t';
      const big = 'x'.repeat(300_000);
      const recs = [
        record('ünï-çødé-🚀', { payload: { text, [text]: text }, tags: [text] }),
        record('big', { payload: { big, list: Array.from({ length: 2_000 }, (_, i) => i * 1.5) } }),
      ];
      await store.write(recs.map((put) => ({ put })));
      expect(byId(await store.load())).toEqual(byId(recs));
    });

    it('round-trips 1,000 records', async () => {
      const store = await makeStore();
      const recs = Array.from({ length: 1_000 }, (_, i) => record(`job-${i}`, { seq: i, payload: { i } }));
      await store.write(recs.map((put) => ({ put })));
      await store.write(recs.filter((_, i) => i % 2 === 0).map((r) => ({ delete: r.id })));
      const loaded = await store.load();
      expect(loaded).toHaveLength(500);
      expect(byId(loaded)).toEqual(byId(recs.filter((_, i) => i % 2 === 1)));
    });

    if (corrupt) {
      it('reports a corrupt entry as { id, corrupt }, loads the others and leaves it as it is', async () => {
        const store = await makeStore();
        await store.write([{ put: record('a') }, { put: record('b') }, { put: record('c') }]);
        await corrupt(store, 'b');
        const loaded = await store.load();
        expect(loaded.filter((e) => 'corrupt' in e)).toEqual([{ id: 'b', corrupt: expect.any(String) }]);
        expect((loaded.find((e) => e.id === 'b') as CorruptEntry).corrupt.length).toBeGreaterThan(0);
        expect(byId(loaded.filter((e) => !('corrupt' in e)))).toEqual(byId([record('a'), record('c')]));
        // Neither loading nor writing other records touches the corrupt entry.
        await store.write([{ put: record('a', { attempts: 1 }) }]);
        const again = await store.load();
        expect(again.filter((e) => 'corrupt' in e)).toEqual([{ id: 'b', corrupt: expect.any(String) }]);
        expect(byId(again.filter((e) => !('corrupt' in e)))).toEqual(
          byId([record('a', { attempts: 1 }), record('c')]),
        );
      });
    }

    if (reopen) {
      it('keeps what was written across a reopen', async () => {
        const store = await makeStore();
        const recs = [record('a'), record('b', { payload: { deep: { list: ['x'] } } }), record('c')];
        await store.write(recs.map((put) => ({ put })));
        await store.write([{ delete: 'c' }, { put: record('a', { state: 'running', attempts: 1 }) }]);
        await store.close?.();
        const again = await reopen(store);
        expect(byId(await again.load())).toEqual(
          byId([record('a', { state: 'running', attempts: 1 }), recs[1]!]),
        );
        await again.write([{ put: record('d') }]);
        expect(await again.load()).toHaveLength(3);
        await again.close?.();
      });
    }

    it('resolves close() when the store has one', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }]);
      if (store.close) await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

const T = 1_700_000_000_000;
const record = (id: string, overrides: Partial<JobRecord> = {}): JobRecord =>
  makeJobRecord(id, {
    name: 'conformance',
    createdAt: T,
    updatedAt: T,
    runAt: T,
    tags: ['t'],
    seq: 1,
    ...overrides,
  });

function byId(entries: Array<JobRecord | CorruptEntry>): Record<string, JobRecord | CorruptEntry> {
  const out: Record<string, JobRecord | CorruptEntry> = Object.create(null);
  for (const entry of entries) out[entry.id] = entry;
  return out;
}
