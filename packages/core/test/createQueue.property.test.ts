import { createMemoryPlatform } from '@nightshift/adapter-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { createMemoryStore } from '../src/memoryStore';
import type { Queue } from '../src/queueTypes';
import type { JobSnapshot } from '../src/types';

type Step =
  | { kind: 'enqueue'; type: number; delay: number; periodic: boolean }
  | { kind: 'cancel'; pick: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'network'; value: 'none' | 'metered' | 'unmetered' }
  | { kind: 'app'; value: 'active' | 'background' }
  | { kind: 'wake'; budget: number }
  | { kind: 'crash' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('enqueue' as const),
      type: fc.nat(3),
      delay: fc.nat(5_000),
      periodic: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.nat(20_000) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('network' as const),
      value: fc.constantFrom('none', 'metered', 'unmetered') as fc.Arbitrary<
        'none' | 'metered' | 'unmetered'
      >,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('app' as const),
      value: fc.constantFrom('active', 'background') as fc.Arbitrary<'active' | 'background'>,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wake' as const), budget: fc.integer({ min: 1, max: 60_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const) }) },
);

/** Runs a device script and checks the engine's invariants after every step; returns the event log. */
async function play(seed: number, steps: Step[]): Promise<string[]> {
  const platform = createMemoryPlatform({ seed });
  const store = createMemoryStore();
  const log: string[] = [];
  const live = new Map<string, number>();
  const final = new Set<string>();
  const acknowledged = new Set<string>();
  const aborted = new Set<string>();
  let generation = 0;
  let runs = 0;
  // Handlers and listeners run inside the engine, which reports what they throw: collect instead.
  const violations: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) violations.push(`${platform.now()} ${what}`);
  };

  const handler = (name: string, behave: (n: number, signal: AbortSignal) => Promise<unknown>) =>
    defineJob({
      name,
      constraints: name === 'net' ? { network: 'connected' } : undefined,
      retry: { maxAttempts: 3, backoff: { kind: 'exponential', initialDelayMs: 1_000, jitter: 0.3 } },
      timeoutMs: name === 'stuck' ? 8_000 : undefined,
      run: async (n: number, ctx) => {
        check(!final.has(ctx.id), `finished job ${ctx.id} ran again`);
        const gen = generation;
        const count = (live.get(ctx.id) ?? 0) + 1;
        check(count === 1, `job ${ctx.id} ran twice at once`);
        live.set(ctx.id, count);
        const release = () => {
          if (gen === generation) live.set(ctx.id, (live.get(ctx.id) ?? 1) - 1);
        };
        const token = `run-${runs++}`;
        ctx.signal.addEventListener(
          'abort',
          () => {
            aborted.add(token);
            release();
          },
          { once: true },
        );
        try {
          await behave(n, ctx.signal);
          return token;
        } finally {
          if (!ctx.signal.aborted) release();
        }
      },
    });
  const jobs = [
    handler('quick', async (n) => n),
    handler('slow', async (n, signal) => platform.sleep(2_000 + (n % 7) * 1_000, signal)),
    handler('net', async (n, signal) => {
      await platform.sleep(1_500, signal);
      if (platform.random() < 0.3) throw new Error('flake');
      return n;
    }),
    // Ignores its signal: never settles, or settles long after its timeout, when a retry may be running.
    handler('stuck', async (n) =>
      n % 2 === 0 ? new Promise(() => {}) : platform.sleep(3_000 + (n % 5) * 4_000),
    ),
  ] as const;

  let queue: Queue<typeof jobs> = undefined as never;
  const boot = async () => {
    queue = createQueue({
      platform,
      store: platform.attachStore(store),
      jobs,
      concurrency: 2,
      retention: {
        succeeded: { maxCount: 10_000 },
        failed: { maxCount: 10_000 },
        cancelled: { maxCount: 10_000 },
      },
    });
    const born = generation;
    for (const e of [
      'enqueued',
      'started',
      'succeeded',
      'retrying',
      'failed',
      'cancelled',
      'interrupted',
    ] as const) {
      queue.on(e, (job: JobSnapshot) => {
        // A crashed queue's writes still in flight may land and report; a dead process could not.
        if (born !== generation) return;
        log.push(`${platform.now()} ${e} ${job.id} ${job.attempts}`);
        // A late result from a run that was aborted is discarded, never kept.
        if (e === 'succeeded')
          check(!aborted.has(job.result as string), `job ${job.id} kept an aborted run's result`);
        if (e === 'succeeded' && !job.repeat) final.add(job.id);
        if (e === 'failed' && !job.repeat) final.add(job.id);
        if (e === 'cancelled') final.add(job.id);
      });
    }
    queue.on('error', (error) => log.push(`error ${error.message}`));
    await queue.start();
  };
  await boot();

  let n = 0;
  for (const s of steps) {
    switch (s.kind) {
      case 'enqueue': {
        const type = jobs[s.type]!;
        const job = await queue.enqueue(
          type,
          n++,
          s.periodic
            ? { uniqueKey: `p-${type.name}`, repeat: { everyMs: 15 * 60_000 } }
            : { delayMs: s.delay },
        );
        acknowledged.add(job.id);
        break;
      }
      case 'cancel': {
        const ids = [...acknowledged];
        if (ids.length > 0) await queue.cancel(ids[s.pick % ids.length]!);
        break;
      }
      case 'advance':
        await platform.advance(s.ms);
        break;
      case 'network':
        platform.setConditions({ network: s.value });
        break;
      case 'app':
        platform.setAppState(s.value);
        break;
      case 'wake': {
        const record = await platform.wake({ budgetMs: s.budget });
        // Every window completes before its deadline, exactly once.
        expect(record.completedAt).toBeDefined();
        expect(record.completedAt!).toBeLessThanOrEqual(record.deadline);
        if (s.budget > 4) expect(record.completedAt!).toBeLessThan(record.deadline);
        break;
      }
      case 'crash':
        platform.crash();
        generation++;
        live.clear();
        await boot();
        break;
    }
    expect(violations).toEqual([]);
    const list = queue.list();
    const ids = new Set(list.map((j) => j.id));
    // No acknowledged job is lost: each is final, or waiting with a visible state.
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);
    const periodicHolders = new Map<string, number>();
    for (const job of list) {
      expect(['enqueued', 'blocked', 'running', 'succeeded', 'failed', 'cancelled']).toContain(job.state);
      expect(job.attempts).toBeLessThanOrEqual(job.maxAttempts);
      if (job.repeat && job.state !== 'cancelled') {
        periodicHolders.set(job.uniqueKey!, (periodicHolders.get(job.uniqueKey!) ?? 0) + 1);
      }
    }
    // A periodic job never has two live instances.
    for (const count of periodicHolders.values()) expect(count).toBe(1);
    const counts = queue.stats().counts;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(list.length);
  }
  await platform.advance(0);
  // A copy: the queue lives on after the script, and must not write into the log being compared.
  return [...log];
}

describe('the engine under random device scripts', () => {
  it('keeps its invariants through conditions, wake-ups, cancels and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(step, { minLength: 5, maxLength: 60 }),
        async (seed, steps) => {
          await play(seed, steps);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same event log for the same seed and script', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000 }),
        fc.array(step, { minLength: 5, maxLength: 40 }),
        async (seed, steps) => {
          expect(await play(seed, steps)).toEqual(await play(seed, steps));
        },
      ),
      { numRuns: 40 },
    );
  });
});
