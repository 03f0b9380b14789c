import type {
  AppState,
  Conditions,
  ConditionsSource,
  OsScheduler,
  Platform,
  Store,
  WakeRequest,
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
   * A killed process: drops every pending timer, conditions subscriber and the wake
   * handler, so nothing registered so far runs again; pending `sleep`s never settle and a
   * wake-up in progress ends unfinished. Registrations made afterwards work normally.
   */
  crash(): void;
  /**
   * The store as the current process sees it. A killed process never hears back from its
   * store: once `crash()` is called, every call made through this view, pending or new,
   * neither reaches the store nor settles. Attach again for the queue that restarts.
   * Without it, a crashed queue's writes still in flight land and report after the crash,
   * which no real process could do.
   *
   * @example
   * const store = createMemoryStore();
   * let queue = createQueue({ platform, store: platform.attachStore(store), jobs });
   * platform.crash();
   * queue = createQueue({ platform, store: platform.attachStore(store), jobs });
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
      generation++;
      clock.clear();
      conditions.clear();
      os.reset();
    },
  };
  if (minPeriodMs !== undefined) platform.minPeriodMs = minPeriodMs;
  return platform;
}
