import type { Clock, WakeWindow, WindowKind, WindowReport } from '@nightshift/core';
import { WindowExpiredError } from '@nightshift/core';

/** One handler's outcome: what `Promise.allSettled` would give, which Hermes may lack. */
type Settled = { status: 'fulfilled'; value: WindowReport } | { status: 'rejected'; reason: unknown };

/** A wake handler, as `OsScheduler.onWake` receives it. */
export type WakeHandler = (window: WakeWindow) => Promise<WindowReport>;

/** How one OS wake-up ended. Exactly one of these reaches `complete`, exactly once. */
export interface WakeOutcome {
  /** The report of the window, when a handler resolved. */
  report?: WindowReport;
  /** What a handler threw or rejected with. */
  error?: unknown;
  /**
   * Set when the wake-up ended without waiting for its handlers: `os-timeout` (the OS said
   * time is up), `deadline` (the budget passed with the window still open), `no-handler`
   * (no handler registered within the budget).
   */
  cut?: 'os-timeout' | 'deadline' | 'no-handler';
}

/** One wake-up in flight. */
export interface WakeHandle {
  /** Whether `complete` was called. */
  readonly done: boolean;
  /** The OS ended the window: aborts its signal and completes now (no-op once done). */
  expire(): void;
}

/**
 * Options of {@link createWakeDispatcher}.
 *
 * @example
 * const dispatcher = createWakeDispatcher({ clock: realClock(), budgetMs: 25_000, kind: 'refresh' });
 */
export interface WakeDispatcherOptions {
  /** Drives deadlines. Required. */
  clock: Clock;
  /** Milliseconds from the OS event to the window's deadline. Required. */
  budgetMs: number;
  /** The kind of every window it dispatches. Required. */
  kind: WindowKind;
  /** Receives errors thrown by `complete` (a native `finish` that threw). @default none: such errors are dropped */
  onCompleteError?: (error: unknown) => void;
}

/** Runs OS wake-ups through registered handlers; shared by the schedulers. */
export interface WakeDispatcher {
  /** Registers a handler and runs the wake-ups held for want of one; returns the unregister function. */
  onWake(handler: WakeHandler): () => void;
  /** Starts a wake-up now; `complete` is called exactly once, however it ends. */
  dispatch(complete: (outcome: WakeOutcome) => void): WakeHandle;
}

/**
 * The exactly-once core of the OS schedulers. For each OS event:
 *
 * - the window's deadline is the event's arrival plus the budget, also for an event held
 *   until a handler registered (the OS started counting when it woke the app);
 * - with handlers registered, every handler runs with that deadline and an `AbortSignal`;
 *   `complete` follows once all settled, also when one threw;
 * - with none, the event is held; a handler that registers in time runs it, else it
 *   completes at the deadline (`no-handler`);
 * - at the deadline a still-open window is aborted (`WindowExpiredError`) and completed, so
 *   the OS hears back in time even from a handler that hangs; a late result is dropped;
 * - `expire()` (the OS's own timeout) aborts and completes at once.
 */
export function createWakeDispatcher(options: WakeDispatcherOptions): WakeDispatcher {
  const { clock, budgetMs, kind, onCompleteError } = options;
  const handlers = new Set<{ handler: WakeHandler }>();
  const held = new Set<() => void>();

  return {
    onWake(handler) {
      const entry = { handler };
      handlers.add(entry);
      for (const run of [...held]) run();
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        handlers.delete(entry);
      };
    },

    dispatch(complete) {
      const deadline = clock.now() + budgetMs;
      const controller = new AbortController();
      let done = false;
      let started = false;

      const finish = (outcome: WakeOutcome) => {
        if (done) return;
        done = true;
        held.delete(run);
        cancelGuard();
        try {
          complete(outcome);
        } catch (error) {
          if (onCompleteError) onCompleteError(error);
          else throw error;
        }
      };
      const abort = (message: string) => {
        if (!controller.signal.aborted) controller.abort(new WindowExpiredError(message));
      };

      function run() {
        if (done || started) return;
        started = true;
        held.delete(run);
        const window: WakeWindow = { deadline, signal: controller.signal, kind };
        // Settled by hand, not with `Promise.allSettled`: Hermes lacks it in the React Native
        // versions the peer range allows (react-native issues 35363 and 46062, hermes issue 766).
        const runs = [...handlers].map(({ handler }) => {
          let outcome: Promise<unknown>;
          try {
            outcome = Promise.resolve(handler(window));
          } catch (error) {
            outcome = Promise.reject(error);
          }
          return outcome.then(
            (value): Settled => ({ status: 'fulfilled', value: value as WindowReport }),
            (reason: unknown): Settled => ({ status: 'rejected', reason }),
          );
        });
        void Promise.all(runs).then((results) => {
          let report: WindowReport | undefined;
          let failure: { error: unknown } | undefined;
          for (const r of results) {
            if (r.status === 'fulfilled') report ??= r.value;
            else failure ??= { error: r.reason };
          }
          const outcome: WakeOutcome = {};
          if (report) outcome.report = report;
          if (failure) outcome.error = failure.error;
          finish(outcome);
        });
      }

      const cancelGuard = clock.setTimer(deadline, () => {
        abort('the background window reached its deadline');
        finish({ cut: started ? 'deadline' : 'no-handler' });
      });

      if (handlers.size > 0) run();
      else held.add(run);

      return {
        get done() {
          return done;
        },
        expire() {
          if (done) return;
          abort('the OS ended the background window');
          finish({ cut: 'os-timeout' });
        },
      };
    },
  };
}
