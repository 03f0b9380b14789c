import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { PermanentError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import { makeJobRecord } from '../src/testing/makeJobRecord';
import type { JobRecord, Store } from '../src/types';

/** A memory store whose writes, while it holds, report back only when released. */
function slowStore() {
  const inner = createMemoryStore();
  let toHold = 0;
  const held: Array<() => void> = [];
  const store: Store = {
    load: () => inner.load(),
    write(ops) {
      const done = inner.write(ops);
      if (toHold === 0) return done;
      toHold--;
      return new Promise<void>((resolve) => held.push(() => resolve(done)));
    },
  };
  return {
    store,
    /** Holds the next write only. */
    holdNext() {
      toHold = 1;
    },
    release() {
      for (const go of held.splice(0)) go();
    },
  };
}

describe('a job whose dependency ends while the job is being written', () => {
  const setup = () => {
    const platform = createMemoryPlatform();
    const slow = slowStore();
    const work = defineJob({
      name: 'work',
      run: async (p: { ms: number; fail?: boolean }) => {
        await platform.sleep(p.ms);
        if (p.fail) throw new PermanentError('no');
        return p.ms;
      },
    });
    const queue = createQueue({ platform, store: slow.store, jobs: [work] });
    return { platform, slow, work, queue };
  };

  // Regression: the dependency's success was applied before the dependent joined the
  // index, so nobody released it: it stayed blocked until the next start().
  it('is released when the dependency succeeded meanwhile', async () => {
    const { platform, slow, work, queue } = setup();
    await queue.start();
    const first = await queue.enqueue(work, { ms: 1_000 });
    await platform.advance(10);
    slow.holdNext();
    const pending = queue.enqueue(work, { ms: 5 }, { after: [first.id] });
    await platform.advance(2_000);
    expect(queue.get(first.id)?.state).toBe('succeeded');
    slow.release();
    const second = await pending;
    await platform.advance(100);
    expect(queue.get(second.id)).toMatchObject({ state: 'succeeded', result: 5 });
  });

  it('is cancelled when the dependency failed meanwhile', async () => {
    const { platform, slow, work, queue } = setup();
    await queue.start();
    const first = await queue.enqueue(work, { ms: 1_000, fail: true });
    await platform.advance(10);
    slow.holdNext();
    const pending = queue.enqueue(work, { ms: 5 }, { after: [first.id] });
    await platform.advance(2_000);
    expect(queue.get(first.id)?.state).toBe('failed');
    slow.release();
    const second = await pending;
    await platform.advance(100);
    expect(queue.get(second.id)).toMatchObject({
      state: 'cancelled',
      error: { code: 'CANCELLED', message: `dependency ${first.id} failed` },
    });
  });
});

describe('cascades over many dependents', () => {
  const work = defineJob({
    name: 'work',
    retry: { maxAttempts: 1 },
    run: async (fail: boolean) => {
      if (fail) throw new Error('no');
    },
  });

  /** A store holding a head job and a chain of `length` jobs, each waiting on the one before. */
  async function chainStore(length: number, head: Partial<JobRecord>) {
    const store = createMemoryStore();
    const records: JobRecord[] = [makeJobRecord('head', { name: 'work', payload: false, seq: 1, ...head })];
    for (let i = 1; i <= length; i++) {
      const previous = i === 1 ? 'head' : `link-${i - 1}`;
      records.push(
        makeJobRecord(`link-${i}`, {
          name: 'work',
          payload: false,
          seq: i + 1,
          state: 'blocked',
          after: [previous],
        }),
      );
    }
    await store.write(records.map((put) => ({ put })));
    return store;
  }

  it('cancels 20,000 dependents of a failed job over several ticks, every one of them', async () => {
    const platform = createMemoryPlatform();
    const store = createMemoryStore();
    const writes: number[] = [];
    const counted: Store = {
      load: () => store.load(),
      write: (ops) => {
        writes.push(ops.length);
        return store.write(ops);
      },
    };
    const queue = createQueue({
      platform,
      store: counted,
      jobs: [work],
      retention: { cancelled: { maxCount: 100_000 } },
    });
    const cancelled = new Set<string>();
    queue.on('cancelled', (job: { id: string }) => cancelled.add(job.id));
    await queue.start();
    const head = await queue.enqueue(work, true, { delayMs: 1_000 });
    const dependents = await queue.enqueueMany(
      Array.from({ length: 20_000 }, () => ({ type: work, payload: false, options: { after: [head.id] } })),
    );
    writes.length = 0;
    await platform.advance(2_000);
    expect(queue.get(head.id)?.state).toBe('failed');
    expect(dependents.every((job) => cancelled.has(job.id))).toBe(true);
    // Cancelled in slices: more than one write, none of them the whole cascade.
    expect(writes.filter((n) => n > 1).length).toBeGreaterThan(1);
    expect(Math.max(...writes)).toBeLessThan(20_000);
  });

  it('cancels a chain of 20,000 jobs when its head is cancelled, without overflowing the stack', async () => {
    const platform = createMemoryPlatform();
    const store = await chainStore(20_000, { state: 'enqueued', runAt: 3_600_000 });
    const queue = createQueue({
      platform,
      store,
      jobs: [work],
      retention: { cancelled: { maxCount: 100_000 } },
    });
    await queue.start();
    expect(await queue.cancel('head')).toBe(true);
    expect(queue.stats().counts).toMatchObject({ cancelled: 20_001, blocked: 0 });
    expect(queue.get('link-20000')?.error?.message).toBe('dependency link-19999 was cancelled');
  });

  it('finishes at start() a cascade that a process left halfway', async () => {
    const platform = createMemoryPlatform();
    // The head failed and the first cancels were written; then the process died.
    const store = await chainStore(3_000, { state: 'failed', finishedAt: 1 });
    await store.write(
      Array.from({ length: 1_000 }, (_, i) => ({
        put: makeJobRecord(`link-${i + 1}`, {
          name: 'work',
          payload: false,
          seq: i + 2,
          state: 'cancelled',
          after: [i === 0 ? 'head' : `link-${i}`],
          finishedAt: 2,
        }),
      })),
    );
    const queue = createQueue({
      platform,
      store,
      jobs: [work],
      retention: { cancelled: { maxCount: 100_000 } },
    });
    await queue.start();
    expect(queue.stats().counts).toMatchObject({ cancelled: 3_000, blocked: 0 });
    expect(queue.get('link-1001')?.error?.message).toBe('dependency link-1000 cancelled');
    expect(queue.get('link-1002')?.error?.message).toBe('dependency link-1001 was cancelled');
  });
});
