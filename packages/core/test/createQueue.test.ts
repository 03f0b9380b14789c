import { createMemoryPlatform, withFaults } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import {
  DuplicateJobIdError,
  InvalidOptionsError,
  InvalidPayloadError,
  type NightshiftError,
  PayloadTooLargeError,
  QueueStoppedError,
  StoreError,
  UnknownJobError,
} from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import { systemPlatform } from '../src/systemPlatform';
import { makeJobRecord } from '../src/testing/makeJobRecord';
import type { Store } from '../src/types';
import { countingStore, setup } from './helpers';

const noop = defineJob({ name: 'noop', run: () => undefined });
const double = defineJob({ name: 'double', run: (p: { n: number }) => ({ n: p.n * 2 }) });

describe('createQueue options', () => {
  it('throws InvalidOptionsError at once for two job types with one name', () => {
    const again = defineJob({ name: 'noop', run: () => 1 });
    expect(() => createQueue({ platform: systemPlatform(), jobs: [noop, again] })).toThrow(
      InvalidOptionsError,
    );
  });

  it('throws InvalidOptionsError for a concurrency below 1 or a bad retention', () => {
    expect(() => createQueue({ platform: systemPlatform(), jobs: [noop], concurrency: 0 })).toThrow(
      /concurrency/,
    );
    expect(() =>
      createQueue({ platform: systemPlatform(), jobs: [noop], retention: { succeeded: { maxCount: -1 } } }),
    ).toThrow(InvalidOptionsError);
    expect(() => createQueue({ platform: {} as never, jobs: [noop] })).toThrow(InvalidOptionsError);
  });

  it('refuses a job that was not made by defineJob', () => {
    expect(() =>
      createQueue({ platform: systemPlatform(), jobs: [{ name: 'x', run() {} } as never] }),
    ).toThrow(InvalidOptionsError);
  });
});

describe('start and stop', () => {
  it('rejects enqueue before start() resolved and after stop()', async () => {
    const { queue } = setup([noop]);
    await expect(queue.enqueue(noop, undefined)).rejects.toBeInstanceOf(QueueStoppedError);
    await queue.start();
    await queue.stop();
    await expect(queue.enqueue(noop, undefined)).rejects.toBeInstanceOf(QueueStoppedError);
  });

  it('closes the store on stop', async () => {
    let closed = 0;
    const store = { ...createMemoryStore(), close: async () => void closed++ };
    const { queue } = setup([noop], { store });
    await queue.start();
    await queue.stop();
    expect(closed).toBe(1);
  });

  it('waits for a running job to finish before stopping', async () => {
    const slow = defineJob({
      name: 'slow',
      run: async (_: null, ctx): Promise<void> => platform.sleep(1_000, ctx.signal),
    });
    const { queue, platform } = setup([slow]);
    await queue.start();
    const job = await queue.enqueue(slow, null);
    await platform.advance(0);
    const stopped = queue.stop();
    await platform.advance(1_000);
    await stopped;
    expect(queue.get(job.id)?.state).toBe('succeeded');
  });

  it('aborts a job still running at the stop timeout with InterruptedError and keeps its attempt', async () => {
    let reason: unknown;
    const stuck = defineJob({
      name: 'stuck',
      run: (_: null, ctx) =>
        new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => {
            reason = ctx.signal.reason;
            reject(ctx.signal.reason);
          }),
        ),
    });
    const { queue, platform, store } = setup([stuck]);
    await queue.start();
    const job = await queue.enqueue(stuck, null);
    await platform.advance(0);
    const stopped = queue.stop({ timeoutMs: 100 });
    await platform.advance(100);
    await stopped;
    expect((reason as NightshiftError).code).toBe('INTERRUPTED');
    const [stored] = (await store.load()) as Array<{
      state: string;
      attempts: number;
      interruptions: number;
    }>;
    expect(stored).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 1 });
    expect(queue.get(job.id)?.state).toBe('enqueued');
  });
});

describe('enqueue', () => {
  it('writes the job durably before it resolves', async () => {
    const { queue, store } = setup([double]);
    await queue.start();
    const job = await queue.enqueue(double, { n: 2 });
    const stored = await store.load();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: job.id, name: 'double', state: 'enqueued', payload: { n: 2 } });
  });

  it('accepts a job name as well as a job type', async () => {
    const { queue } = setup([double]);
    await queue.start();
    const job = await queue.enqueue('double', { n: 1 });
    expect(job.name).toBe('double');
  });

  it('refuses an unknown name with UnknownJobError and writes nothing', async () => {
    const { queue, store } = setup([double]);
    await queue.start();
    await expect(queue.enqueue('nope' as 'double', { n: 1 })).rejects.toBeInstanceOf(UnknownJobError);
    expect(await store.load()).toEqual([]);
  });

  it('refuses a payload that is not JSON with InvalidPayloadError and writes nothing', async () => {
    const any = defineJob({ name: 'any', run: (_p: unknown) => undefined });
    const { queue, store } = setup([any]);
    await queue.start();
    for (const bad of [{ f: () => 1 }, { d: new Date() }, { u: undefined }, 1n, Number.NaN]) {
      // Past the types on purpose: `run` takes `unknown`, so enqueue would only take JSON.
      await expect(queue.enqueue(any, bad as never)).rejects.toBeInstanceOf(InvalidPayloadError);
    }
    expect(await store.load()).toEqual([]);
    expect(queue.list()).toEqual([]);
  });

  it('refuses a payload over maxPayloadBytes with PayloadTooLargeError', async () => {
    const any = defineJob({ name: 'any', run: (_p: string) => undefined });
    const { queue, store } = setup([any], { maxPayloadBytes: 100 });
    await queue.start();
    await expect(queue.enqueue(any, 'x'.repeat(99))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await expect(queue.enqueue(any, 'é'.repeat(50))).rejects.toBeInstanceOf(PayloadTooLargeError);
    await queue.enqueue(any, 'x'.repeat(98));
    expect(await store.load()).toHaveLength(1);
  });

  it('refuses bad options with InvalidOptionsError', async () => {
    const { queue, store } = setup([noop]);
    await queue.start();
    const bad = [
      { delayMs: -1 },
      { delayMs: Number.POSITIVE_INFINITY },
      { runAt: Number.NaN },
      { delayMs: 1, runAt: 2 },
      { priority: 1.5 },
      { unknown: true },
      { constraints: { network: 'wifi' } },
      { retry: { maxAttempts: 0 } },
      { repeat: { everyMs: 0 } },
      { onConflict: 'keep' },
    ];
    for (const options of bad) {
      await expect(queue.enqueue(noop, undefined, options as never)).rejects.toBeInstanceOf(
        InvalidOptionsError,
      );
    }
    expect(await store.load()).toEqual([]);
  });

  it('refuses a duplicate id with DuplicateJobIdError', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    await queue.enqueue(noop, undefined, { id: 'a' });
    await expect(queue.enqueue(noop, undefined, { id: 'a' })).rejects.toBeInstanceOf(DuplicateJobIdError);
  });

  it('never makes an id a chosen id already holds, even one chosen to look like the next made id', async () => {
    const { queue, store } = setup([noop]);
    await queue.start();
    const made = await queue.enqueue(noop, undefined, { delayMs: 60_000 });
    // Made ids are a prefix and a base-36 counter: choose the one that would come next.
    const next = made.id.replace(/0$/, '1');
    expect(next).not.toBe(made.id);
    await queue.enqueue(noop, 'chosen', { id: next, delayMs: 60_000 });
    const later = await queue.enqueue(noop, 'made', { delayMs: 60_000 });
    expect(later.id).not.toBe(next);
    expect(queue.get(next)?.payload).toBe('chosen');
    expect(await store.load()).toHaveLength(3);
  });

  it('makes ids past a chosen id that takes the form of a later made id', async () => {
    const { queue, store } = setup([noop]);
    await queue.start();
    const made = await queue.enqueue(noop, undefined, { delayMs: 60_000 });
    // The form of the 41st made id: the prefix and the counter 40 in base 36.
    const chosen = `${made.id.slice(0, -1)}${(40).toString(36)}`;
    await queue.enqueue(noop, 'chosen', { id: chosen, delayMs: 60_000 });
    const many = await queue.enqueueMany(
      Array.from({ length: 50 }, () => ({ type: noop, payload: 'made', options: { delayMs: 60_000 } })),
    );
    expect(many.map((j) => j.id)).not.toContain(chosen);
    expect(queue.get(chosen)?.payload).toBe('chosen');
    expect(await store.load()).toHaveLength(52);
  });

  it('never makes an id that a chosen id still being written has', async () => {
    // The same seed draws the same prefix: this is the id a new queue makes first.
    const first = setup([noop]);
    await first.queue.start();
    const seen = await first.queue.enqueue(noop, 0, { delayMs: 60_000 });
    const { queue, store } = setup([noop]);
    await queue.start();
    const chosen = queue.enqueue(noop, 'chosen', { id: seen.id, delayMs: 60_000 });
    const made = queue.enqueue(noop, 'made', { delayMs: 60_000 });
    const [c, m] = await Promise.all([chosen, made]);
    expect(m.id).not.toBe(c.id);
    expect(await store.load()).toHaveLength(2);
  });

  it('never makes an id a stored job from an earlier process already holds', async () => {
    // The same seed draws the same prefix: the first queue's ids are what the second would make.
    const first = setup([noop]);
    await first.queue.start();
    const earlier = await first.queue.enqueueMany([
      { type: noop, payload: 1, options: { delayMs: 60_000 } },
      { type: noop, payload: 2, options: { delayMs: 60_000 } },
    ]);
    // One queue per store at a time: the earlier process is gone.
    await first.queue.stop();
    const second = setup([noop], { store: first.store });
    await second.queue.start();
    const made = await second.queue.enqueue(noop, 3, { delayMs: 60_000 });
    expect(earlier.map((j) => j.id)).not.toContain(made.id);
    expect((await first.store.load()).map((r) => (r as { payload: unknown }).payload).sort()).toEqual([
      1, 2, 3,
    ]);
  });

  it('starts, and makes fresh ids, even with a random source that always gives the same number', async () => {
    const platform = createMemoryPlatform();
    const store = createMemoryStore();
    // 'gggggggg' is the prefix () => 0.5 draws every time; a stored job already holds it.
    await store.write([
      { put: makeJobRecord('gggggggg0', { name: 'noop', state: 'succeeded', finishedAt: 1 }) },
    ]);
    const queue = createQueue({ platform: { ...platform, random: () => 0.5 }, store, jobs: [noop] });
    await queue.start();
    const made = await queue.enqueue(noop, 1, { delayMs: 60_000 });
    expect(made.id.startsWith('gggggggg')).toBe(false);
  });

  it('never makes the id of a stored record it cannot read', async () => {
    // The same seed draws the same prefix: this is the id a new queue makes first.
    const first = setup([noop]);
    await first.queue.start();
    const seen = await first.queue.enqueue(noop, 0, { delayMs: 60_000 });
    const inner = createMemoryStore();
    const store: Store = {
      load: async () => [...(await inner.load()), { id: seen.id, corrupt: 'not JSON' }],
      write: (ops) => inner.write(ops),
    };
    const { queue } = setup([noop], { store });
    await queue.start();
    const made = await queue.enqueue(noop, 1, { delayMs: 60_000 });
    expect(made.id).not.toBe(seen.id);
  });

  it('validates with a function and with a Standard Schema, rejecting with InvalidPayloadError', async () => {
    const fn = defineJob({
      name: 'fn',
      validate: (input: unknown) => {
        if (typeof input !== 'number') throw new Error('need a number');
        return input;
      },
      run: (n: number) => n,
    });
    const schema = defineJob({
      name: 'schema',
      validate: {
        '~standard': {
          version: 1,
          vendor: 'test',
          validate: (v: unknown) =>
            typeof v === 'string' ? { value: v.trim() } : { issues: [{ message: 'need a string' }] },
        },
      },
      run: (s: string) => s,
    });
    const { queue, platform } = setup([fn, schema]);
    await queue.start();
    await expect(queue.enqueue(fn, 'x' as never)).rejects.toThrow(/need a number/);
    await expect(queue.enqueue(schema, 1 as never)).rejects.toBeInstanceOf(InvalidPayloadError);
    const job = await queue.enqueue(schema, '  padded  ');
    expect(job.payload).toBe('padded');
    await platform.runUntilIdle();
    expect(queue.get(job.id)?.result).toBe('padded');
  });

  it('rejects with StoreError and keeps nothing in memory when the write fails', async () => {
    const store = withFaults(createMemoryStore(), { failWrites: () => true });
    const { queue } = setup([noop], { store });
    await queue.start();
    const error = await queue.enqueue(noop, undefined, { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBeDefined();
    expect(queue.get('x')).toBeUndefined();
    expect(queue.list()).toEqual([]);
    await expect(queue.waitFor('x')).rejects.toBeInstanceOf(UnknownJobError);
  });

  it('keeps the payload apart from the caller object', async () => {
    const { queue } = setup([double]);
    await queue.start();
    const payload = { n: 1 };
    const job = await queue.enqueue(double, payload);
    payload.n = 99;
    expect(queue.get(job.id)?.payload).toEqual({ n: 1 });
    expect(Object.isFrozen(job)).toBe(true);
    expect(Object.isFrozen(job.payload)).toBe(true);
  });
});

describe('enqueueMany', () => {
  it('writes every job in one atomic store write', async () => {
    const store = countingStore();
    const { queue } = setup([double], { store });
    await queue.start();
    const jobs = await queue.enqueueMany([
      { type: double, payload: { n: 1 } },
      { type: 'double', payload: { n: 2 } },
      { type: double, payload: { n: 3 } },
    ]);
    expect(store.writes).toBe(1);
    expect(jobs.map((j) => j.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('enqueues none when one item is bad', async () => {
    const { queue, store } = setup([double]);
    await queue.start();
    await expect(
      queue.enqueueMany([
        { type: double, payload: { n: 1 } },
        { type: double, payload: { n: 2 }, options: { delayMs: -5 } },
      ]),
    ).rejects.toBeInstanceOf(InvalidOptionsError);
    expect(await store.load()).toEqual([]);
    expect(queue.list()).toEqual([]);
  });

  it('enqueues none when the store write fails', async () => {
    const store = withFaults(createMemoryStore(), { failWrites: () => true });
    const { queue } = setup([double], { store });
    await queue.start();
    await expect(
      queue.enqueueMany([
        { type: double, payload: { n: 1 } },
        { type: double, payload: { n: 2 } },
      ]),
    ).rejects.toBeInstanceOf(StoreError);
    expect(queue.list()).toEqual([]);
  });
});

describe('running jobs', () => {
  it('runs a job and keeps its result on the snapshot', async () => {
    const { queue, platform } = setup([double]);
    await queue.start();
    const job = await queue.enqueue(double, { n: 21 });
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', result: { n: 42 }, attempts: 1 });
  });

  it('leaves result absent when the handler returns undefined', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(queue.get(job.id)).not.toHaveProperty('result');
  });

  it('fails a job permanently with InvalidPayloadError when its result is not JSON', async () => {
    const bad = defineJob({ name: 'bad', run: () => ({ when: new Date() }) as never });
    const { queue, platform } = setup([bad]);
    await queue.start();
    const job = await queue.enqueue(bad, null);
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'INVALID_PAYLOAD' },
    });
  });

  it('waits for a job not yet due', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 60_000 });
    await platform.advance(59_999);
    expect(queue.get(job.id)?.state).toBe('enqueued');
    await platform.advance(1);
    await platform.advance(0);
    expect(queue.get(job.id)?.state).toBe('succeeded');
  });

  it('honours runAt as an instant', async () => {
    const { queue, platform, log } = setup([noop], { platform: { now: 1_000 } });
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { runAt: 5_000 });
    await platform.runUntilIdle();
    expect(log).toContain(`5000 started ${job.id}`);
  });

  it('runs higher priority first, then earlier runAt, then earlier enqueue', async () => {
    const order: string[] = [];
    const rec = defineJob({ name: 'rec', run: (p: string) => void order.push(p) });
    const { queue, platform } = setup([rec], { platform: { now: 100 } });
    await queue.start();
    await queue.enqueueMany([
      { type: rec, payload: 'late-runAt', options: { runAt: 50 } },
      { type: rec, payload: 'low', options: { priority: -1 } },
      { type: rec, payload: 'first-of-equal', options: { runAt: 10 } },
      { type: rec, payload: 'second-of-equal', options: { runAt: 10 } },
      { type: rec, payload: 'high', options: { priority: 5 } },
    ]);
    await platform.runUntilIdle();
    expect(order).toEqual(['high', 'first-of-equal', 'second-of-equal', 'late-runAt', 'low']);
  });

  it('uses the definition priority when enqueue gives none', async () => {
    const order: string[] = [];
    const low = defineJob({ name: 'low', run: () => void order.push('low') });
    const high = defineJob({ name: 'high', priority: 3, run: () => void order.push('high') });
    const { queue, platform } = setup([low, high]);
    await queue.start();
    await queue.enqueue(low, undefined);
    await queue.enqueue(high, undefined);
    await platform.runUntilIdle();
    expect(order).toEqual(['high', 'low']);
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let now = 0;
    let peak = 0;
    const work = defineJob({
      name: 'work',
      run: async (_: null, ctx) => {
        peak = Math.max(peak, ++now);
        await platform.sleep(10, ctx.signal);
        now--;
      },
    });
    const { queue, platform } = setup([work], { concurrency: 3 });
    await queue.start();
    await queue.enqueueMany(Array.from({ length: 10 }, () => ({ type: work, payload: null })));
    await platform.runUntilIdle();
    expect(peak).toBe(3);
    expect(queue.stats().counts.succeeded).toBe(10);
  });

  it('runs at most a type’s own concurrency at once, while other types use the free slots', async () => {
    const live = { a: 0, b: 0 };
    const peak = { a: 0, b: 0 };
    const make = (name: 'a' | 'b', concurrency?: number) =>
      defineJob({
        name,
        concurrency,
        run: async (_: null, ctx) => {
          peak[name] = Math.max(peak[name], ++live[name]);
          await platform.sleep(10, ctx.signal);
          live[name]--;
        },
      });
    const a = make('a', 1);
    const b = make('b');
    const { queue, platform } = setup([a, b], { concurrency: 4 });
    await queue.start();
    await queue.enqueueMany([
      ...Array.from({ length: 4 }, () => ({ type: a, payload: null })),
      ...Array.from({ length: 6 }, () => ({ type: b, payload: null })),
    ]);
    await platform.runUntilIdle();
    expect(peak).toEqual({ a: 1, b: 3 });
  });

  it('emits started, progress and succeeded only after the store has the change', async () => {
    const seen: unknown[] = [];
    const landed: string[] = [];
    const inner = createMemoryStore();
    const store = {
      ...inner,
      write: async (ops: Parameters<typeof inner.write>[0]) => {
        await inner.write(ops);
        for (const op of ops) if ('put' in op) landed.push(op.put.state);
      },
    };
    const steps = defineJob({
      name: 'steps',
      run: (_: null, ctx) => {
        ctx.progress(0.5, 'half');
        return 'done';
      },
    });
    const { queue, platform } = setup([steps], { store });
    queue.on('started', (job) => seen.push(['started', job.state, landed.at(-1)]));
    queue.on('progress', (job, value, message) => seen.push(['progress', value, message, job.progress]));
    queue.on('succeeded', (job, result) => seen.push(['succeeded', result, job.result, landed.at(-1)]));
    await queue.start();
    await queue.enqueue(steps, null);
    await platform.runUntilIdle();
    expect(seen).toEqual([
      ['started', 'running', 'running'],
      ['progress', 0.5, 'half', { value: 0.5, message: 'half' }],
      ['succeeded', 'done', 'done', 'succeeded'],
    ]);
  });

  it('lets a handler destructure progress and saveCheckpoint from its context', async () => {
    const steps = defineJob({
      name: 'steps',
      run: async (_: null, { progress, saveCheckpoint }) => {
        progress(0.25);
        await saveCheckpoint({ page: 2 });
        progress(0.75, 'nearly');
      },
    });
    const store = createMemoryStore();
    const { queue, platform } = setup([steps], { store });
    await queue.start();
    const job = await queue.enqueue(steps, null);
    await platform.runUntilIdle();
    const done = queue.get(job.id);
    expect(done?.state).toBe('succeeded');
    expect(done?.progress).toEqual({ value: 0.75, message: 'nearly' });
    const [stored] = await store.load();
    expect((stored as { checkpoint?: unknown }).checkpoint).toEqual({ page: 2 });
  });

  it('writes progress with the next state change, not on each call', async () => {
    const store = countingStore();
    const chatty = defineJob({
      name: 'chatty',
      run: (_: null, ctx) => {
        for (let i = 1; i <= 100; i++) ctx.progress(i / 100);
      },
    });
    const { queue, platform } = setup([chatty], { store });
    await queue.start();
    const job = await queue.enqueue(chatty, null);
    const before = store.writes;
    await platform.runUntilIdle();
    expect(store.writes - before).toBeLessThanOrEqual(2);
    const [stored] = await store.load();
    expect((stored as { progress: unknown }).progress).toEqual({ value: 1 });
    expect(queue.get(job.id)?.progress).toEqual({ value: 1 });
  });

  it('refuses progress outside 0..1', async () => {
    let thrown: unknown;
    const bad = defineJob({
      name: 'bad',
      run: (_: null, ctx) => {
        try {
          ctx.progress(2);
        } catch (e) {
          thrown = e;
        }
      },
    });
    const { queue, platform } = setup([bad]);
    await queue.start();
    await queue.enqueue(bad, null);
    await platform.runUntilIdle();
    expect(thrown).toBeInstanceOf(InvalidOptionsError);
  });

  it('fails a job whose stored payload no longer validates, without retrying', async () => {
    let strict = false;
    const job = defineJob({
      name: 'v',
      validate: (input: unknown) => {
        if (strict) throw new Error('schema changed');
        return input as number;
      },
      run: (n: number) => n,
    });
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, 1, { delayMs: 10 });
    strict = true;
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'INVALID_PAYLOAD' },
    });
  });
});

describe('get, list, waitFor, subscribe, stats', () => {
  it('lists in creation order, filtered by state, name and tag', async () => {
    const { queue, platform } = setup([noop, double]);
    await queue.start();
    const a = await queue.enqueue(noop, undefined, { tags: ['x'] });
    const b = await queue.enqueue(double, { n: 1 }, { delayMs: 1_000 });
    const c = await queue.enqueue(noop, undefined, { tags: ['x', 'y'], delayMs: 1_000 });
    await platform.advance(0);
    expect(queue.list().map((j) => j.id)).toEqual([a.id, b.id, c.id]);
    expect(queue.list({ state: 'succeeded' }).map((j) => j.id)).toEqual([a.id]);
    expect(queue.list({ state: ['enqueued', 'succeeded'] })).toHaveLength(3);
    expect(queue.list({ name: 'double' }).map((j) => j.id)).toEqual([b.id]);
    expect(queue.list({ tag: 'y' }).map((j) => j.id)).toEqual([c.id]);
  });

  it('gives a waiting job the snapshot enqueue resolved with, the same object until the job changes', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    const later = await queue.enqueue(noop, undefined, { delayMs: 60_000 });
    const [batched] = await queue.enqueueMany([
      { type: noop, payload: undefined, options: { delayMs: 60_000 } },
    ]);
    expect(queue.get(later.id)).toBe(later);
    expect(queue.list({ state: 'enqueued' })).toEqual([later, batched]);
    expect(queue.list({ state: 'enqueued' })[1]).toBe(batched);
    await platform.advance(60_000);
    expect(queue.get(later.id)).not.toBe(later);
    expect(queue.get(later.id)?.state).toBe('succeeded');
  });

  it('returns the same snapshot object until the job changes', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 10 });
    expect(queue.get(job.id)).toBe(queue.get(job.id));
    const before = queue.get(job.id);
    await platform.runUntilIdle();
    expect(queue.get(job.id)).not.toBe(before);
  });

  it('resolves waitFor once the job is final, and at once if it already is', async () => {
    const { queue, platform } = setup([double]);
    await queue.start();
    const job = await queue.enqueue(double, { n: 4 });
    const waiting = queue.waitFor(job.id);
    await platform.runUntilIdle();
    expect((await waiting).result).toEqual({ n: 8 });
    expect((await queue.waitFor(job.id)).state).toBe('succeeded');
  });

  it('rejects waitFor for an unknown id, and with the signal’s reason when it aborts', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    await expect(queue.waitFor('nope')).rejects.toBeInstanceOf(UnknownJobError);
    const job = await queue.enqueue(noop, undefined, { delayMs: 1_000 });
    const controller = new AbortController();
    const waiting = queue.waitFor(job.id, { signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
  });

  it('lists the first jobs made up to a limit, and refuses a limit that is not a count', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    const jobs = await queue.enqueueMany(
      Array.from({ length: 10 }, (_, i) => ({
        type: noop,
        payload: i,
        options: { delayMs: 60_000, tags: i % 2 ? ['odd'] : [] },
      })),
    );
    expect(queue.list({ limit: 3 }).map((j) => j.id)).toEqual(jobs.slice(0, 3).map((j) => j.id));
    expect(queue.list({ tag: 'odd', limit: 2 }).map((j) => j.payload)).toEqual([1, 3]);
    expect(queue.list({ limit: 0 })).toEqual([]);
    expect(() => queue.list({ limit: -1 })).toThrow(InvalidOptionsError);
  });

  it('lists a retried job at its creation place among the waiting ones, not after them', async () => {
    let failures = 0;
    const flaky = defineJob({
      name: 'flaky',
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 1, jitter: 0 } },
      run: () => {
        if (failures++ === 0) throw new Error('once');
      },
    });
    const { queue, platform } = setup([noop, flaky]);
    await queue.start();
    const first = await queue.enqueue(flaky, undefined);
    const later = await queue.enqueueMany(
      Array.from({ length: 3 }, () => ({ type: noop, payload: undefined, options: { delayMs: 60_000 } })),
    );
    await platform.advance(0);
    // Failed once: waiting again, made before the others.
    expect(queue.get(first.id)).toMatchObject({ state: 'enqueued', attempts: 1 });
    const waiting = [first.id, ...later.map((j) => j.id)];
    expect(queue.list({ state: 'enqueued' }).map((j) => j.id)).toEqual(waiting);
    expect(queue.list({ state: ['running', 'enqueued'], limit: 2 }).map((j) => j.id)).toEqual(
      waiting.slice(0, 2),
    );
    await platform.runUntilIdle();
    expect(queue.list({ state: 'succeeded' }).map((j) => j.id)).toEqual(waiting);
  });

  it('refuses a list state that is no job state, instead of matching nothing', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    expect(() => queue.list({ state: 'done' as never })).toThrow(InvalidOptionsError);
    expect(() => queue.list({ state: ['enqueued', 'waiting' as never] })).toThrow(/'waiting'/);
  });

  it('calls subscribers once per batch of changes', async () => {
    const { queue, platform } = setup([noop]);
    await queue.start();
    let calls = 0;
    const unsubscribe = queue.subscribe(() => calls++);
    await queue.enqueueMany(Array.from({ length: 50 }, () => ({ type: noop, payload: undefined })));
    expect(calls).toBe(1);
    await platform.runUntilIdle();
    // One concurrency slot: each job starts and ends in its own batch, never more.
    expect(calls).toBeLessThanOrEqual(1 + 50 * 2);
    unsubscribe();
    const seen = calls;
    await queue.enqueue(noop, undefined);
    expect(calls).toBe(seen);
  });

  it('keeps the stats of job types named __proto__ and constructor as their own entries', async () => {
    const proto = defineJob({ name: '__proto__', run: () => {} });
    const ctor = defineJob({ name: 'constructor', run: () => {} });
    const { queue, platform } = setup([proto, ctor]);
    await queue.start();
    await queue.enqueue(proto, undefined);
    await platform.runUntilIdle();
    const { byType } = queue.stats();
    expect(Object.keys(byType).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(byType)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(byType, '__proto__')?.value).toMatchObject({
      runs: 1,
      succeeded: 1,
    });
    expect(byType.constructor).toMatchObject({ runs: 0 });
  });

  it('counts jobs by state and runs per type in stats', async () => {
    const boom = defineJob({
      name: 'boom',
      retry: { maxAttempts: 1 },
      run: () => {
        throw new Error('x');
      },
    });
    const { queue, platform } = setup([noop, boom]);
    await queue.start();
    await queue.enqueue(noop, undefined);
    await queue.enqueue(boom, null);
    await queue.enqueue(noop, undefined, { delayMs: 10_000 });
    await platform.advance(0);
    await platform.advance(0);
    const stats = queue.stats();
    expect(stats.counts).toMatchObject({ succeeded: 1, failed: 1, enqueued: 1, running: 0 });
    expect(stats.byType.noop).toMatchObject({ runs: 1, succeeded: 1, failed: 0, durationP50: 0 });
    expect(stats.byType.boom).toMatchObject({ runs: 1, failed: 1 });
  });

  it('emits idle when the last job finished and nothing else can start', async () => {
    const { queue, platform } = setup([noop]);
    let idle = 0;
    queue.on('idle', () => idle++);
    await queue.start();
    await queue.enqueueMany([
      { type: noop, payload: undefined },
      { type: noop, payload: undefined },
    ]);
    await platform.runUntilIdle();
    expect(idle).toBe(1);
  });
});

describe('events and errors', () => {
  it('reports a listener that throws through error, and still calls the other listeners', async () => {
    const { queue, platform, errors } = setup([noop]);
    const seen: string[] = [];
    queue.on('succeeded', () => {
      throw new Error('listener broke');
    });
    queue.on('succeeded', (job) => seen.push(job.id));
    await queue.start();
    const job = await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(seen).toEqual([job.id]);
    expect(errors.map((e) => e.message)).toContain('listener broke');
  });

  it('sends engine errors to logger.error when nobody listens for error', async () => {
    const logged: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (m: string) => void logged.push(m) };
    let n = 0;
    const store = withFaults(createMemoryStore(), { failWrites: () => ++n === 2 });
    const { platform } = setup([noop]);
    const queue = createQueue({ platform, store, jobs: [noop], logger });
    await queue.start();
    await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(logged.some((m) => /store write failed/.test(m))).toBe(true);
  });

  it('supports once and off', async () => {
    const { queue, platform } = setup([noop]);
    let once = 0;
    let on = 0;
    const listener = () => on++;
    queue.once('succeeded', () => once++);
    queue.on('succeeded', listener);
    await queue.start();
    await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    queue.off('succeeded', listener);
    await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect([once, on]).toEqual([1, 1]);
  });
});

describe('start twice', () => {
  it('returns the same start for a second call, so a headless task and the app can both call it', async () => {
    const { queue, platform } = setup([noop]);
    const first = queue.start();
    const second = queue.start();
    expect(second).toBe(first);
    await first;
    await queue.start();
    const job = await queue.enqueue(noop, undefined);
    await platform.runUntilIdle();
    expect(queue.get(job.id)?.state).toBe('succeeded');
  });

  it('refuses to start again after stop()', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    await queue.stop();
    await expect(queue.start()).rejects.toBeInstanceOf(QueueStoppedError);
    const never = createQueue({ platform: systemPlatform(), jobs: [noop] });
    await never.stop();
    await expect(never.start()).rejects.toBeInstanceOf(QueueStoppedError);
  });
});

describe('stop twice', () => {
  it('makes a second stop() wait for the first to close the store', async () => {
    let closed = false;
    const store = { ...createMemoryStore(), close: async () => void (closed = true) };
    const { queue } = setup([noop], { store });
    await queue.start();
    const first = queue.stop();
    const second = queue.stop();
    expect(second).toBe(first);
    await second;
    expect(closed).toBe(true);
  });
});
