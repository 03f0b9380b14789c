import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, StoreError } from '../src/errors';
import { createKeyValueStore, type KeyValueStorage } from '../src/keyValueStore';
import { makeJobRecord } from '../src/testing/makeJobRecord';
import { runStoreConformance } from '../src/testing/storeConformance';
import type { JobRecord, Store } from '../src/types';

/** The simplest storage: a Map, every method synchronous. */
function mapStorage(data = new Map<string, string>()) {
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

/** Behaves as AsyncStorage v1/v2 documents: every call async, multiGet returns [key, value | null] pairs. */
function asyncStorage(data = new Map<string, string>()) {
  const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    data,
    async getItem(key: string) {
      await tick();
      return data.get(key) ?? null;
    },
    async setItem(key: string, value: string) {
      await tick();
      data.set(key, value);
    },
    async removeItem(key: string) {
      await tick();
      data.delete(key);
    },
    async multiGet(keys: string[]) {
      await tick();
      return keys.map((key) => [key, data.get(key) ?? null] as [string, string | null]);
    },
    async multiSet(pairs: Array<[string, string]>) {
      await tick();
      for (const [key, value] of pairs) data.set(key, value);
    },
    async multiRemove(keys: string[]) {
      await tick();
      for (const key of keys) data.delete(key);
    },
  };
}

/** Behaves as AsyncStorage v3 documents: getMany / setMany / removeMany over records. */
function asyncStorageV3(data = new Map<string, string>()) {
  return {
    data,
    getItem: async (key: string) => data.get(key) ?? null,
    setItem: async (key: string, value: string) => void data.set(key, value),
    removeItem: async (key: string) => void data.delete(key),
    async getMany(keys: string[]) {
      return Object.fromEntries(keys.map((key) => [key, data.get(key) ?? null]));
    },
    async setMany(entries: Record<string, string>) {
      for (const [key, value] of Object.entries(entries)) data.set(key, value);
    },
    async removeMany(keys: string[]) {
      for (const key of keys) data.delete(key);
    },
  };
}

/** Behaves as the Web Storage API: sync, values coerced to strings, `key(i)` and `length`. */
class FakeLocalStorage {
  private readonly items = new Map<string, string>();
  get data() {
    return this.items;
  }
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.items.has(key) ? this.items.get(key)! : null;
  }
  setItem(key: string, value: string) {
    this.items.set(String(key), String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

type Backed = KeyValueStorage & { data: Map<string, string> };
const backing = new WeakMap<Store, Backed>();

function suite(name: string, make: () => Backed) {
  const open = (kv: Backed) => {
    const store = createKeyValueStore(kv);
    backing.set(store, kv);
    return store;
  };
  runStoreConformance(name, () => open(make()), {
    describe,
    it,
    fc,
    reopen: (store) => open(backing.get(store)!),
    corrupt: (store, id) => {
      const kv = backing.get(store)!;
      kv.data.set(keyOf(kv.data, id), '{"id": "broken');
    },
  });
}

suite('key-value over a sync Map', () => mapStorage());
suite('key-value over AsyncStorage v2 (multi*)', () => asyncStorage());
suite('key-value over AsyncStorage v3 (*Many)', () => asyncStorageV3());
suite('key-value over localStorage', () => new FakeLocalStorage());

function keyOf(data: Map<string, string>, id: string, prefix = 'nightshift:'): string {
  const index = JSON.parse(data.get(`${prefix}index`)!) as { jobs: Array<[string, number]> };
  const gen = index.jobs.find(([jobId]) => jobId === id)![1];
  return `${prefix}job:${id}:${gen}`;
}

const rec = (id: string, over: Partial<JobRecord> = {}): JobRecord =>
  makeJobRecord(id, { name: 'n', maxAttempts: 1, ...over });

describe('createKeyValueStore', () => {
  it('refuses a storage without getItem / setItem / removeItem', () => {
    expect(() => createKeyValueStore({} as KeyValueStorage)).toThrow(InvalidOptionsError);
  });

  it('wraps a failing setItem in a StoreError with the cause, and keeps the old state', async () => {
    const kv = mapStorage();
    const store = createKeyValueStore(kv);
    await store.write([{ put: rec('a') }]);
    const quota = new Error('QuotaExceededError');
    kv.setItem = () => {
      throw quota;
    };
    const error = await store.write([{ put: rec('a', { attempts: 1 }) }, { put: rec('b') }]).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.cause).toBe(quota);
    expect(await createKeyValueStore(kv).load()).toEqual([rec('a')]);
    expect(await store.load()).toEqual([rec('a')]);
  });

  it('wraps a failing getItem in a StoreError with the cause', async () => {
    const boom = new Error('disk I/O');
    const store = createKeyValueStore({
      getItem: async () => {
        throw boom;
      },
      setItem: async () => {},
      removeItem: async () => {},
    });
    await expect(store.load()).rejects.toMatchObject({ code: 'STORE', cause: boom });
  });

  it('keeps the old state whole when the process dies after the job keys and before the index', async () => {
    const kv = mapStorage();
    await createKeyValueStore(kv).write([{ put: rec('a') }, { put: rec('b') }]);
    const dying = {
      ...kv,
      setItem: (key: string, value: string) => {
        if (key === 'nightshift:index') throw new Error('killed');
        kv.setItem(key, value);
      },
    };
    await expect(
      createKeyValueStore(dying).write([
        { put: rec('a', { attempts: 1 }) },
        { delete: 'b' },
        { put: rec('c') },
      ]),
    ).rejects.toBeInstanceOf(StoreError);
    expect(await createKeyValueStore(kv).load()).toEqual([rec('a'), rec('b')]);
  });

  it('keeps the new state when removing replaced keys fails, and removes them on the next write', async () => {
    const kv = mapStorage();
    const store = createKeyValueStore(kv);
    await store.write([{ put: rec('a') }, { put: rec('b') }]);
    const removeItem = kv.removeItem;
    kv.removeItem = () => {
      throw new Error('busy');
    };
    await store.write([{ put: rec('a', { attempts: 1 }) }, { delete: 'b' }]);
    expect(await createKeyValueStore(kv).load()).toEqual([rec('a', { attempts: 1 })]);
    expect([...kv.data.keys()].filter((k) => k.includes(':job:'))).toHaveLength(3);
    kv.removeItem = removeItem;
    await store.write([{ put: rec('c') }]);
    expect([...kv.data.keys()].filter((k) => k.includes(':job:')).sort()).toEqual([
      keyOf(kv.data, 'a'),
      keyOf(kv.data, 'c'),
    ]);
  });

  it('ignores orphan job keys the index does not list', async () => {
    const kv = mapStorage();
    await createKeyValueStore(kv).write([{ put: rec('a') }]);
    kv.data.set('nightshift:job:ghost:99', JSON.stringify(rec('ghost')));
    expect(await createKeyValueStore(kv).load()).toEqual([rec('a')]);
  });

  it('skips a listed id whose key is gone', async () => {
    const kv = mapStorage();
    await createKeyValueStore(kv).write([{ put: rec('a') }, { put: rec('b') }]);
    kv.data.delete(keyOf(kv.data, 'a'));
    expect(await createKeyValueStore(kv).load()).toEqual([rec('b')]);
  });

  it('parses safely: a __proto__ key stays an own property, records missing fields are corrupt', async () => {
    const kv = mapStorage();
    await createKeyValueStore(kv).write([{ put: rec('a') }, { put: rec('b') }]);
    kv.data.set(
      keyOf(kv.data, 'a'),
      '{"id":"a","name":"n","payload":{"__proto__":{"polluted":1},"ok":1},"state":"enqueued","attempts":0,' +
        '"maxAttempts":1,"createdAt":0,"updatedAt":0,"runAt":0,"priority":0,"tags":[],"interruptions":0,"seq":0,' +
        '"__proto__":{"polluted":1}}',
    );
    kv.data.set(keyOf(kv.data, 'b'), '{"id":"b","name":"n"}');
    const loaded = await createKeyValueStore(kv).load();
    const a = loaded.find((e) => e.id === 'a') as JobRecord;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(a.payload)).toBe(Object.prototype);
    expect(Object.keys(a.payload as object)).toEqual(['__proto__', 'ok']);
    expect(Object.getOwnPropertyDescriptor(a.payload, '__proto__')?.value).toEqual({ polluted: 1 });
    expect((a.payload as { polluted?: number }).polluted).toBeUndefined();
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
    expect(loaded.find((e) => e.id === 'b')).toEqual({
      id: 'b',
      corrupt: expect.stringContaining('missing'),
    });
  });

  it('refuses to load or write over a corrupt index', async () => {
    const kv = mapStorage();
    kv.data.set('nightshift:index', 'not json');
    const store = createKeyValueStore(kv);
    await expect(store.load()).rejects.toBeInstanceOf(StoreError);
    await expect(store.write([{ put: rec('a') }])).rejects.toBeInstanceOf(StoreError);
    expect(kv.data.get('nightshift:index')).toBe('not json');
  });

  it('keeps stores with different prefixes apart on one storage', async () => {
    const kv = mapStorage();
    const one = createKeyValueStore(kv, { prefix: 'one:' });
    const two = createKeyValueStore(kv, { prefix: 'two:' });
    await one.write([{ put: rec('a') }]);
    await two.write([{ put: rec('b') }]);
    expect(await one.load()).toEqual([rec('a')]);
    expect(await two.load()).toEqual([rec('b')]);
  });
});

describe('createKeyValueStore in slices', () => {
  it('reads its jobs in pages of 500, one multiGet each, after one read of the index', async () => {
    const storage = asyncStorage();
    let multiGets = 0;
    const store = createKeyValueStore({
      ...storage,
      multiGet: (keys: string[]) => {
        multiGets++;
        return storage.multiGet(keys);
      },
    });
    await store.write(Array.from({ length: 1_200 }, (_, i) => ({ put: rec(`job-${i}`) })));
    const pages: number[] = [];
    for await (const page of store.loadPages!()) pages.push(page.length);
    expect(pages).toEqual([500, 500, 200]);
    expect(multiGets).toBe(3);
    expect((await store.load()).length).toBe(1_200);
  });

  it('lets the host in while it serializes a large write, which still commits as one', async () => {
    const store = createKeyValueStore(mapStorage());
    let yields = 0;
    await store.write(
      Array.from({ length: 1_500 }, (_, i) => ({ put: rec(`job-${i}`) })),
      {
        yieldToHost: async () => {
          yields++;
        },
      },
    );
    expect(yields).toBe(3);
    expect((await store.load()).length).toBe(1_500);
  });
});
