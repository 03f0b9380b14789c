import { createMemoryPlatform, type MemoryPlatform, withFaults } from '@nightshift/adapter-memory';
import fc from 'fast-check';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import type { Queue } from '../src/queueTypes';
import type { JobSnapshot, JobState, Store } from '../src/types';

/** Each state alone, and mixes a UI asks for. */
const LIST_CHECKS: JobState[][] = [
  ['enqueued'],
  ['blocked'],
  ['running'],
  ['succeeded'],
  ['failed'],
  ['cancelled'],
  ['enqueued', 'running'],
  ['cancelled', 'blocked', 'succeeded', 'failed'],
];

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Random device scripts for the engine, and a player that checks its invariants as the
 * script runs: the property tests of core (memory store) and store-sqlite (SQLite) share
 * it. Every queue is made the way users make one: no `attachStore`.
 */
export type Step =
  | { kind: 'enqueue'; type: number; delay: number; periodic: boolean; after: number | null }
  | { kind: 'cancel'; pick: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'network'; value: 'none' | 'metered' | 'unmetered' }
  | { kind: 'app'; value: 'active' | 'background' }
  | { kind: 'wake'; budget: number; abortAfter: number | null }
  | { kind: 'crash'; concurrency: number }
  | { kind: 'restart'; concurrency: number; timeoutMs: number }
  | { kind: 'faults'; on: boolean };

const TYPES = ['quick', 'slow', 'net', 'stuck', 'limited'] as const;

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('enqueue' as const),
      type: fc.nat(TYPES.length - 1),
      delay: fc.nat(5_000),
      periodic: fc.boolean(),
      after: fc.option(fc.nat(), { freq: 3 }),
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
    arbitrary: fc.record({
      kind: fc.constant('wake' as const),
      budget: fc.integer({ min: 1, max: 60_000 }),
      abortAfter: fc.option(fc.nat(40_000), { freq: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('crash' as const),
      concurrency: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restart' as const),
      concurrency: fc.integer({ min: 1, max: 3 }),
      timeoutMs: fc.constantFrom(0, 1_000, 10_000),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('faults' as const), on: fc.boolean() }) },
);

/** How the script reaches its store: `open` is called at every (re)start, over the same data. */
export interface ScriptStore {
  open(): Store;
}

/** What a script run saw: the event log (for determinism) and every broken rule. */
export interface ScriptResult {
  log: string[];
  violations: string[];
  /** Handler calls, over all queues of the script. */
  runs: number;
}

/** A small seeded generator for the faults, apart from the platform's (which jitter and ids use). */
function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/** Plays a device script and checks the engine's invariants after every step and inside every handler. */
export async function playScript(seed: number, steps: Step[], storage: ScriptStore): Promise<ScriptResult> {
  const platform: MemoryPlatform = createMemoryPlatform({ seed });
  const log: string[] = [];
  const violations: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) violations.push(`${platform.now()} ${what}`);
  };
  const final = new Set<string>();
  const periodic = new Set<string>();
  const acknowledged: string[] = [];
  const aborted = new Set<string>();
  const faultRandom = xorshift(seed * 7919);
  let faults = false;
  // The queue of the current process; earlier ones are dead (crash) or stopped.
  let generation = 0;
  let concurrency = 2;
  // Handlers that run now for the current queue: called and neither settled nor aborted.
  const live = new Map<string, number>();
  const liveByType = new Map<string, number>();
  let liveTotal = 0;
  // Handlers called and not settled, aborted or not: a job never runs beside its own.
  const unsettled = new Map<string, number>();
  let runs = 0;

  const define = (name: (typeof TYPES)[number], born: number) =>
    defineJob({
      name,
      constraints: name === 'net' ? { network: 'connected' } : undefined,
      retry: { maxAttempts: 3, backoff: { kind: 'exponential', initialDelayMs: 1_000, jitter: 0.3 } },
      timeoutMs: name === 'stuck' ? 8_000 : undefined,
      concurrency: name === 'limited' ? 1 : undefined,
      run: async (n: number, ctx) => {
        check(born === generation, `a ${name} handler of a dead or stopped queue was called for ${ctx.id}`);
        check(!final.has(ctx.id), `finished job ${ctx.id} ran again`);
        if (born !== generation) return undefined;
        const count = (live.get(ctx.id) ?? 0) + 1;
        check(count === 1, `job ${ctx.id} ran twice at once`);
        check(!unsettled.get(ctx.id), `job ${ctx.id} ran again while its aborted handler had not settled`);
        unsettled.set(ctx.id, (unsettled.get(ctx.id) ?? 0) + 1);
        live.set(ctx.id, count);
        liveTotal++;
        liveByType.set(name, (liveByType.get(name) ?? 0) + 1);
        check(liveTotal <= concurrency, `${liveTotal} handlers at once with concurrency ${concurrency}`);
        if (name === 'limited')
          check(liveByType.get(name)! <= 1, `${liveByType.get(name)} limited handlers at once`);
        runs++;
        const token = `run-${runs}`;
        let ended = false;
        const end = () => {
          if (ended || born !== generation) return;
          ended = true;
          live.set(ctx.id, (live.get(ctx.id) ?? 1) - 1);
          liveTotal--;
          liveByType.set(name, (liveByType.get(name) ?? 1) - 1);
        };
        ctx.signal.addEventListener(
          'abort',
          () => {
            aborted.add(token);
            end();
          },
          { once: true },
        );
        try {
          switch (name) {
            case 'quick':
              return token;
            case 'slow':
              await platform.sleep(2_000 + (n % 7) * 1_000, ctx.signal);
              return token;
            case 'net':
              await platform.sleep(1_500, ctx.signal);
              if (platform.random() < 0.3) throw new Error('flake');
              return token;
            case 'limited':
              await platform.sleep(3_000, ctx.signal);
              return token;
            case 'stuck':
              // Ignores its signal: never settles, or settles long after its timeout.
              if (n % 2 === 0) await new Promise(() => {});
              await platform.sleep(3_000 + (n % 5) * 4_000);
              return token;
          }
        } finally {
          end();
          if (born === generation) unsettled.set(ctx.id, unsettled.get(ctx.id)! - 1);
        }
      },
    });

  let queue: Queue = undefined as never;
  let jobs: ReturnType<typeof define>[] = [];
  const boot = async () => {
    const born = generation;
    jobs = TYPES.map((name) => define(name, born));
    const store = withFaults(storage.open(), {
      failWrites: () => faults && faultRandom() < 0.5,
    });
    queue = createQueue({
      platform,
      store,
      jobs,
      concurrency,
      retention: {
        succeeded: { maxCount: 10_000 },
        failed: { maxCount: 10_000 },
        cancelled: { maxCount: 10_000 },
      },
    }) as unknown as Queue;
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
        check(born === generation, `a dead or stopped queue emitted ${e} for ${job.id}`);
        if (born !== generation) return;
        log.push(`${platform.now()} ${e} ${job.id} ${job.attempts}`);
        // A late result from a run that was aborted is discarded, never kept.
        if (e === 'succeeded')
          check(!aborted.has(job.result as string), `job ${job.id} kept an aborted run's result`);
        if ((e === 'succeeded' || e === 'failed') && !job.repeat) final.add(job.id);
        if (e === 'cancelled') final.add(job.id);
      });
    }
    for (const e of ['window-start', 'window-end', 'idle', 'progress'] as const) {
      queue.on(e, () => check(born === generation, `a dead or stopped queue emitted ${e}`));
    }
    queue.on('error', (error) => {
      check(born === generation, `a dead or stopped queue reported ${error.message}`);
      if (born === generation) log.push(`error ${error.name}`);
    });
    // start() waits for recovery writes, which a faulty store makes the engine retry on the clock.
    await platform.settle(queue.start(), { maxMs: 3_600_000 });
  };
  const newProcess = () => {
    generation++;
    live.clear();
    unsettled.clear();
    liveByType.clear();
    liveTotal = 0;
  };
  await boot();

  let n = 0;
  for (const s of steps) {
    switch (s.kind) {
      case 'enqueue': {
        const type = jobs[s.type]!;
        const candidates = acknowledged.filter((id) => !periodic.has(id));
        const after =
          s.after !== null && !s.periodic && candidates.length > 0
            ? [candidates[s.after % candidates.length]!]
            : undefined;
        try {
          const job = await queue.enqueue(
            type,
            n++,
            s.periodic
              ? { uniqueKey: `p-${type.name}`, repeat: { everyMs: 15 * 60_000 } }
              : { delayMs: s.delay, after },
          );
          acknowledged.push(job.id);
          if (job.repeat) periodic.add(job.id);
        } catch (error) {
          // A write a caller waits on is not retried: with faults on, the enqueue may fail whole.
          check((error as { code?: string }).code === 'STORE', `enqueue failed: ${(error as Error).message}`);
        }
        break;
      }
      case 'cancel': {
        if (acknowledged.length === 0) break;
        await queue.cancel(acknowledged[s.pick % acknowledged.length]!).catch((error: unknown) => {
          check((error as { code?: string }).code === 'STORE', `cancel failed: ${(error as Error).message}`);
        });
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
        const record = await platform.wake({
          budgetMs: s.budget,
          abortAfterMs: s.abortAfter !== null && s.abortAfter < s.budget ? s.abortAfter : undefined,
        });
        // Every window completes before its deadline, exactly once.
        check(record.completedAt !== undefined, 'a window did not complete');
        if (record.completedAt !== undefined) {
          check(record.completedAt <= record.deadline, 'a window completed after its deadline');
          if (s.budget > 4) check(record.completedAt < record.deadline, 'a window completed at its deadline');
        }
        break;
      }
      case 'crash':
        platform.crash();
        newProcess();
        concurrency = s.concurrency;
        await boot();
        break;
      case 'restart': {
        // stop() waits for the engine's writes, retried on the clock while faults last.
        const stopping = queue.stop({ timeoutMs: s.timeoutMs });
        faults = false;
        await platform.settle(stopping, { maxMs: 3_600_000 });
        newProcess();
        concurrency = s.concurrency;
        await boot();
        break;
      }
      case 'faults':
        faults = s.on;
        break;
    }
    const list = queue.list();
    const ids = new Set(list.map((j) => j.id));
    // No acknowledged job is lost: each is final, or waiting with a visible state.
    for (const id of acknowledged) check(ids.has(id), `acknowledged job ${id} is gone`);
    const periodicHolders = new Map<string, number>();
    for (const job of list) {
      check(
        job.attempts <= job.maxAttempts,
        `job ${job.id} spent ${job.attempts} of ${job.maxAttempts} attempts`,
      );
      if (job.repeat && job.state !== 'cancelled') {
        periodicHolders.set(job.uniqueKey!, (periodicHolders.get(job.uniqueKey!) ?? 0) + 1);
      }
    }
    // A periodic job never has two live instances.
    for (const [key, count] of periodicHolders) check(count === 1, `${count} live holders of ${key}`);
    // The per-state lists answer as a walk over every job would, in the same order.
    const listed = (states: JobState[]) => queue.list({ state: states }).map((j) => j.id);
    const everyId = (states: JobState[]) => list.filter((j) => states.includes(j.state)).map((j) => j.id);
    for (const states of LIST_CHECKS) {
      check(
        sameIds(listed(states), everyId(states)),
        `list({ state: ${states.join('|')} }) is not list() filtered`,
      );
    }
    check(
      sameIds(
        queue.list({ state: ['enqueued', 'running'], limit: 3 }).map((j) => j.id),
        everyId(['enqueued', 'running']).slice(0, 3),
      ),
      'list({ state, limit }) is not the first matches',
    );
    const counts = queue.stats().counts;
    check(
      Object.values(counts).reduce((a, b) => a + b, 0) === list.length,
      'the state counts do not add up to the jobs listed',
    );
    if (violations.length > 0) break;
  }
  faults = false;
  await platform.advance(0);
  // A copy: the queue lives on after the script, and must not write into the log being compared.
  return { log: [...log], violations, runs };
}
