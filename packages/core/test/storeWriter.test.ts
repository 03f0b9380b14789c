import { createVirtualClock } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../src/errors';
import { StoreWriter } from '../src/storeWriter';
import { makeJobRecord } from '../src/testing/makeJobRecord';
import type { Store, StoreOp } from '../src/types';

/** A store that records each batch it is given; `failNext` makes its next writes reject. */
function recordingStore() {
  const batches: string[][] = [];
  let failNext = 0;
  const store: Store = {
    load: async () => [],
    write: async (ops: StoreOp[]) => {
      if (failNext > 0) {
        failNext--;
        throw new Error('disk busy');
      }
      batches.push(
        ops.map((op) => ('put' in op ? `put ${op.put.id} ${op.put.state}` : `delete ${op.delete}`)),
      );
    },
  };
  return { store, batches, failTimes: (n: number) => (failNext = n) };
}

const put = (id: string, state: 'enqueued' | 'running' | 'succeeded' = 'enqueued'): StoreOp => ({
  put: makeJobRecord(id, { state }),
});

function setup() {
  const clock = createVirtualClock();
  const recording = recordingStore();
  const errors: StoreError[] = [];
  let batchesLanded = 0;
  const writer = new StoreWriter(
    recording.store,
    clock,
    (error) => errors.push(error),
    () => batchesLanded++,
  );
  return { clock, writer, errors, landed: () => batchesLanded, ...recording };
}

describe('StoreWriter', () => {
  it("sends the engine's writes of one clock tick as one batch, and calls each done once it landed", async () => {
    const { clock, writer, batches } = setup();
    const done: string[] = [];
    writer.write([put('a')], { done: () => done.push('a') });
    writer.write([put('b'), { delete: 'old' }], { done: () => done.push('b') });
    expect(batches).toEqual([]);
    await clock.advance(0);
    expect(batches).toEqual([['put a enqueued', 'put b enqueued', 'delete old']]);
    expect(done).toEqual(['a', 'b']);
  });

  it('keeps only the last op on an id within a batch, in small and large batches alike', async () => {
    const { clock, writer, batches } = setup();
    writer.write([put('a', 'enqueued'), put('b')], { done: () => {} });
    writer.write([put('a', 'running')], { done: () => {} });
    const many = Array.from({ length: 20 }, (_, i) => put(`m${i}`));
    writer.write(many, { done: () => {} });
    writer.write([put('m3', 'succeeded'), { delete: 'm15' }, put('a', 'succeeded')], { done: () => {} });
    await clock.advance(0);
    expect(batches).toHaveLength(1);
    const batch = batches[0]!;
    expect(batch).toHaveLength(22);
    expect(batch.filter((op) => op.includes(' a '))).toEqual(['put a succeeded']);
    expect(batch).toContain('put m3 succeeded');
    expect(batch).not.toContain('put m3 enqueued');
    expect(batch).toContain('delete m15');
    expect(batch).not.toContain('put m15 enqueued');
  });

  it('keeps the last op on an id in a small batch too, where the id first appeared', async () => {
    const { clock, writer, batches } = setup();
    writer.write([put('x')], { done: () => {} });
    writer.write([put('y')], { done: () => {} });
    writer.write([put('x', 'succeeded')], { done: () => {} });
    await clock.advance(0);
    expect(batches).toEqual([['put x succeeded', 'put y enqueued']]);
  });

  it("keeps a caller's write in a batch of its own and fails it at once, while engine writes are retried", async () => {
    const { clock, writer, batches, errors, failTimes } = setup();
    failTimes(1);
    const engineDone: string[] = [];
    writer.write([put('e')], { done: () => engineDone.push('e') });
    await clock.advance(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StoreError);
    expect(engineDone).toEqual([]);
    const caller = new Promise<void>((resolve, reject) =>
      writer.write([put('c')], { done: resolve, fail: reject }),
    );
    await caller;
    await clock.advance(0);
    expect(batches).toEqual([['put e enqueued'], ['put c enqueued']]);
    expect(engineDone).toEqual(['e']);
  });

  it('writes at once when the engine ends a tick of its own, with no timer of its own', async () => {
    const { clock, writer, batches } = setup();
    writer.holding = true;
    writer.write([put('a')], { done: () => {} });
    expect(clock.pending()).toBe(0);
    writer.holding = false;
    writer.flushNow();
    await Promise.resolve();
    expect(batches).toEqual([['put a enqueued']]);
  });
});
