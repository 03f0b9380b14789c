import { MAX_JSON_DEPTH } from '@nightshift/core';
import type { CorruptEntry, JobRecord, Json, Store } from '../types';
import { check, equal, rejectsWithCode, show } from './assert';
import {
  type FastCheckLike,
  type FC,
  idArbitrary,
  jsonValueArbitrary,
  normalizeJson,
  textArbitrary,
} from './jsonArbitrary';
import { makeJobRecord } from './makeJobRecord';
import { runQueueRoundTrip } from './queueRoundTrip';
import type { TestRunner } from './testRunner';

/**
 * Options of `runStoreConformance`: the test runner's `describe` and `it`, fast-check, and
 * hooks that let it test what only some stores can do.
 *
 * @example
 * import fc from 'fast-check';
 * import { describe, it } from 'vitest';
 *
 * let file = '';
 * const open = () => createSqliteStore({ driver: betterSqlite3(new Database(file)) });
 * runStoreConformance(
 *   'sqlite',
 *   () => {
 *     file = join(mkdtempSync(join(tmpdir(), 'nightshift-')), 'jobs.db'); // a new, empty database per test
 *     return open();
 *   },
 *   { describe, it, fc, reopen: open },
 * );
 */
export interface StoreConformanceOptions extends TestRunner {
  /**
   * The fast-check module (`import fc from 'fast-check'`, 3.23 or later), for the
   * property tests. Required: every store must pass them.
   * @example fc
   */
  fc: FastCheckLike;
  /**
   * Opens a second store over the first one's data (after the suite closed the first),
   * to check that writes survive. Leave it out for a store that keeps nothing: the suite
   * then starts again on the same store object, as a queue does after `stop()`.
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
  /**
   * Runs of each property test. Each run of the queue round trip starts three queues on
   * the store, so a slow store may want fewer; a store under suspicion, more.
   * @default 50
   * @example propertyRuns: 200
   */
  propertyRuns?: number;
  /**
   * Seeds the property tests, to replay a failure fast-check reported.
   * @default a new seed each time
   * @example seed: 1_234_567
   */
  seed?: number;
}

/**
 * Registers a suite, with your runner's `describe` and `it`, that checks a `Store` against
 * the contract the engine relies on: round trips, replacement and deletion, all-or-nothing
 * writes, copies rather than shared references, keys such as `__proto__` and
 * `constructor` kept as data, unicode and large payloads, the nesting limit, corrupt
 * entries, persistence across a reopen, and two property tests over generated JSON: one
 * writes records and loads them back, the other enqueues a job on a real queue over the
 * store, saves a checkpoint, returns a result, restarts and compares everything with deep
 * strict equality. `makeStore` is called at least once per test and must return an empty
 * store each time.
 *
 * The suite imports no test runner, no Node built-in and not fast-check: it runs under
 * vitest, jest, node:test or a browser page's own runner, from `import` or `require`.
 *
 * @example
 * import { runStoreConformance } from '@nightshift/core/testing';
 * import fc from 'fast-check';
 * import { describe, it } from 'vitest';
 *
 * runStoreConformance('my store', () => createMyStore(), {
 *   describe,
 *   it,
 *   fc,
 *   reopen: (store) => createMyStore(store.path),
 * });
 */
export function runStoreConformance(
  name: string,
  makeStore: () => Store | Promise<Store>,
  options: StoreConformanceOptions,
): void {
  const { describe, it, reopen, corrupt, rejectsUnserializable = true, propertyRuns = 50, seed } = options;
  const fc = options.fc as unknown as FC;
  const again = async (store: Store): Promise<Store> => {
    await store.close?.();
    return reopen ? reopen(store) : store;
  };

  describe(`store conformance: ${name}`, () => {
    it('loads nothing from a new store', async () => {
      const store = await makeStore();
      equal(await store.load(), [], 'load() of a new store');
    });

    it('loads a record equal to the one put', async () => {
      const store = await makeStore();
      const rec = record('a', { repeat: { everyMs: 60_000, flexMs: 1_000 }, checkpoint: { page: 2 } });
      await store.write([{ put: rec }]);
      equal(await store.load(), [rec], 'load() after one put');
    });

    it('replaces a record by a later put of the same id', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }]);
      const later = record('a', { state: 'succeeded', attempts: 1, result: { ok: true } });
      await store.write([{ put: later }]);
      equal(await store.load(), [later], 'load() after a second put of one id');
    });

    it('removes a record on delete, and a delete of a missing id is fine', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }, { put: record('b') }]);
      await store.write([{ delete: 'a' }]);
      await store.write([{ delete: 'never-there' }]);
      equal(await store.load(), [record('b')], 'load() after the deletes');
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
      equal(
        byId(await store.load()),
        byId([record('b', { priority: 5 }), record('c'), record('e')]),
        'load() after a mixed write',
      );
    });

    it('runs writes in the order they were called', async () => {
      const store = await makeStore();
      const first = store.write([{ put: record('a', { attempts: 1 }) }]);
      const second = store.write([{ put: record('a', { attempts: 2 }) }]);
      await Promise.all([first, second]);
      equal(
        await store.load(),
        [record('a', { attempts: 2 })],
        'load() after two writes not awaited between',
      );
    });

    if (rejectsUnserializable) {
      it('rejects a write holding a record JSON cannot express, and changes nothing', async () => {
        const store = await makeStore();
        await store.write([{ put: record('a') }, { put: record('b') }]);
        const bad = record('x', { payload: { n: BigInt(1) } as never });
        await rejectsWithCode(
          store.write([
            { put: record('a', { attempts: 2 }) },
            { delete: 'b' },
            { put: record('c') },
            { put: bad },
          ]),
          'STORE',
          'a write holding a BigInt',
        );
        equal(byId(await store.load()), byId([record('a'), record('b')]), 'load() after the failed write');
        // The store is still usable after the failed write.
        await store.write([{ put: record('c') }]);
        equal(
          byId(await store.load()),
          byId([record('a'), record('b'), record('c')]),
          'load() after a write that followed the failed one',
        );
      });
    }

    it('keeps copies: mutating a record after write or after load changes nothing stored', async () => {
      const store = await makeStore();
      const rec = record('a', { payload: { list: [1, 2], nested: { x: 1 } } });
      await store.write([{ put: rec }]);
      (rec.payload as { list: number[] }).list.push(3);
      rec.tags.push('mutated');
      const original = record('a', { payload: { list: [1, 2], nested: { x: 1 } } });
      const [loaded] = (await store.load()) as JobRecord[];
      equal(loaded, original, 'load() after the written record was changed');
      (loaded!.payload as { nested: { x: number } }).nested.x = 99;
      loaded!.state = 'failed';
      equal(await store.load(), [original], 'load() after a loaded record was changed');
    });

    it('keeps __proto__, constructor and prototype keys as own data, with Object.prototype', async () => {
      const store = await makeStore();
      const text =
        '{"a":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"inner":{"__proto__":[1]}}';
      await store.write([
        { put: record('a', { payload: JSON.parse(text), result: { constructor: 'Ford' } }) },
      ]);
      const [loaded] = (await (await again(store)).load()) as JobRecord[];
      const p = loaded!.payload as Record<string, unknown>;
      check(Object.getPrototypeOf(p) === Object.prototype, 'a loaded payload has Object.prototype');
      check(
        Object.getPrototypeOf(p.inner) === Object.prototype,
        'a nested loaded object has Object.prototype',
      );
      equal(Object.keys(p), ['a', '__proto__', 'constructor', 'inner'], 'the payload keys');
      equal(JSON.stringify(p), text, 'the payload, as JSON');
      equal(JSON.stringify(loaded!.result), '{"constructor":"Ford"}', 'the result, as JSON');
      const own = Object.getOwnPropertyDescriptor(p, '__proto__');
      check(own !== undefined && 'value' in own, '__proto__ is an own data property');
      check(({} as { polluted?: unknown }).polluted === undefined, 'Object.prototype is untouched');
    });

    it('round-trips unicode and large payloads', async () => {
      const store = await makeStore();
      const text = 'héllo wörld ✓ 日本語 עברית 🚀👩‍👩‍👧 \u2028\u2029 \u0000 "quoted" \\ \n\t \ud800 \udfff';
      const big = 'x'.repeat(300_000);
      const recs = [
        record('ünï-çødé-🚀', { payload: { text, [text]: text }, tags: [text] }),
        record('big', { payload: { big, list: Array.from({ length: 2_000 }, (_, i) => i * 1.5) } }),
      ];
      await store.write(recs.map((put) => ({ put })));
      equal(byId(await (await again(store)).load()), byId(recs), 'load() of unicode and large payloads');
    });

    it('round-trips 1,000 records', async () => {
      const store = await makeStore();
      const recs = Array.from({ length: 1_000 }, (_, i) => record(`job-${i}`, { seq: i, payload: { i } }));
      await store.write(recs.map((put) => ({ put })));
      await store.write(recs.filter((_, i) => i % 2 === 0).map((r) => ({ delete: r.id })));
      const loaded = await store.load();
      equal(loaded.length, 500, 'records left after deleting half of 1,000');
      equal(byId(loaded), byId(recs.filter((_, i) => i % 2 === 1)), 'load() of the other half');
    });

    it(`keeps values nested ${MAX_JSON_DEPTH} deep, and refuses or reports as corrupt one level more`, async () => {
      const store = await makeStore();
      const atLimit = record('at-limit', {
        payload: nested(MAX_JSON_DEPTH),
        result: nested(MAX_JSON_DEPTH),
        checkpoint: nested(MAX_JSON_DEPTH),
        dependencyResults: { dep: nested(MAX_JSON_DEPTH) },
      });
      await store.write([{ put: atLimit }, { put: record('b') }]);
      equal(byId(await (await again(store)).load()), byId([atLimit, record('b')]), 'load() at the limit');

      for (const [id, payload] of [
        ['one-more', nested(MAX_JSON_DEPTH + 1)],
        // Past what JSON.stringify or a structured clone can walk on most engines.
        ['far-more', nested(100_000)],
      ] as const) {
        const beyond = await makeStore();
        await beyond.write([{ put: record('b') }]);
        const written = await beyond.write([{ put: record(id, { payload }) }]).then(
          () => true,
          (error: unknown) => {
            equal(
              (error as { code?: unknown }).code,
              'STORE',
              `a write of a payload nested past the limit (${id})`,
            );
            return false;
          },
        );
        const loaded = await beyond.load();
        const entry = loaded.find((e) => e.id === id);
        if (written) {
          check(
            entry !== undefined && 'corrupt' in entry,
            `a record nested past the limit (${id}) must be refused by write() or loaded as { id, corrupt }; load() gave ${show(entry)}`,
          );
        } else check(entry === undefined, `a refused write (${id}) stored nothing`);
        equal(
          loaded.filter((e) => e.id !== id),
          [record('b')],
          `the other records, next to one nested past the limit (${id})`,
        );
      }
    });

    if (corrupt) {
      it('reports a corrupt entry as { id, corrupt }, loads the others and leaves it as it is', async () => {
        const store = await makeStore();
        await store.write([{ put: record('a') }, { put: record('b') }, { put: record('c') }]);
        await corrupt(store, 'b');
        const expectCorrupt = (entries: Array<JobRecord | CorruptEntry>, when: string) => {
          const bad = entries.filter((e) => 'corrupt' in e) as CorruptEntry[];
          equal(
            bad.map((e) => e.id),
            ['b'],
            `ids loaded as corrupt ${when}`,
          );
          check(
            typeof bad[0]!.corrupt === 'string' && bad[0]!.corrupt.length > 0,
            `a corrupt entry says why ${when}`,
          );
        };
        const loaded = await store.load();
        expectCorrupt(loaded, 'after the damage');
        equal(
          byId(loaded.filter((e) => !('corrupt' in e))),
          byId([record('a'), record('c')]),
          'the records next to a corrupt one',
        );
        // Neither loading nor writing other records touches the corrupt entry.
        await store.write([{ put: record('a', { attempts: 1 }) }]);
        const again = await store.load();
        expectCorrupt(again, 'after a write of another record');
        equal(
          byId(again.filter((e) => !('corrupt' in e))),
          byId([record('a', { attempts: 1 }), record('c')]),
          'the records next to a corrupt one, after a write',
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
        const reopened = await reopen(store);
        equal(
          byId(await reopened.load()),
          byId([record('a', { state: 'running', attempts: 1 }), recs[1]!]),
          'load() after a reopen',
        );
        await reopened.write([{ put: record('d') }]);
        equal((await reopened.load()).length, 3, 'records after a write on the reopened store');
        await reopened.close?.();
      });
    }

    it('resolves close() when the store has one', async () => {
      const store = await makeStore();
      await store.write([{ put: record('a') }]);
      if (store.close) equal(await store.close(), undefined, 'what close() resolves with');
    });

    it('property: records holding any JSON load back deep-strict-equal', async () => {
      const json = jsonValueArbitrary(fc).map(normalizeJson);
      const text = textArbitrary(fc);
      const one = fc.record({
        payload: json,
        result: json,
        checkpoint: json,
        dependencyResults: fc.dictionary(idArbitrary(fc), json, { maxKeys: 3, noNullPrototype: true }),
        tags: fc.array(text, { maxLength: 3 }),
        uniqueKey: text,
        message: text,
      });
      const arbitrary = fc.tuple(
        fc.uniqueArray(idArbitrary(fc), { minLength: 1, maxLength: 3 }),
        fc.array(one, { minLength: 3, maxLength: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(arbitrary, async ([ids, values]) => {
          const recs = ids.map((id, i) => {
            const { message, ...fields } = values[i]!;
            return record(id, {
              ...fields,
              progress: { value: 0.5, message },
              error: { name: 'Error', message, code: message },
            });
          });
          const store = await makeStore();
          await store.write(recs.map((put) => ({ put })));
          const reopened = await again(store);
          equal(byId(await reopened.load()), byId(recs), 'load() of generated records');
          if (reopened.loadPages) {
            const paged: Array<JobRecord | CorruptEntry> = [];
            for await (const page of reopened.loadPages()) paged.push(...page);
            equal(byId(paged), byId(recs), 'loadPages() of generated records');
          }
          await reopened.close?.();
        }),
        { numRuns: propertyRuns, ...(seed === undefined ? {} : { seed }) },
      );
    });

    it('property: a queue gives back payload, checkpoint and result exactly, across restarts', async () => {
      const json = jsonValueArbitrary(fc);
      await fc.assert(
        fc.asyncProperty(fc.record({ payload: json, checkpoint: json, result: json }), async (given) => {
          await runQueueRoundTrip(makeStore, async (store) => (reopen ? reopen(store) : store), given, {
            payload: normalizeJson(given.payload),
            checkpoint: normalizeJson(given.checkpoint),
            result: normalizeJson(given.result),
          });
        }),
        { numRuns: propertyRuns, ...(seed === undefined ? {} : { seed }) },
      );
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

/** `levels` arrays and objects, alternating, one inside another. */
function nested(levels: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

function byId(entries: Array<JobRecord | CorruptEntry>): Record<string, JobRecord | CorruptEntry> {
  const out: Record<string, JobRecord | CorruptEntry> = Object.create(null);
  for (const entry of entries) out[entry.id] = entry;
  return out;
}
