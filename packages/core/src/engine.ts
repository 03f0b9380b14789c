import { DEFAULT_CONDITIONS } from './constraints';
import { DurationStats } from './durationStats';
import { EventBus } from './eventBus';
import { type Entry, isFinal, JobIndex } from './jobIndex';
import type { JobType } from './jobType';
import { createMemoryStore } from './memoryStore';
import type { QueueEvents, QueueOptions } from './queueTypes';
import type { Run } from './run';
import { RunList } from './runList';
import { toSnapshot } from './snapshot';
import { StoreWriter } from './storeWriter';
import type {
  Clock,
  Conditions,
  JobRecord,
  JobSnapshot,
  Platform,
  RetryPolicy,
  Store,
  StoreOp,
  WakeRequest,
  WakeWindow,
  WindowReport,
} from './types';

export interface OpenWindow {
  deadline: number;
  stopAt: number;
  kind: WakeWindow['kind'];
  report: Omit<WindowReport, 'endedAt' | 'nextWakeAt' | 'result'>;
  cleanup: Array<() => void>;
  resolve: (report: WindowReport) => void;
  closing: boolean;
  /** Groups of due jobs that this window passed over because they would not fit. */
  deferredGroups: Set<string>;
}

/** A job's next record, and the event to emit once the store has it. */
export interface Change {
  readonly entry: Entry;
  rec: JobRecord;
  /** Emitted with the job's snapshot first, then `args`. */
  event: keyof QueueEvents | undefined;
  args: unknown[] | undefined;
  /** A run whose start this change writes: its handler is called on the tick after it landed. */
  starts: Run | undefined;
  /** The record the change was computed from (for changes that land later, like cancels). */
  before: JobRecord | undefined;
}

/**
 * A change, with every field set: all changes share one shape, so the code that lands
 * them reads them fast. `starts` and `before` are set after, where they apply.
 */
export function change(entry: Entry, rec: JobRecord, event?: keyof QueueEvents, args?: unknown[]): Change {
  return { entry, rec, event, args, starts: undefined, before: undefined };
}

/** Everything a queue knows, shared by the modules that make up the engine. */
export interface Engine {
  readonly platform: Platform;
  readonly clock: Clock;
  readonly random: () => number;
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
  readonly waiters: Map<string, Set<(snap: JobSnapshot) => void>>;
  readonly running: RunList;
  /** Running jobs of each type that has a `concurrency` limit (others are not counted). */
  readonly runningByType: Map<string, number>;
  /** The ids of each enqueue whose write is in flight: taken, though not yet in the index. */
  readonly pendingIds: Set<ReadonlySet<string>>;
  readonly corruptIds: Set<string>;
  readonly pendingKeys: Map<string, Promise<unknown>>;
  readonly windows: OpenWindow[];
  readonly windowTotals: { run: number; expired: number };
  readonly detach: Array<() => void>;
  phase: 'idle' | 'starting' | 'started' | 'stopping' | 'stopped';
  conditions: Conditions;
  seq: number;
  /** The first part of every made id, drawn at `start()` (see `ids.ts`). */
  idPrefix: string;
  idCounter: number;
  lastRequest: WakeRequest | null | undefined;
  timerAt: number | undefined;
  cancelTimer: (() => void) | undefined;
  pumpScheduled: (() => void) | undefined;
  /** Inside the deferred tick: a pump asked for now runs at its end, with no timer of its own. */
  deferring: boolean;
  pumpWanted: boolean;
  busy: boolean;
  runsSettled: (() => void) | undefined;
  /**
   * Work for the clock's next tick, run by one timer: outcomes to apply, and runs whose
   * handler is to be called (a run rather than a closure: one less object per job).
   */
  deferred: Array<(() => void) | Run | undefined>;
  /**
   * How many of `deferred` are this tick's: the arrays keep their length and are
   * overwritten, since setting an array's `length` is a runtime call in V8.
   */
  deferredCount: number;
  /** The array the last tick ran, emptied: the two swap, so a tick allocates none. */
  spare: Array<(() => void) | Run | undefined>;
  deferTimer: (() => void) | undefined;
  /** The deferred tick's callback, made once. */
  readonly runDeferred: () => void;
  /** Called after each batch of writes landed (set by the scheduler: idle detection). */
  afterBatch: () => void;
  /** The scheduler's pump (set by createQueue; the engine core does not import the scheduler). */
  pumpNow: () => void;
  /** Calls a started run's handler (set by createQueue, like `pumpNow`). */
  invoke: (run: Run) => void;
}

const DEFAULT_RETENTION = { succeeded: 100, failed: 1000, cancelled: 100 };

/** Builds a fresh engine from checked queue options. */
export function createEngine(options: QueueOptions): Engine {
  const { platform } = options;
  const bus = new EventBus(options.logger);
  const store = options.store ?? createMemoryStore();
  const engine: Engine = {
    platform,
    clock: platform.clock,
    random: platform.random ?? Math.random,
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
    writer: new StoreWriter(
      store,
      platform.clock,
      (error) => bus.reportError(error),
      () => {
        // Soon, not now: the callers waiting on this batch (an enqueue) index their jobs in
        // the continuations its landing resumes, and subscribers must read those jobs.
        bus.notifySoon();
        engine.afterBatch();
      },
    ),
    waiters: new Map(),
    running: new RunList(),
    runningByType: new Map(),
    pendingIds: new Set(),
    corruptIds: new Set(),
    pendingKeys: new Map(),
    windows: [],
    windowTotals: { run: 0, expired: 0 },
    detach: [],
    phase: 'idle',
    conditions: platform.conditions?.get() ?? DEFAULT_CONDITIONS,
    seq: 0,
    idPrefix: '',
    idCounter: 0,
    lastRequest: undefined,
    timerAt: undefined,
    cancelTimer: undefined,
    pumpScheduled: undefined,
    deferring: false,
    pumpWanted: false,
    busy: false,
    runsSettled: undefined,
    deferred: [],
    deferredCount: 0,
    spare: [],
    deferTimer: undefined,
    runDeferred: () => runDeferred(engine),
    afterBatch: () => {},
    pumpNow: () => {},
    invoke: () => {},
  };
  return engine;
}

/**
 * Runs `fn` on the clock's next tick. One timer serves every call made meanwhile, and a
 * crashed memory platform drops it: a dead queue never calls a handler or applies an outcome.
 */
export function defer(e: Engine, fn: (() => void) | Run): void {
  e.deferred[e.deferredCount++] = fn;
  if (!e.deferTimer) e.deferTimer = e.clock.setTimer(e.clock.now(), e.runDeferred);
}

/** The deferred tick: this tick's calls, then one pump for the slots they freed, then one write. */
function runDeferred(e: Engine): void {
  e.deferTimer = undefined;
  const batch = e.deferred;
  const count = e.deferredCount;
  e.deferred = e.spare;
  e.deferredCount = 0;
  e.deferring = true;
  e.writer.holding = true;
  let i = 0;
  try {
    for (; i < count; i++) {
      const work = batch[i]!;
      // Dropped as it runs, so the spare array holds on to nothing.
      batch[i] = undefined;
      if (typeof work === 'function') work();
      else e.invoke(work);
    }
    e.deferring = false;
    // Outcomes applied above freed slots: fill them in this same tick rather than the next.
    if (e.pumpWanted || e.pumpScheduled) {
      e.pumpScheduled?.();
      e.pumpScheduled = undefined;
      e.pumpWanted = false;
      e.pumpNow();
    }
  } finally {
    // Also when something above threw: a writer left holding would never flush again.
    e.deferring = false;
    for (; i < count; i++) batch[i] = undefined;
    e.spare = batch;
    e.writer.holding = false;
    // This tick's changes are all queued: write them now rather than a tick later.
    e.writer.flushNow();
  }
}

/** Whether an enqueue in flight has taken `id`. */
export function isPending(e: Engine, id: string): boolean {
  for (const ids of e.pendingIds) if (ids.has(id)) return true;
  return false;
}

/** The job's snapshot, made once per change and then shared, so UIs see stable objects. */
export function snapshotOf(entry: Entry): JobSnapshot {
  if (!entry.snap) entry.snap = toSnapshot(entry.rec);
  return entry.snap;
}

/** The backoff that applies to a job: its own from `enqueue`, else its type's. */
export function backoffOf(entry: Entry): RetryPolicy['backoff'] {
  return entry.backoffFn ?? entry.rec.retry?.backoff ?? entry.type?.retry?.backoff;
}

export function settleWaiters(e: Engine, entry: Entry, snap: JobSnapshot): void {
  if (!isFinal(snap.state)) return;
  const set = e.waiters.get(entry.rec.id);
  if (!set) return;
  e.waiters.delete(entry.rec.id);
  for (const resolve of set) resolve(snap);
}

/**
 * Applies changes in memory at once and writes them, together with the deletions that
 * retention asks for, in one batch; their events fire once the store has them. `now`: the
 * instant the caller computed the changes at, if it has one (a clock read costs ~50 ns).
 */
export function commit(e: Engine, changes: Change[], now = e.clock.now()): void {
  for (const change of changes) e.index.update(change.entry, change.rec, now);
  const doomed = retentionVictims(e);
  // Sized once: an array grown by push starts with room for 17.
  const ops: StoreOp[] = new Array(changes.length + doomed.length);
  let i = 0;
  for (const change of changes) ops[i++] = { put: change.rec };
  for (const entry of doomed) ops[i++] = { delete: entry.rec.id };
  e.writer.write(ops, new Landing(e, changes));
}

/** What a commit does once its write landed: one object per commit, no closures. */
class Landing {
  constructor(
    private readonly e: Engine,
    private readonly changes: Change[],
  ) {}

  done(): void {
    for (const change of this.changes) landed(this.e, change);
  }
}

/** Emits a change's event once the store has it; snapshots are made only for someone to see. */
export function landed(e: Engine, { entry, rec, event, args, starts }: Change): void {
  const final = isFinal(rec.state);
  const listened = event !== undefined && e.bus.has(event);
  if (listened || (final && e.waiters.size > 0 && e.waiters.has(rec.id))) {
    // The event carries the job as this write left it, even if it moved on since.
    const snap = entry.rec === rec ? snapshotOf(entry) : toSnapshot(rec);
    if (listened) e.bus.emit(event, snap, ...(args ?? []));
    settleWaiters(e, entry, snap);
  }
  // Through the clock, never from a bare promise continuation: a queue whose process
  // died (a crashed memory platform drops its timers) must not call the handler.
  if (starts) defer(e, starts);
}

/** What `retentionVictims` returns when nothing is over: shared, never written to. */
const NONE: Entry[] = [];

/** Removes from memory the earliest finished jobs beyond each state's `maxCount`; returns them. */
function retentionVictims(e: Engine): Entry[] {
  const { counts } = e.index;
  const { retention } = e;
  const succeeded = Math.max(0, counts.succeeded - retention.succeeded);
  const failed = Math.max(0, counts.failed - retention.failed);
  const cancelled = Math.max(0, counts.cancelled - retention.cancelled);
  if (succeeded + failed + cancelled === 0) return NONE;
  // Sized to the excess (an array grown by push starts with room for 17, and this runs per
  // finished job), within reason: finished jobs no definition knows count, but are kept.
  const doomed: Entry[] = new Array(Math.min(succeeded + failed + cancelled, 64));
  let n = 0;
  // One call per state, each with its literal: see `JobIndex.finishedOf`.
  if (succeeded > 0) n = e.index.overRetention('succeeded', succeeded, doomed, n);
  if (failed > 0) n = e.index.overRetention('failed', failed, doomed, n);
  if (cancelled > 0) n = e.index.overRetention('cancelled', cancelled, doomed, n);
  // Fewer when some of the earliest are jobs no definition knows: those are kept.
  if (n < doomed.length) doomed.length = n;
  for (const entry of doomed) e.index.remove(entry);
  return doomed;
}

/** Deletes, in a write of its own, the finished jobs beyond retention (after a caller's write). */
export function enforceRetention(e: Engine): void {
  const doomed = retentionVictims(e);
  if (doomed.length === 0) return;
  e.writer.write(
    doomed.map((d) => ({ delete: d.rec.id })),
    { done: () => {} },
  );
}

/** A caller's write: nothing changes in memory until it landed; on failure the caller gets a StoreError. */
export function callerWrite(e: Engine, ops: StoreOp[]): Promise<void> {
  return new Promise((resolve, reject) => e.writer.write(ops, { done: resolve, fail: reject }));
}
