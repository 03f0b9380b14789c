// The fast layer: the store conformance suite in Node, over fake-indexeddb. The run that
// counts is the one in headless Chromium (test/browser.test.ts).
import 'fake-indexeddb/auto';
import { runStoreConformance, type StoreConformanceOptions } from '@nightshift/core/testing';
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { createIndexedDbStore, JOBS_STORE } from '../src/index';

let databases = 0;
const names = new WeakMap<object, string>();

function open(name: string) {
  const store = createIndexedDbStore({ name });
  names.set(store, name);
  return store;
}

const options: StoreConformanceOptions = {
  describe,
  it,
  fc,
  reopen: (store) => open(names.get(store)!),
  corrupt: async (store, id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(names.get(store)!);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(JOBS_STORE, 'readwrite');
      tx.objectStore(JOBS_STORE).put('{"id": broken', id);
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error);
    });
    db.close();
  },
};

runStoreConformance('indexeddb (fake-indexeddb, Node)', () => open(`conformance-${databases++}`), options);
