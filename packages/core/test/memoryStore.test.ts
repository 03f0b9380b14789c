import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import { makeJobRecord } from '../src/testing/makeJobRecord';
import { runStoreConformance } from '../src/testing/storeConformance';
import type { JobRecord } from '../src/types';

runStoreConformance('memory', () => createMemoryStore(), {
  describe,
  it,
  fc,
  // Closing a memory store keeps its data, which is what a restart on the same store sees.
  reopen: (store) => store,
});

const rec = (id: string, payload: unknown = {}): JobRecord =>
  makeJobRecord(id, { name: 'n', payload: payload as JobRecord['payload'], maxAttempts: 1 });

describe('createMemoryStore', () => {
  it('rejects a single unserializable put with a StoreError carrying the cause', async () => {
    const store = createMemoryStore();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await store.write([{ put: rec('a', cyclic) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBeInstanceOf(TypeError);
    expect(await store.load()).toEqual([]);
  });

  it('returns fresh copies from every load', async () => {
    const store = createMemoryStore();
    await store.write([{ put: rec('a', { x: [1] }) }]);
    const [first] = await store.load();
    const [second] = await store.load();
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });

  it('keeps loading after close, so a queue can start again on the same store', async () => {
    const store = createMemoryStore();
    await store.write([{ put: rec('a') }]);
    await store.close?.();
    expect(await store.load()).toHaveLength(1);
  });
});
