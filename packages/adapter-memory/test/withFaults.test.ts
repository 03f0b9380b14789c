import type { JobRecord, Store, StoreOp } from '@nightshift/core';
import { makeJobRecord } from '@nightshift/core/testing';
import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../src/virtualClock';
import { withFaults } from '../src/withFaults';

const record = (id: string): JobRecord => makeJobRecord(id, { name: 'test', payload: null });

/** A minimal store that counts what reaches it. */
function fakeStore() {
  const rows = new Map<string, JobRecord>();
  const calls = { load: 0, write: 0, close: 0 };
  const store: Store = {
    async load() {
      calls.load++;
      return [...rows.values()].map((r) => structuredClone(r));
    },
    async write(ops) {
      calls.write++;
      for (const op of ops) {
        if ('put' in op) rows.set(op.put.id, structuredClone(op.put));
        else rows.delete(op.delete);
      }
    },
    async close() {
      calls.close++;
    },
  };
  return { store, rows, calls };
}

const put = (id: string): StoreOp[] => [{ put: record(id) }];

// Real macrotask turns through the virtual clock: enough for any settled promise to be seen.
async function settledWithin(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  const clock = createVirtualClock();
  for (let i = 0; i < 5; i++) await clock.advance(0);
  return settled;
}

describe('withFaults', () => {
  it('passes every call through when no fault is asked for', async () => {
    const { store, rows, calls } = fakeStore();
    const faulty = withFaults(store);
    await faulty.write(put('a'));
    await faulty.write([{ delete: 'a' }, ...put('b')]);
    expect([...rows.keys()]).toEqual(['b']);
    expect((await faulty.load()).map((r) => r.id)).toEqual(['b']);
    await faulty.close();
    expect(calls).toEqual({ load: 1, write: 2, close: 1 });
  });

  it('rejects the writes failWrites picks, naming n, without touching the inner store', async () => {
    const { store, rows, calls } = fakeStore();
    const faulty = withFaults(store, { failWrites: (_ops, n) => n === 2 });
    await faulty.write(put('a'));
    await expect(faulty.write(put('b'))).rejects.toThrow(/#2\b/);
    await faulty.write(put('c'));
    expect([...rows.keys()]).toEqual(['a', 'c']);
    expect(calls.write).toBe(2);
  });

  it('counts writes from 1, failed ones included, and shows each predicate the ops', async () => {
    const { store } = fakeStore();
    const seen: Array<[string[], number]> = [];
    const faulty = withFaults(store, {
      failWrites: (ops, n) => {
        seen.push([ops.map((op) => ('put' in op ? op.put.id : `-${op.delete}`)), n]);
        return n % 2 === 1;
      },
    });
    await expect(faulty.write(put('a'))).rejects.toThrow();
    await faulty.write(put('b'));
    await expect(faulty.write([{ delete: 'b' }])).rejects.toThrow(/#3\b/);
    expect(seen).toEqual([
      [['a'], 1],
      [['b'], 2],
      [['-b'], 3],
    ]);
    expect(faulty.writeCount).toBe(3);
  });

  it('makes the writes hangWrites picks never settle, and keeps them from the inner store', async () => {
    const { store, rows, calls } = fakeStore();
    const faulty = withFaults(store, { hangWrites: (_ops, n) => n === 1 });
    expect(await settledWithin(faulty.write(put('a')))).toBe(false);
    expect(await settledWithin(faulty.write(put('b')))).toBe(true);
    expect([...rows.keys()]).toEqual(['b']);
    expect(calls.write).toBe(1);
  });

  it('fails rather than hangs a write both predicates pick, without asking hangWrites', async () => {
    const { store } = fakeStore();
    let hangAsked = 0;
    const faulty = withFaults(store, {
      failWrites: () => true,
      hangWrites: () => {
        hangAsked++;
        return true;
      },
    });
    await expect(faulty.write(put('a'))).rejects.toThrow('#1');
    expect(hangAsked).toBe(0);
  });

  it('rejects load when failLoad is true, and only the picked loads for a predicate', async () => {
    const always = fakeStore();
    await expect(withFaults(always.store, { failLoad: true }).load()).rejects.toThrow(/load #1/);
    expect(always.calls.load).toBe(0);

    const first = fakeStore();
    await first.store.write(put('a'));
    const faulty = withFaults(first.store, { failLoad: (n) => n === 1 });
    await expect(faulty.load()).rejects.toThrow(/load #1/);
    expect((await faulty.load()).map((r) => r.id)).toEqual(['a']);
    expect(first.calls.load).toBe(1);
  });

  it('resolves close for an inner store that has none', async () => {
    const faulty = withFaults({ load: async () => [], write: async () => {} });
    await expect(faulty.close()).resolves.toBeUndefined();
  });
});
