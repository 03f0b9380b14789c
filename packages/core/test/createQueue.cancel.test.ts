import { withFaults } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { CancelledError, InvalidOptionsError, StoreError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import { restart, setup } from './helpers';

const noop = defineJob({ name: 'noop', run: () => undefined });

describe('cancel', () => {
  it('cancels a waiting job durably and returns true', async () => {
    const { queue, platform, store } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 1_000 });
    expect(await queue.cancel(job.id)).toBe(true);
    expect((await store.load())[0]).toMatchObject({ state: 'cancelled' });
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('returns false for a finished or unknown job', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(await queue.cancel(job.id)).toBe(false);
    expect(await queue.cancel('nope')).toBe(false);
  });

  it('aborts a running handler with CancelledError without waiting for it, and discards its late result', async () => {
    let reason: unknown;
    const stubborn = defineJob({
      name: 'stubborn',
      run: async (_: null, ctx) => {
        ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        await platform.sleep(10_000);
        return 'late';
      },
    });
    const { queue, platform } = setup([stubborn]);
    await queue.start();
    const job = await queue.enqueue(stubborn, null);
    await platform.advance(0);
    expect(queue.get(job.id)?.state).toBe('running');
    expect(await queue.cancel(job.id)).toBe(true);
    expect(reason).toBeInstanceOf(CancelledError);
    expect(queue.get(job.id)?.state).toBe('cancelled');
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'cancelled' });
    expect(queue.get(job.id)).not.toHaveProperty('result');
  });

  it('resolves waitFor with the cancelled job', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 1_000 });
    const waiting = queue.waitFor(job.id);
    await queue.cancel(job.id);
    expect((await waiting).state).toBe('cancelled');
  });

  it('rejects with StoreError and changes nothing in memory when the cancel write fails', async () => {
    let failing = false;
    const store = withFaults(createMemoryStore(), { failWrites: () => failing });
    const { queue, platform } = setup([noop], { store });
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 1_000 });
    failing = true;
    await expect(queue.cancel(job.id)).rejects.toBeInstanceOf(StoreError);
    expect(queue.get(job.id)?.state).toBe('enqueued');
    failing = false;
    await platform.runUntilIdle();
    expect(queue.get(job.id)?.state).toBe('succeeded');
  });

  it('cancels every unfinished match of cancelWhere and returns the count', async () => {
    const other = defineJob({ name: 'other', run: () => undefined });
    const { queue, platform } = setup([noop, other]);
    await queue.start();
    await queue.enqueue(noop, undefined, { tags: ['sync'] });
    await platform.runUntilIdle();
    const a = await queue.enqueue(noop, undefined, { tags: ['sync'], delayMs: 10 });
    const b = await queue.enqueue(other, undefined, { tags: ['sync'], delayMs: 10 });
    const c = await queue.enqueue(other, undefined, { delayMs: 10, uniqueKey: 'k' });
    expect(await queue.cancelWhere({ tag: 'sync' })).toBe(2);
    expect([a, b].map((j) => queue.get(j.id)?.state)).toEqual(['cancelled', 'cancelled']);
    expect(await queue.cancelWhere({ uniqueKey: 'k' })).toBe(1);
    expect(queue.get(c.id)?.state).toBe('cancelled');
    expect(await queue.cancelWhere({ name: 'noop' })).toBe(0);
    await expect(queue.cancelWhere({})).rejects.toBeInstanceOf(InvalidOptionsError);
  });
});

describe('retention', () => {
  it('keeps at most maxCount finished jobs per state, deleting the earliest finished from the store', async () => {
    const { queue, platform, store } = setup([noop], { retention: { succeeded: { maxCount: 2 } } });
    await queue.start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await queue.enqueue(noop, undefined)).id);
      await platform.runUntilIdle();
    }
    expect(queue.list().map((j) => j.id)).toEqual(ids.slice(3));
    expect((await store.load()).map((r) => r.id).sort()).toEqual(ids.slice(3).sort());
  });

  it('keeps 100 succeeded by default', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    await queue.enqueueMany(Array.from({ length: 120 }, () => ({ type: noop, payload: undefined })));
    await platform.runUntilIdle();
    expect(queue.list({ state: 'succeeded' })).toHaveLength(100);
  });

  it('never deletes unfinished jobs', async () => {
    const { queue, platform } = setup([noop], {
      retention: { succeeded: { maxCount: 0 }, cancelled: { maxCount: 0 } },
    });
    await queue.start();
    const waiting = await queue.enqueue(noop, undefined, { delayMs: 1_000_000 });
    await queue.enqueue(noop, undefined);
    await platform.advance(10);
    expect(queue.list().map((j) => j.id)).toEqual([waiting.id]);
  });

  it('after a restart, deletes the earliest finished first, passing over finished jobs no definition knows', async () => {
    const old = defineJob({ name: 'old', run: () => undefined });
    const { queue, platform, store } = setup([noop, old]);
    await queue.start();
    // Enqueued in this order, finished in another: c, b, e, d, a.
    const item = (type: typeof noop | typeof old, delayMs: number) => ({
      type,
      payload: undefined,
      options: { delayMs },
    });
    const [a, b, , d] = await queue.enqueueMany([
      item(noop, 400),
      item(old, 100),
      item(noop, 0),
      item(old, 300),
      item(noop, 200),
    ]);
    await platform.advance(1_000);
    await queue.stop();
    const { queue: again } = restart(platform, store, [noop], { retention: { succeeded: { maxCount: 3 } } });
    await again.start();
    // Five succeeded, two over: the two that finished first among those it knows (c, then e) go.
    const stored = async () => (await store.load()).map((r) => r.id).sort();
    expect(await stored()).toEqual([a!.id, b!.id, d!.id].sort());
    const later = await again.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(await stored()).toEqual([b!.id, d!.id, later.id].sort());
  });
});

describe('checkpoints', () => {
  it('stores a checkpoint durably and hands it to the next attempt', async () => {
    const seen: unknown[] = [];
    const upload = defineJob({
      name: 'upload',
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 10, jitter: 0 } },
      run: async (_: null, ctx) => {
        seen.push(ctx.checkpoint);
        if (ctx.attempt === 1) {
          await ctx.saveCheckpoint({ offset: 512 });
          const [stored] = await store.load();
          seen.push((stored as { checkpoint?: unknown }).checkpoint);
          throw new Error('connection lost');
        }
      },
    });
    const { queue, platform, store } = setup([upload]);
    await queue.start();
    await queue.enqueue(upload, null);
    await platform.runUntilIdle();
    expect(seen).toEqual([undefined, { offset: 512 }, { offset: 512 }]);
  });

  it('rejects a checkpoint that is not JSON', async () => {
    let error: unknown;
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx) => {
        error = await ctx.saveCheckpoint({ at: new Date() } as never).catch((e: unknown) => e);
      },
    });
    const { queue, platform } = setup([job]);
    await queue.start();
    await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD' });
  });
});
