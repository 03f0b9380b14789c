import {
  type AppState,
  type Conditions,
  type ConditionsSource,
  type OsScheduler,
  type Platform,
  type Store,
  TimeoutError,
  type WakeRequest,
} from '@nightshift/core';
import { createMemoryConditions } from './createMemoryConditions';
import { createMemoryScheduler, type WakeOptions, type WakeRecord } from './createMemoryScheduler';
import { createSeededRandom } from './seededRandom';
import { createVirtualClock, type RunUntilIdleOptions, type VirtualClock } from './virtualClock';

/**
 * Options of {@link createMemoryPlatform}.
 *
 * @example
 * const platform = createMemoryPlatform({ now: Date.UTC(2025, 0, 1), seed: 7, conditions: { network: 'metered' } });
 */
export interface MemoryPlatformOptions {
  /** The starting virtual instant, in epoch milliseconds. @default 0 */
  now?: number;
  /** Seed of `platform.random`; the same seed replays the same jitter and ids. @default 1 */
  seed?: number;
  /**
   * Conditions that differ from core's `DEFAULT_CONDITIONS` (unmetered network, charging,
   * battery and storage fine, not idle, app active).
   *
   * @default {}
   * @example
   * createMemoryPlatform({ conditions: { network: 'none', appState: 'background' } });
   */
  conditions?: Partial<Conditions>;
  /**
   * Passed through as `Platform.minPeriodMs`, to simulate an OS minimum for periodic work.
   *
   * @default undefined (no minimum)
   * @example
   * createMemoryPlatform({ minPeriodMs: 15 * 60_000 }); // like iOS and Android
   */
  minPeriodMs?: number;
}

/** Options of {@link MemoryPlatform.settle}. */
export interface SettleOptions {
  /**
   * How much virtual time may pass before `settle` gives up.
   * @default 600_000 (ten virtual minutes)
   * @example await platform.settle(queue.stop(), { maxMs: 60 * 60_000 })
   */
  maxMs?: number;
}

/**
 * A deterministic {@link Platform} for tests and simulations: a virtual clock, scripted
 * conditions, simulated OS wake-ups and a log of the wake-ups the engine asked for.
 */
export interface MemoryPlatform extends Platform {
  /** The virtual clock; only `advance`, `advanceTo`, `runUntilIdle` and `wake` move it. */
  clock: VirtualClock;
  /** Starts as `DEFAULT_CONDITIONS` merged with the `conditions` option. */
  conditions: ConditionsSource;
  /** Records every `request`; holds the one wake handler (a later `onWake` replaces it). */
  scheduler: OsScheduler;
  /** Seeded by the `seed` option. */
  random: () => number;
  /**
   * Resolves at once, with no real or virtual delay, so that a test sees the engine's
   * slicing without waiting for it; a yield pending at a `crash()` never resolves, so a
   * killed queue never resumes its work.
   */
  yieldToHost: () => Promise<void>;
  /** The `minPeriodMs` option; absent when it was not given. */
  minPeriodMs?: number;
  /** The virtual time. */
  now(): number;
  /** Same as `clock.advance`: fires each timer at its own instant, letting promises settle after each. */
  advance(ms: number): Promise<void>;
  /** Same as `clock.advanceTo`. */
  advanceTo(at: number): Promise<void>;
  /** Same as `clock.runUntilIdle`: until no timer is pending, at most `maxMs` ahead. */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<void>;
  /**
   * Merges `partial` into the conditions; subscribers get the complete new conditions,
   * synchronously, and only when something changed.
   *
   * @throws TypeError for an unknown key or an impossible value.
   */
  setConditions(partial: Partial<Conditions>): void;
  /** Same as `setConditions({ appState: state })`. */
  setAppState(state: AppState): void;
  /**
   * An OS wake-up now. Calls the registered wake handler with `deadline = now + budgetMs`,
   * then moves virtual time from timer to timer while the handler runs, never past the
   * deadline. Resolves when the handler settled (its instant is `completedAt`) or when
   * the deadline came first (the OS would kill the app: `report` and `completedAt` stay
   * `undefined`, and a later settlement is ignored). The record is in `wakes` from the start.
   *
   * @example
   * platform.setAppState('background');
   * const record = await platform.wake({ budgetMs: 30_000 });
   * expect(record.report?.succeeded).toBe(1);
   */
  wake(options?: WakeOptions): Promise<WakeRecord>;
  /** Every wake-up, in the order they began. */
  readonly wakes: readonly WakeRecord[];
  /** The argument of every `scheduler.request` call, in order (frozen copies). */
  readonly requests: ReadonlyArray<WakeRequest | null>;
  /**
   * Resolves after `ms` of virtual time; rejects with `signal.reason` when the signal
   * aborts (at once if it already has). A sleep pending at a `crash()` never settles.
   *
   * @example
   * run: async (_payload, ctx) => { await platform.sleep(5_000, ctx.signal); }
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Advances virtual time, timer by timer, until `promise` settles, and returns its
   * outcome: for calls that wait on what the engine does on the clock, such as `stop()` or
   * `start()` while store writes fail and are retried with backoff. Rejects with a
   * `TimeoutError` that says what is still pending when `promise` has not settled after
   * `maxMs` of virtual time, or at once when no timer is left that could settle it.
   *
   * @example
   * const store = withFaults(createMemoryStore(), { failWrites: (_ops, n) => n <= 3 });
   * // ...the engine's own writes fail three times and are retried on the clock
   * await platform.settle(queue.stop());
   */
  settle<T>(promise: PromiseLike<T>, options?: SettleOptions): Promise<T>;
  /**
   * A killed process: drops every pending timer, conditions subscriber and the wake
   * handler, so nothing registered so far runs again; pending `sleep`s never settle and a
   * wake-up in progress ends unfinished. Every queue made before dies with it, whatever
   * store it was given (it registered through `onCrash`): it emits nothing, calls no
   * handler and writes nothing afterwards, and calls it had in flight never settle.
   * Registrations made afterwards work normally, so a new queue on the same store starts
   * and recovers.
   */
  crash(): void;
  /** Calls `listener` at the next `crash()`, once: how a queue learns its process died. */
  onCrash(listener: () => void): () => void;
  /**
   * The store as the current process sees it: once `crash()` is called, every call made
   * through this view, pending or new, neither reaches the store nor settles.
   *
   * Not needed any more: every queue on this platform dies with `crash()` whatever store
   * it has. It stays, harmless, for tests that want a store view that dies too.
   *
   * @deprecated a queue made on this platform is killed by `crash()` without it.
   */
  attachStore(store: Store): Store;
}

/**
 * Creates a {@link MemoryPlatform}. Nothing happens until the test moves time: timers,
 * including those due at once, fire only inside `advance`, `advanceTo`, `runUntilIdle`
 * and `wake`.
 *
 * @param options - the starting instant, seed, conditions and OS minimum period. @default {}
 * @example
 * const platform = createMemoryPlatform({ now: 0, seed: 1, conditions: { network: 'unmetered' } });
 * const queue = createQueue({ platform, jobs: [syncInbox] });
 * await queue.start();
 * await queue.enqueue(syncInbox, { since: 0 }, { delayMs: 60_000 });
 * await platform.advance(60_000); // the job ran at virtual 60 s
 */
export function createMemoryPlatform(options: MemoryPlatformOptions = {}): MemoryPlatform {
  const { now = 0, seed = 1, minPeriodMs } = options;
  if (minPeriodMs !== undefined && !(Number.isFinite(minPeriodMs) && minPeriodMs >= 0)) {
    throw new RangeError(`minPeriodMs must be a finite number >= 0, got ${String(minPeriodMs)}`);
  }
  const clock = createVirtualClock(now);
  const conditions = createMemoryConditions(options.conditions);
  const os = createMemoryScheduler(clock);
  // Bumped by crash(): a sleep started under an older generation belongs to a dead process.
  let generation = 0;
  let crashListeners = new Set<() => void>();

  async function settle<T>(promise: PromiseLike<T>, { maxMs = 600_000 }: SettleOptions = {}): Promise<T> {
    if (typeof maxMs !== 'number' || !(maxMs >= 0)) {
      throw new RangeError(`settle needs maxMs >= 0, got ${String(maxMs)}`);
    }
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    Promise.resolve(promise).then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    const started = clock.now();
    const limit = started + maxMs;
    // Fires what is due now and lets promise chains run before the first look.
    await clock.advance(0);
    while (!outcome) {
      let next = clock.nextTimerAt();
      // No timer left: give promise chains and host callbacks (a store's own I/O) a few
      // turns of the event loop before deciding that nothing will settle it.
      for (let turn = 0; next === undefined && !outcome && turn < 20; turn++) {
        await clock.advance(0);
        next = clock.nextTimerAt();
      }
      if (outcome) break;
      if (next === undefined || next > limit) {
        const what =
          next === undefined
            ? 'no timer is pending, so nothing on the virtual clock can settle it'
            : `${clock.pending()} timer(s) pending, the next at ${next} (${next - started} ms after settle began)`;
        throw new TimeoutError(
          `settle: the promise is still pending after ${clock.now() - started} ms of virtual time (maxMs ${maxMs}); ${what}`,
        );
      }
      await clock.advanceTo(next);
    }
    if (outcome.ok) return outcome.value;
    throw outcome.error;
  }

  function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        throw new RangeError(`sleep needs a finite ms >= 0, got ${String(ms)}`);
      }
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const born = generation;
      const onAbort = () => {
        if (born !== generation) return;
        cancel();
        reject(signal?.reason);
      };
      const cancel = clock.setTimer(clock.now() + ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  const platform: MemoryPlatform = {
    clock,
    // Only the ConditionsSource half: `set` and `clear` stay with the platform's controls.
    conditions: { get: conditions.get, subscribe: conditions.subscribe },
    scheduler: os.scheduler,
    random: createSeededRandom(seed),
    yieldToHost() {
      const born = generation;
      return Promise.resolve().then(() => (born === generation ? undefined : new Promise<void>(() => {})));
    },
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    advanceTo: (instant) => clock.advanceTo(instant),
    runUntilIdle: (runOptions) => clock.runUntilIdle(runOptions),
    setConditions(partial) {
      conditions.set(partial);
    },
    setAppState(state) {
      conditions.set({ appState: state });
    },
    wake: os.wake,
    wakes: os.wakes,
    requests: os.requests,
    sleep,
    settle,
    onCrash(listener) {
      const set = crashListeners;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    attachStore(store) {
      const born = generation;
      const never = new Promise<never>(() => {});
      // Settles only while the process that attached is alive.
      const alive = <T>(call: () => Promise<T>): Promise<T> => {
        if (born !== generation) return never;
        return call().then(
          (value) => (born === generation ? value : never),
          (error: unknown) => (born === generation ? Promise.reject(error) : never),
        );
      };
      const view: Store = {
        load: () => alive(() => store.load()),
        write: (ops) => alive(() => store.write(ops)),
      };
      if (store.close) view.close = () => alive(() => store.close!());
      return view;
    },
    crash() {
      // The queues of the dead process learn it first, so none of them acts on what follows.
      const dying = crashListeners;
      crashListeners = new Set();
      for (const listener of dying) listener();
      generation++;
      clock.clear();
      conditions.clear();
      os.reset();
    },
  };
  if (minPeriodMs !== undefined) platform.minPeriodMs = minPeriodMs;
  return platform;
}
