import 'fake-indexeddb/auto';
import { type JobRecord, StoreError } from '@nightshift/core';
import { makeJobRecord } from '@nightshift/core/testing';
import { describe, expect, it } from 'vitest';
import { createIndexedDbStore, JOBS_STORE, SCHEMA_VERSION } from '../src/index';

let n = 0;
const freshName = () => `unit-${n++}`;

function rawOpen(name: string, version?: number, upgrade?: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    request.onupgradeneeded = () => upgrade?.(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function rawPut(db: IDBDatabase, value: unknown, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(JOBS_STORE, 'readwrite');
    tx.objectStore(JOBS_STORE).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

const records = (count: number, extra: Partial<JobRecord> = {}) =>
  Array.from({ length: count }, (_, i) =>
    makeJobRecord(`job-${String(i).padStart(6, '0')}`, { seq: i, ...extra }),
  );

describe('createIndexedDbStore', () => {
  it('refuses a missing name or a bad page size at once', () => {
    expect(() => createIndexedDbStore({ name: '' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(() => createIndexedDbStore({ name: 'a', pageSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('reads in pages of pageSize that hold what load() holds', async () => {
    const store = createIndexedDbStore({ name: freshName(), pageSize: 1_000 });
    const recs = records(2_500);
    await store.write(recs.map((put) => ({ put })));
    const pages: number[] = [];
    const paged: unknown[] = [];
    for await (const page of store.loadPages!()) {
      pages.push(page.length);
      paged.push(...page);
    }
    expect(pages).toEqual([1_000, 1_000, 500]);
    expect(paged).toEqual(await store.load());
    expect(paged).toEqual(recs);
  });

  it('reports a value that is not JSON text as corrupt and loads the rest', async () => {
    const name = freshName();
    const store = createIndexedDbStore({ name });
    await store.write([{ put: makeJobRecord('a') }]);
    const db = await rawOpen(name);
    await rawPut(db, { id: 'b', structured: true }, 'b');
    db.close();
    expect(await store.load()).toEqual([
      makeJobRecord('a'),
      { id: 'b', corrupt: 'value is object, not JSON text' },
    ]);
  });

  it('refuses a database of a newer schema version, naming both versions, and leaves it as it is', async () => {
    const name = freshName();
    const db = await rawOpen(name, SCHEMA_VERSION + 1, (d) => d.createObjectStore(JOBS_STORE));
    await rawPut(db, 'kept as it is', 'x');
    db.close();
    const store = createIndexedDbStore({ name });
    const error = await store.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(`schema version ${SCHEMA_VERSION + 1}`);
    expect((error as Error).message).toMatch(`knows up to version ${SCHEMA_VERSION}`);
    await expect(store.write([{ put: makeJobRecord('a') }])).rejects.toBeInstanceOf(StoreError);
    const again = await rawOpen(name);
    expect(again.version).toBe(SCHEMA_VERSION + 1);
    const value = await new Promise((resolve) => {
      const request = again.transaction(JOBS_STORE).objectStore(JOBS_STORE).get('x');
      request.onsuccess = () => resolve(request.result);
    });
    expect(value).toBe('kept as it is');
    again.close();
  });

  it('steps aside when another context upgrades the database, then refuses the newer version', async () => {
    const name = freshName();
    const store = createIndexedDbStore({ name });
    await store.write([{ put: makeJobRecord('a') }]);
    // Not blocked: the store closes its connection on versionchange.
    const newer = await rawOpen(name, SCHEMA_VERSION + 1);
    newer.close();
    await expect(store.load()).rejects.toThrow(`schema version ${SCHEMA_VERSION + 1}`);
  });

  it('serializes a large write in slices, yielding to the host, and keeps it one transaction', async () => {
    const store = createIndexedDbStore({ name: freshName() });
    const recs = records(20_000, { payload: { text: 'x'.repeat(1_000) } });
    let yields = 0;
    await store.write(
      recs.map((put) => ({ put })),
      {
        yieldToHost: async () => {
          yields++;
        },
      },
    );
    expect(yields).toBeGreaterThan(0);
    expect(await store.load()).toHaveLength(20_000);
  });

  it('lands nothing of a large write whose last op fails', async () => {
    const store = createIndexedDbStore({ name: freshName() });
    await store.write([{ put: makeJobRecord('before') }]);
    const ops = records(5_000).map((put) => ({ put }));
    // An invalid key: IndexedDB throws when the request is placed, in the last slice.
    const bad = [...ops, { delete: undefined as unknown as string }];
    await expect(store.write(bad)).rejects.toMatchObject({ code: 'STORE', cause: { name: 'DataError' } });
    expect(await store.load()).toEqual([makeJobRecord('before')]);
  });

  it('opens again after close()', async () => {
    const name = freshName();
    const store = createIndexedDbStore({ name });
    await store.write([{ put: makeJobRecord('a') }]);
    await store.close!();
    expect(await store.load()).toEqual([makeJobRecord('a')]);
    await store.close!();
  });
});
