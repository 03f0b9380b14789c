import { withFaults } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { CorruptRecordError, DuplicateJobIdError, UnknownJobError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import type { JobRecord, Store } from '../src/types';
import { restart, setup } from './helpers';

const long = (platform: { sleep(ms: number, s?: AbortSignal): Promise<void> }) =>
  defineJob({ name: 'long', run: async (_: null, ctx): Promise<void> => platform.sleep(10_000, ctx.signal) });

describe('recovery after a crash', () => {
  it('puts a job found running back to enqueued as interrupted, with no attempt spent', async () => {
    const { queue, platform, store } = setup([defineJob({ name: 'long', run: () => new Promise(() => {}) })]);
    await queue.start();
    const job = await queue.enqueue('long', null);
    await platform.advance(0);
    expect(queue.get(job.id)?.state).toBe('running');
    platform.crash();

    const job2 = long(platform);
    const { queue: again } = restart(platform, store, [job2]);
    const interrupted: string[] = [];
    again.on('interrupted', (j, reason) => interrupted.push(`${j.id} ${reason.code}`));
    await again.start();
    expect(interrupted).toEqual([`${job.id} INTERRUPTED`]);
    expect(again.get(job.id)).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 1 });
    await platform.runUntilIdle();
    expect(again.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1, interruptions: 0 });
  });

  it('spends an attempt when the job was found running three times in a row', async () => {
    const crashing = defineJob({
      name: 'crashing',
      retry: { maxAttempts: 2 },
      run: () => new Promise(() => {}),
    });
    const { platform, store } = setup([crashing]);
    let id = '';
    for (let i = 1; i <= 3; i++) {
      const { queue } = restart(platform, store, [crashing]);
      await queue.start();
      if (i === 1) id = (await queue.enqueue(crashing, null)).id;
      await platform.advance(0);
      expect(queue.get(id)?.state).toBe('running');
      platform.crash();
    }
    const { queue } = restart(platform, store, [crashing]);
    const events: string[] = [];
    queue.on('retrying', (_j, e) => events.push(`retrying ${e.code}`));
    queue.on('interrupted', () => events.push('interrupted'));
    await queue.start();
    expect(events).toEqual(['retrying INTERRUPTED']);
    expect(queue.get(id)).toMatchObject({ state: 'enqueued', attempts: 1, error: { code: 'INTERRUPTED' } });
  });

  it('never spends an attempt for window expiries, lost constraints or stop()', async () => {
    const job = defineJob({
      name: 'j',
      constraints: { network: 'connected' },
      retry: { maxAttempts: 1 },
      run: async (_: null, ctx): Promise<void> => platform.sleep(60_000, ctx.signal),
    });
    const { queue, platform, store } = setup([job], { platform: { conditions: { appState: 'background' } } });
    await queue.start();
    const snap = await queue.enqueue(job, null);
    for (let i = 0; i < 3; i++) await platform.wake({ budgetMs: 10_000 });
    platform.setAppState('active');
    await platform.advance(10);
    platform.setConditions({ network: 'none' });
    await platform.advance(0);
    expect(queue.get(snap.id)).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 4 });
    platform.setConditions({ network: 'unmetered' });
    await platform.advance(10);
    const stopping = queue.stop({ timeoutMs: 10 });
    await platform.advance(10);
    await stopping;
    const [stored] = (await store.load()) as JobRecord[];
    expect(stored).toMatchObject({ state: 'enqueued', attempts: 0 });
    expect(stored!.interruptions).toBe(5);
  });

  it('keeps a checkpoint across a crash', async () => {
    const seen: unknown[] = [];
    const upload = defineJob({
      name: 'upload',
      run: async (_: null, ctx) => {
        seen.push(ctx.checkpoint);
        await ctx.saveCheckpoint({ sent: 3 });
        await new Promise(() => {});
      },
    });
    const { queue, platform, store } = setup([upload]);
    await queue.start();
    await queue.enqueue(upload, null);
    await platform.advance(0);
    await platform.advance(0);
    platform.crash();
    const { queue: again } = restart(platform, store, [upload]);
    await again.start();
    await platform.advance(0);
    expect(seen).toEqual([undefined, { sent: 3 }]);
  });

  it('keeps a resolved enqueue across a crash that follows at once', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, platform, store } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    platform.crash();
    const { queue: again } = restart(platform, store, [job]);
    await again.start();
    expect(again.get(snap.id)?.state).toBe('enqueued');
  });

  it('keeps blocked jobs blocked and unblocks them when their dependency ends after the restart', async () => {
    const part = defineJob({ name: 'part', run: () => 'p' });
    const { queue, platform, store } = setup([part]);
    await queue.start();
    const a = await queue.enqueue(part, null, { delayMs: 1_000 });
    const b = await queue.enqueue(part, null, { after: [a.id] });
    platform.crash();
    const { queue: again } = restart(platform, store, [part]);
    await again.start();
    expect(again.get(b.id)?.state).toBe('blocked');
    await platform.runUntilIdle();
    expect(again.get(b.id)?.state).toBe('succeeded');
  });

  it('recovers from a crash in the middle of a store write without losing acknowledged work', async () => {
    let hang = false;
    const inner = createMemoryStore();
    const store = withFaults(inner, { hangWrites: () => hang });
    const job = defineJob({ name: 'j', run: () => 'done' });
    const { queue, platform } = setup([job], { store });
    await queue.start();
    const a = await queue.enqueue(job, null, { delayMs: 10 });
    hang = true;
    await platform.advance(10);
    expect(queue.get(a.id)?.state).toBe('running');
    platform.crash();
    const { queue: again } = restart(platform, inner, [job]);
    await again.start();
    expect(again.get(a.id)?.state).toBe('enqueued');
    await platform.runUntilIdle();
    expect(again.get(a.id)).toMatchObject({ state: 'succeeded', result: 'done' });
  });
});

describe('loaded jobs', () => {
  it('are frozen in depth, as jobs enqueued in this process are', async () => {
    const flaky = defineJob({
      name: 'flaky',
      retry: { maxAttempts: 1 },
      run: () => {
        throw new Error('no');
      },
    });
    const keep = defineJob({ name: 'keep', run: () => 1 });
    const { queue, platform, store } = setup([flaky, keep]);
    await queue.start();
    const waiting = await queue.enqueue(keep, { a: { b: [1] } }, { tags: ['x'], delayMs: 60_000 });
    const failed = await queue.enqueue(flaky, null);
    await platform.advance(0);
    await queue.stop();
    const { queue: again } = restart(platform, store, [flaky, keep]);
    await again.start();
    const job = again.get(waiting.id)!;
    const payload = job.payload as { a: { b: number[] } };
    expect([payload, payload.a, payload.a.b, job.tags].map(Object.isFrozen)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(Object.isFrozen(again.get(failed.id)!.error)).toBe(true);
  });
});

describe('unknown and corrupt records', () => {
  it('keeps jobs of unknown types untouched, reports each name once and lists them', async () => {
    const old = defineJob({ name: 'old', run: () => 1 });
    const keep = defineJob({ name: 'keep', run: () => 1 });
    const { queue, platform, store } = setup([old, keep]);
    await queue.start();
    const jobs = await queue.enqueueMany([
      { type: old, payload: null, options: { delayMs: 10 } },
      { type: old, payload: null, options: { delayMs: 10 } },
    ]);
    await queue.stop();
    const before = JSON.stringify(await store.load());
    const { queue: again, errors } = restart(platform, store, [keep], {
      retention: { succeeded: { maxCount: 0 } },
    });
    await again.start();
    expect(errors.filter((e) => e instanceof UnknownJobError)).toHaveLength(1);
    expect(again.list().map((j) => j.id)).toEqual(jobs.map((j) => j.id));
    await platform.runUntilIdle();
    expect(JSON.stringify(await store.load())).toBe(before);
  });

  it('reports a corrupt record before start resolves, never overwrites it and refuses its id', async () => {
    const inner = createMemoryStore();
    const store: Store = {
      load: async () => [...(await inner.load()), { id: 'broken', corrupt: 'not JSON' }],
      write: (ops) => inner.write(ops),
    };
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, errors, platform } = setup([job], { store });
    await queue.start();
    const corrupt = errors.find((e) => e instanceof CorruptRecordError) as CorruptRecordError;
    expect(corrupt.code).toBe('CORRUPT_RECORD');
    expect(corrupt.id).toBe('broken');
    await expect(queue.enqueue(job, null, { id: 'broken' })).rejects.toBeInstanceOf(DuplicateJobIdError);
    await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(queue.stats().counts.succeeded).toBe(1);
  });
});

describe('engine writes that fail', () => {
  it('retries with backoff on the platform clock, reports each failure and emits the event once it landed', async () => {
    let n = 0;
    const store = withFaults(createMemoryStore(), { failWrites: () => ++n >= 2 && n <= 4 });
    const job = defineJob({ name: 'j', run: () => 'ok' });
    const { queue, platform, errors, log } = setup([job], { store });
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.advance(0);
    expect(log.filter((l) => l.includes('started'))).toEqual([]);
    await platform.runUntilIdle();
    expect(errors.filter((e) => (e as { code?: string }).code === 'STORE')).toHaveLength(3);
    expect(log.find((l) => l.includes('started'))).toMatch(/^\d+ started/);
    expect(Number(log.find((l) => l.includes('started'))!.split(' ')[0])).toBeGreaterThan(0);
    expect(queue.get(snap.id)?.state).toBe('succeeded');
    expect((await store.load())[0]).toMatchObject({ state: 'succeeded' });
  });
});

describe('determinism', () => {
  it('gives the same event log, byte for byte, for the same seed and script', async () => {
    const script = async (seed: number) => {
      const flaky = defineJob({
        name: 'flaky',
        constraints: { network: 'connected' },
        retry: { maxAttempts: 4, backoff: { kind: 'exponential', initialDelayMs: 1_000, jitter: 0.5 } },
        run: async (n: number, ctx) => {
          await platform.sleep(500 + n * 10, ctx.signal);
          if (platform.random() < 0.4) throw new Error('flake');
          return n;
        },
      });
      const { queue, platform, store } = setup([flaky], { concurrency: 2, platform: { seed } });
      const log: string[] = [];
      const record = (q: typeof queue) => {
        for (const e of ['enqueued', 'started', 'succeeded', 'retrying', 'failed', 'interrupted'] as const) {
          q.on(e, (job: { id: string; attempts: number }) =>
            log.push(`${platform.now()} ${e} ${job.id} ${job.attempts}`),
          );
        }
      };
      record(queue);
      await queue.start();
      for (let i = 0; i < 10; i++) await queue.enqueue(flaky, i);
      await platform.advance(1_200);
      platform.setConditions({ network: 'none' });
      await platform.advance(3_000);
      platform.setConditions({ network: 'metered' });
      await platform.advance(700);
      platform.crash();
      const { queue: again } = restart(platform, store, [flaky], { concurrency: 2 });
      record(again);
      await again.start();
      await platform.runUntilIdle();
      return log.join('\n');
    };
    const a = await script(42);
    expect(await script(42)).toBe(a);
    expect(await script(43)).not.toBe(a);
  });
});
