import { createMemoryPlatform, type MemoryPlatform } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { createMemoryStore } from '../src/memoryStore';
import type { Store, StoreOp } from '../src/types';

const work = defineJob({ name: 'work', run: async (n: number) => n });

/** The memory platform, with a count of the engine's yields to the host. */
function counting(platform: MemoryPlatform) {
  const counted = { ...platform, yields: 0 };
  counted.yieldToHost = () => {
    counted.yields++;
    return platform.yieldToHost();
  };
  return counted;
}

/** A memory store that records every write. */
function recording() {
  const inner = createMemoryStore();
  const writes: StoreOp[][] = [];
  const store: Store = {
    load: () => inner.load(),
    loadPages: () => inner.loadPages!(),
    write: (ops) => {
      writes.push(ops);
      return inner.write(ops);
    },
  };
  return { store, writes };
}

async function storeWith(n: number, platform: MemoryPlatform) {
  const store = createMemoryStore();
  const queue = createQueue({ platform, store, jobs: [work] });
  await queue.start();
  await queue.enqueueMany(
    Array.from({ length: n }, (_, i) => ({ type: work, payload: i, options: { delayMs: 3_600_000 } })),
  );
  await queue.stop();
  return store;
}

describe('work over many jobs runs in slices', () => {
  it('yields to the host more than once in a start() over 20,000 stored jobs', async () => {
    const base = createMemoryPlatform();
    const store = await storeWith(20_000, base);
    const platform = counting(base);
    const queue = createQueue({ platform, store, jobs: [work] });
    await queue.start();
    expect(platform.yields).toBeGreaterThan(1);
    expect(queue.stats().counts.enqueued).toBe(20_000);
  });

  it('writes an enqueueMany of 20,000 in one store write, though it yields while it prepares and lands them', async () => {
    const platform = counting(createMemoryPlatform());
    const { store, writes } = recording();
    const queue = createQueue({ platform, store, jobs: [work] });
    await queue.start();
    const before = writes.length;
    const jobs = await queue.enqueueMany(
      Array.from({ length: 20_000 }, (_, i) => ({ type: work, payload: i })),
    );
    expect(writes.length - before).toBe(1);
    expect(writes[before]).toHaveLength(20_000);
    expect(platform.yields).toBeGreaterThan(1);
    expect(jobs.map((j) => j.payload)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });

  it('emits enqueued before started for every job of a large enqueueMany, and lists them in order', async () => {
    const platform = createMemoryPlatform();
    const queue = createQueue({ platform, jobs: [work], concurrency: 4 });
    const seen = new Map<string, string[]>();
    for (const event of ['enqueued', 'started', 'succeeded'] as const)
      queue.on(event, (job: { id: string }) => seen.set(job.id, [...(seen.get(job.id) ?? []), event]));
    await queue.start();
    const jobs = await queue.enqueueMany(
      Array.from({ length: 5_000 }, (_, i) => ({ type: work, payload: i })),
    );
    await platform.runUntilIdle();
    for (const job of jobs) expect(seen.get(job.id)).toEqual(['enqueued', 'started', 'succeeded']);
    expect(queue.list().map((j) => j.payload)).toEqual(
      Array.from({ length: 5_000 }, (_, i) => i).slice(-100),
    );
  });

  it('leaves nothing half-recovered when the process dies between two slices of start()', async () => {
    const base = createMemoryPlatform();
    const store = await storeWith(20_000, base);
    // A process that died while a job ran: the next start() must write it back as interrupted.
    const long = defineJob({ name: 'work', run: (_n: number) => base.sleep(60_000) });
    const died = createQueue({ platform: base, store, jobs: [long] });
    await died.start();
    const running = await died.enqueue(long, -1);
    await base.advance(0);
    base.crash();
    const writes: StoreOp[][] = [];
    const watched: Store = {
      load: () => store.load(),
      loadPages: () => store.loadPages!(),
      write: (ops) => {
        writes.push(ops);
        return store.write(ops);
      },
    };
    const platform = counting(base);
    const yieldOnce = platform.yieldToHost;
    platform.yieldToHost = () => {
      // Killed between two slices, halfway through reading the store.
      if (platform.yields === 3) base.crash();
      return yieldOnce();
    };
    let started = false;
    void createQueue({ platform, store: watched, jobs: [work] })
      .start()
      .then(() => (started = true));
    await base.advance(0);
    expect(platform.yields).toBe(4);
    expect(started).toBe(false);
    expect(writes).toEqual([]);
    // The next process recovers everything, as if the dead start() had never begun.
    const queue = createQueue({ platform: base, store: watched, jobs: [work] });
    await queue.start();
    expect(queue.stats().counts).toMatchObject({ enqueued: 20_001, running: 0 });
    expect(queue.get(running.id)).toMatchObject({ state: 'enqueued', interruptions: 1, attempts: 0 });
  });

  it('cancels 20,000 jobs by tag in one write, yielding while it picks and lands them', async () => {
    const platform = counting(createMemoryPlatform());
    const { store, writes } = recording();
    const queue = createQueue({ platform, store, jobs: [work] });
    const cancelled: string[] = [];
    queue.on('cancelled', (job) => cancelled.push(job.id));
    await queue.start();
    const jobs = await queue.enqueueMany(
      Array.from({ length: 20_000 }, (_, i) => ({
        type: work,
        payload: i,
        options: { tags: ['bulk'], delayMs: 60_000 },
      })),
    );
    const yields = platform.yields;
    const before = writes.length;
    expect(await queue.cancelWhere({ tag: 'bulk' })).toBe(20_000);
    expect(writes[before]).toHaveLength(20_000);
    expect(platform.yields).toBeGreaterThan(yields + 1);
    expect(cancelled).toEqual(jobs.map((j) => j.id));
  });
});
