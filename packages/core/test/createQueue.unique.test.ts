import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { InvalidOptionsError } from '../src/errors';
import { setup } from './helpers';

const later = { delayMs: 60_000 };

describe('unique work', () => {
  it('keep: returns the unfinished holder and writes nothing', async () => {
    const sync = defineJob({ name: 'sync', run: (p: number) => p });
    const { queue, store } = setup([sync]);
    await queue.start();
    const a = await queue.enqueue(sync, 1, { ...later, uniqueKey: 'k' });
    const b = await queue.enqueue(sync, 2, { ...later, uniqueKey: 'k' });
    expect(b).toBe(queue.get(a.id));
    expect(await store.load()).toHaveLength(1);
  });

  it('keep: enqueues again once the holder finished', async () => {
    const sync = defineJob({ name: 'sync', run: (p: number) => p });
    const { queue, platform } = setup([sync]);
    await queue.start();
    const a = await queue.enqueue(sync, 1, { uniqueKey: 'k' });
    await platform.runUntilIdle();
    const b = await queue.enqueue(sync, 2, { uniqueKey: 'k' });
    expect(b.id).not.toBe(a.id);
  });

  it('keys are unique across job types', async () => {
    const a = defineJob({ name: 'a', run: () => 1 });
    const b = defineJob({ name: 'b', run: () => 2 });
    const { queue } = setup([a, b]);
    await queue.start();
    const first = await queue.enqueue(a, null, { ...later, uniqueKey: 'k' });
    const second = await queue.enqueue(b, null, { ...later, uniqueKey: 'k' });
    expect(second.id).toBe(first.id);
  });

  it('replace: cancels the holder, aborting it if it runs, and enqueues the new job in one write', async () => {
    let reason: unknown;
    const sync = defineJob({
      name: 'sync',
      run: async (p: number, ctx) => {
        ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        await platform.sleep(1_000, ctx.signal);
        return p;
      },
    });
    const { queue, platform } = setup([sync]);
    await queue.start();
    const a = await queue.enqueue(sync, 1, { uniqueKey: 'k' });
    await platform.advance(10);
    const b = await queue.enqueue(sync, 2, { uniqueKey: 'k', onConflict: 'replace' });
    expect(queue.get(a.id)?.state).toBe('cancelled');
    expect(reason).toMatchObject({ code: 'CANCELLED' });
    await platform.runUntilIdle();
    expect(queue.get(b.id)).toMatchObject({ state: 'succeeded', result: 2 });
  });

  it('append: runs the new job after the newest holder, and cancels it if that one fails', async () => {
    const order: number[] = [];
    const step = defineJob({
      name: 'step',
      retry: { maxAttempts: 1 },
      run: (p: number) => {
        if (p < 0) throw new Error('broken');
        order.push(p);
        return p;
      },
    });
    const { queue, platform } = setup([step], { concurrency: 4 });
    await queue.start();
    const a = await queue.enqueue(step, 1, { uniqueKey: 'chain', ...later });
    const b = await queue.enqueue(step, 2, { uniqueKey: 'chain', onConflict: 'append' });
    const c = await queue.enqueue(step, 3, { uniqueKey: 'chain', onConflict: 'append' });
    expect(b.after).toEqual([a.id]);
    expect(c.after).toEqual([b.id]);
    expect(b.state).toBe('blocked');
    await platform.runUntilIdle();
    expect(order).toEqual([1, 2, 3]);

    const d = await queue.enqueue(step, -1, { uniqueKey: 'other' });
    const e = await queue.enqueue(step, 5, { uniqueKey: 'other', onConflict: 'append' });
    await platform.runUntilIdle();
    expect(queue.get(d.id)?.state).toBe('failed');
    expect(queue.get(e.id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('decides one enqueue at a time, so racing enqueues with one key make one job', async () => {
    const sync = defineJob({ name: 'sync', run: (p: number) => p });
    const { queue, store } = setup([sync]);
    await queue.start();
    const jobs = await Promise.all(
      [1, 2, 3, 4].map((n) => queue.enqueue(sync, n, { ...later, uniqueKey: 'k' })),
    );
    expect(new Set(jobs.map((j) => j.id)).size).toBe(1);
    expect(await store.load()).toHaveLength(1);
  });

  describe('items of one enqueueMany call see each other, as if enqueued one by one', () => {
    it("keep: a second item with the key returns the first item's job", async () => {
      const sync = defineJob({ name: 'sync', run: (p: number) => p });
      const { queue, store } = setup([sync]);
      await queue.start();
      const [a, b] = await queue.enqueueMany([
        { type: sync, payload: 1, options: { ...later, uniqueKey: 'k' } },
        { type: sync, payload: 2, options: { ...later, uniqueKey: 'k' } },
      ]);
      expect(b).toEqual(a);
      expect(queue.list()).toHaveLength(1);
      expect(await store.load()).toHaveLength(1);
    });

    it('replace: the later item cancels the earlier one, and only it runs', async () => {
      const ran: number[] = [];
      const sync = defineJob({ name: 'sync', run: (p: number) => void ran.push(p) });
      const { queue, platform, store, log } = setup([sync]);
      await queue.start();
      const [a, b] = await queue.enqueueMany([
        { type: sync, payload: 1, options: { uniqueKey: 'k' } },
        { type: sync, payload: 2, options: { uniqueKey: 'k', onConflict: 'replace' } },
      ]);
      expect(a!.state).toBe('cancelled');
      expect(a!.error?.message).toBe('replaced by a new job with uniqueKey "k"');
      expect(log).toEqual([`0 enqueued ${a!.id}`, `0 cancelled ${a!.id}`, `0 enqueued ${b!.id}`]);
      await platform.runUntilIdle();
      expect(ran).toEqual([2]);
      const stored = await store.load();
      expect(stored.find((r) => r.id === a!.id)).toMatchObject({ state: 'cancelled' });
    });

    it('replace: also cancels jobs an earlier item appended', async () => {
      const sync = defineJob({ name: 'sync', run: (p: number) => p });
      const { queue } = setup([sync]);
      await queue.start();
      const [a, b, c] = await queue.enqueueMany([
        { type: sync, payload: 1, options: { ...later, uniqueKey: 'k' } },
        { type: sync, payload: 2, options: { uniqueKey: 'k', onConflict: 'append' } },
        { type: sync, payload: 3, options: { uniqueKey: 'k', onConflict: 'replace' } },
      ]);
      expect([a!.state, b!.state, c!.state]).toEqual(['cancelled', 'cancelled', 'enqueued']);
      expect(queue.list({ state: 'enqueued' }).map((j) => j.id)).toEqual([c!.id]);
    });

    it("replace twice: the queue's holder is cancelled once, and only the last item stays", async () => {
      const sync = defineJob({ name: 'sync', run: (p: number) => p });
      const { queue, store, log } = setup([sync]);
      await queue.start();
      const held = await queue.enqueue(sync, 0, { ...later, uniqueKey: 'k' });
      const [a, b] = await queue.enqueueMany([
        { type: sync, payload: 1, options: { ...later, uniqueKey: 'k', onConflict: 'replace' } },
        { type: sync, payload: 2, options: { ...later, uniqueKey: 'k', onConflict: 'replace' } },
      ]);
      expect(log.filter((line) => line.endsWith(`cancelled ${held.id}`))).toHaveLength(1);
      expect([queue.get(held.id)?.state, a!.state, b!.state]).toEqual(['cancelled', 'cancelled', 'enqueued']);
      expect(queue.list({ state: 'enqueued' }).map((j) => j.id)).toEqual([b!.id]);
      const stored = (await store.load()) as Array<{ id: string; state: string }>;
      expect(stored.filter((r) => r.state === 'enqueued').map((r) => r.id)).toEqual([b!.id]);
    });

    it('append: chains the items in order, after the holder the queue already had', async () => {
      const order: number[] = [];
      const step = defineJob({ name: 'step', run: (p: number) => void order.push(p) });
      const { queue, platform } = setup([step], { concurrency: 4 });
      await queue.start();
      const held = await queue.enqueue(step, 0, { ...later, uniqueKey: 'chain' });
      const [a, b] = await queue.enqueueMany([
        { type: step, payload: 1, options: { uniqueKey: 'chain', onConflict: 'append' } },
        { type: step, payload: 2, options: { uniqueKey: 'chain', onConflict: 'append' } },
      ]);
      expect(a!.after).toEqual([held.id]);
      expect(b!.after).toEqual([a!.id]);
      expect(b!.state).toBe('blocked');
      await platform.runUntilIdle();
      expect(order).toEqual([0, 1, 2]);
    });

    it('still refuses an `after` that names an item of the same call', async () => {
      const sync = defineJob({ name: 'sync', run: (p: number) => p });
      const { queue } = setup([sync]);
      await queue.start();
      await expect(
        queue.enqueueMany([
          { type: sync, payload: 1, options: { id: 'first' } },
          { type: sync, payload: 2, options: { after: ['first'] } },
        ]),
      ).rejects.toBeInstanceOf(InvalidOptionsError);
      expect(queue.list()).toHaveLength(0);
    });
  });

  it('refuses onConflict without a uniqueKey', async () => {
    const sync = defineJob({ name: 'sync', run: () => 1 });
    const { queue } = setup([sync]);
    await queue.start();
    await expect(queue.enqueue(sync, null, { onConflict: 'replace' })).rejects.toBeInstanceOf(
      InvalidOptionsError,
    );
  });
});

describe('dependencies', () => {
  it('blocks a job until all its dependencies succeed and hands it their results', async () => {
    let seen: unknown;
    const fetchPart = defineJob({ name: 'part', run: async (n: number) => ({ part: n }) });
    const merge = defineJob({ name: 'merge', run: (_: null, ctx) => void (seen = ctx.dependencies) });
    const { queue, platform } = setup([fetchPart, merge]);
    await queue.start();
    const a = await queue.enqueue(fetchPart, 1, { delayMs: 1_000 });
    const b = await queue.enqueue(fetchPart, 2, { delayMs: 2_000 });
    const m = await queue.enqueue(merge, null, { after: [a.id, b.id] });
    expect(m.state).toBe('blocked');
    await platform.advance(1_500);
    expect(queue.get(m.id)?.state).toBe('blocked');
    await platform.runUntilIdle();
    expect(queue.get(m.id)?.state).toBe('succeeded');
    expect(seen).toEqual({ [a.id]: { part: 1 }, [b.id]: { part: 2 } });
  });

  it('counts a dependency that already succeeded as satisfied', async () => {
    const part = defineJob({ name: 'part', run: () => 'x' });
    const { queue, platform } = setup([part]);
    await queue.start();
    const a = await queue.enqueue(part, null);
    await platform.runUntilIdle();
    const b = await queue.enqueue(part, null, { after: [a.id] });
    expect(b.state).toBe('enqueued');
  });

  it('cancels dependents in depth when a dependency fails, each with its reason', async () => {
    const boom = defineJob({
      name: 'boom',
      retry: { maxAttempts: 1 },
      run: () => {
        throw new Error('x');
      },
    });
    const next = defineJob({ name: 'next', run: () => 1 });
    const { queue, platform, store } = setup([boom, next]);
    await queue.start();
    const a = await queue.enqueue(boom, null);
    const b = await queue.enqueue(next, null, { after: [a.id] });
    const c = await queue.enqueue(next, null, { after: [b.id] });
    await platform.runUntilIdle();
    expect(queue.get(b.id)).toMatchObject({
      state: 'cancelled',
      error: { message: `dependency ${a.id} failed` },
    });
    expect(queue.get(c.id)).toMatchObject({
      state: 'cancelled',
      error: { message: `dependency ${b.id} was cancelled` },
    });
    const stored = await store.load();
    expect(stored.filter((r) => 'state' in r && r.state === 'cancelled')).toHaveLength(2);
  });

  it('cancels dependents when a dependency is cancelled', async () => {
    const job = defineJob({ name: 'job', run: () => 1 });
    const { queue } = setup([job]);
    await queue.start();
    const a = await queue.enqueue(job, null, later);
    const b = await queue.enqueue(job, null, { after: [a.id] });
    await queue.cancel(a.id);
    expect(queue.get(b.id)?.state).toBe('cancelled');
  });

  it('cancels a new job at once when a dependency already failed or was cancelled', async () => {
    const job = defineJob({ name: 'job', run: () => 1 });
    const { queue } = setup([job]);
    await queue.start();
    const a = await queue.enqueue(job, null, later);
    await queue.cancel(a.id);
    const b = await queue.enqueue(job, null, { after: [a.id] });
    expect(b).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('refuses an id the queue does not hold', async () => {
    const job = defineJob({ name: 'job', run: () => 1 });
    const { queue, store } = setup([job]);
    await queue.start();
    await expect(queue.enqueue(job, null, { after: ['ghost'] })).rejects.toBeInstanceOf(InvalidOptionsError);
    expect(await store.load()).toEqual([]);
  });
});
