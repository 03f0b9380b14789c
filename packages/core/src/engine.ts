import { DEFAULT_CONDITIONS } from './constraints';
import { DurationStats } from './durationStats';
import { EventBus } from './eventBus';
import { JobIndex } from './jobIndex';
import type { JobType } from './jobType';
import { createMemoryStore } from './memoryStore';
import type { QueueOptions } from './queueTypes';
import type { Run } from './run';
import { RunTable } from './runTable';
import { StoreWriter } from './storeWriter';
import { defaultYieldToHost } from './systemPlatform';
import { Tick } from './tick';
import type { Clock, Conditions, JobSnapshot, Platform, Store, WakeRequest } from './types';
import { WindowSet } from './windowSet';

/**
 * Where a queue is in its life. `killed`: the memory platform's `crash()` killed the
 * process that made it; it never acts again (see `lifecycle.ts`).
 */
export type Phase = 'idle' | 'starting' | 'started' | 'stopping' | 'stopped' | 'killed';

/**
 * What the parts of the engine ask of the scheduler. The scheduler (`scheduler.ts`)
 * provides them when the queue is made; runs, windows and the tick only report and ask,
 * so none of them imports the scheduler.
 */
export interface SchedulerHooks {
  /** Starts what may start, now. */
  pumpNow(): void;
  /** Calls a started run's handler (from the tick, once its start landed). */
  invoke(run: Run): void;
  /** After each batch of writes landed: idle detection. */
  afterBatch(): void;
}

/** The scheduler's own state: the one platform timer, the one OS request, idle detection. */
export interface SchedulerState {
  /** The instant the platform timer is armed for. */
  timerAt: number | undefined;
  cancelTimer: (() => void) | undefined;
  /** The last request sent to the OS scheduler (`undefined`: none sent yet). */
  lastRequest: WakeRequest | null | undefined;
  /** Something ran since the last `idle` event. */
  busy: boolean;
}

/**
 * Everything a queue knows. Each part has one owner: runs (`runs`, see `runTable.ts`),
 * open windows (`windows`), the next tick (`tick`), the jobs and their indexes (`index`),
 * writes (`writer`), the scheduler's timer and OS request (`sched`).
 */
export interface Engine {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly random: () => number;
  /** Lets the host run a frame or a touch between slices of long work (see `slices.ts`). */
  readonly yieldToHost: () => Promise<void>;
  readonly store: Store;
  readonly concurrency: number;
  readonly maxPayloadBytes: number;
  readonly safetyMargin: number;
  readonly retention: Record<'succeeded' | 'failed' | 'cancelled', number>;
  readonly types: ReadonlyMap<string, JobType>;
  readonly logger: QueueOptions['logger'];
  readonly bus: EventBus;
  readonly index: JobIndex;
  readonly stats: DurationStats;
  readonly writer: StoreWriter;
  readonly tick: Tick;
  readonly runs: RunTable;
  readonly windows: WindowSet;
  readonly sched: SchedulerState;
  readonly waiters: Map<string, Set<(snap: JobSnapshot) => void>>;
  /** The ids of each enqueue whose write is in flight: taken, though not yet in the index. */
  readonly pendingIds: Set<ReadonlySet<string>>;
  /** Ids of stored records that could not be read: never written over, never reused. */
  readonly corruptIds: Set<string>;
  /** Unique keys of enqueues in flight, each with the write to wait for. */
  readonly pendingKeys: Map<string, Promise<unknown>>;
  /** What to undo when the queue stops: platform subscriptions. */
  readonly detach: Array<() => void>;
  hooks: SchedulerHooks;
  phase: Phase;
  conditions: Conditions;
  seq: number;
  /** The first part of every made id, drawn at `start()` (see `ids.ts`). */
  idPrefix: string;
  idCounter: number;
}

const DEFAULT_RETENTION = { succeeded: 100, failed: 1000, cancelled: 100 };

const NO_HOOKS: SchedulerHooks = { pumpNow() {}, invoke() {}, afterBatch() {} };

/** Builds a fresh engine from checked queue options; `createQueue` connects the scheduler. */
export function createEngine(options: QueueOptions): Engine {
  const { platform } = options;
  const bus = new EventBus(options.logger);
  const store = options.store ?? createMemoryStore();
  const yieldToHost = platform.yieldToHost ?? defaultYieldToHost;
  const writer = new StoreWriter(
    store,
    platform.clock,
    (error) => bus.reportError(error),
    () => {
      // Soon, not now: the callers waiting on this batch (an enqueue) index their jobs in
      // the continuations its landing resumes, and subscribers must read those jobs.
      bus.notifySoon();
      engine.hooks.afterBatch();
    },
    { yieldToHost },
  );
  const engine: Engine = {
    platform,
    clock: platform.clock,
    random: platform.random ?? Math.random,
    yieldToHost,
    store,
    concurrency: options.concurrency ?? 1,
    maxPayloadBytes: options.maxPayloadBytes ?? 65_536,
    safetyMargin: options.windowSafetyMarginMs ?? 2_000,
    retention: {
      succeeded: options.retention?.succeeded?.maxCount ?? DEFAULT_RETENTION.succeeded,
      failed: options.retention?.failed?.maxCount ?? DEFAULT_RETENTION.failed,
      cancelled: options.retention?.cancelled?.maxCount ?? DEFAULT_RETENTION.cancelled,
    },
    types: new Map(options.jobs.map((t) => [t.name, t])),
    logger: options.logger,
    bus,
    index: new JobIndex(),
    stats: new DurationStats(),
    writer,
    tick: new Tick(
      platform.clock,
      writer,
      (run) => engine.hooks.invoke(run),
      () => engine.hooks.pumpNow(),
    ),
    runs: new RunTable(),
    windows: new WindowSet(),
    sched: { timerAt: undefined, cancelTimer: undefined, lastRequest: undefined, busy: false },
    waiters: new Map(),
    pendingIds: new Set(),
    corruptIds: new Set(),
    pendingKeys: new Map(),
    detach: [],
    hooks: NO_HOOKS,
    phase: 'idle',
    conditions: platform.conditions?.get() ?? DEFAULT_CONDITIONS,
    seq: 0,
    idPrefix: '',
    idCounter: 0,
  };
  return engine;
}

/** Whether an enqueue in flight has taken `id`. */
export function isPending(e: Engine, id: string): boolean {
  for (const ids of e.pendingIds) if (ids.has(id)) return true;
  return false;
}

/** What a dead process's promises do: nothing, ever. */
const NEVER: Promise<never> = new Promise<never>(() => {});

/**
 * `promise`, unless the queue's process dies before it settles: then it never settles, as
 * nothing of a killed process resumes (a call made before `crash()` neither resolves nor
 * rejects after it).
 */
export function whileAlive<T>(e: Engine, promise: Promise<T>): Promise<T> {
  return promise.then(
    (value) => (e.phase === 'killed' ? NEVER : value),
    (error: unknown) => (e.phase === 'killed' ? NEVER : Promise.reject(error)),
  );
}
