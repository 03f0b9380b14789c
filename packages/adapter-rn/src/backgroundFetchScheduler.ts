import type { Clock, Logger, OsScheduler, WakeRequest } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import { checkBudget } from './checkBudget';
import { linkedBackgroundFetch } from './linkedBackgroundFetch';
import { realClock } from './realClock';
import { createWakeDispatcher, type WakeOutcome } from './wakeDispatcher';

/** The headless event react-native-background-fetch passes on Android after app termination. */
export interface BackgroundFetchHeadlessEventLike {
  /** The task the event is for; pass it to `BackgroundFetch.finish`. */
  taskId: string;
  /** True when this event is the OS's timeout for a task that is still running. */
  timeout: boolean;
}

/**
 * The part of `react-native-background-fetch` the adapter uses: pass its default export
 * (the `BackgroundFetch` class).
 */
export interface BackgroundFetchLike {
  /** `0`: no network constraint. */
  readonly NETWORK_TYPE_NONE: number;
  /** `1`: any connected network. */
  readonly NETWORK_TYPE_ANY: number;
  /** `2`: background fetch is available; `0` restricted and `1` denied are not. */
  readonly STATUS_AVAILABLE: number;
  /**
   * Configures and starts the periodic fetch; `onEvent` runs on each OS wake-up and
   * `onTimeout` when the OS is about to end one. Resolves with the status
   * (`STATUS_AVAILABLE` when background fetch may run).
   */
  configure(
    config: Record<string, unknown>,
    onEvent: (taskId: string) => void,
    onTimeout?: (taskId: string) => void,
  ): Promise<number>;
  /** Starts the fetch again after `stop()`, with the last configuration. */
  start(): Promise<number>;
  /** Stops the fetch (or one task, given its id). */
  stop(taskId?: string): Promise<boolean>;
  /** Tells the OS the work for `taskId` is done; must be called once per event. */
  finish(taskId: string): void;
  /** Android: registers the function that receives events after the app was terminated. */
  registerHeadlessTask(task: (event: BackgroundFetchHeadlessEventLike) => Promise<void>): void;
}

/**
 * The Android-only `configure` options the adapter passes through.
 *
 * @example
 * backgroundFetchScheduler(BackgroundFetch, { stopOnTerminate: true, enableHeadless: false });
 */
export interface BackgroundFetchAndroidOptions {
  /**
   * Stop receiving events once the app is terminated (the user swipes it away). `false`
   * keeps them coming, to the headless task (see `enableHeadless`).
   * @default false
   */
  stopOnTerminate?: boolean;
  /** Resume after a reboot. @default true */
  startOnBoot?: boolean;
  /** Deliver events to the headless task after termination (see {@link backgroundFetchHeadlessTask}). @default true */
  enableHeadless?: boolean;
  /** Use AlarmManager instead of JobScheduler: more precise, more battery. @default false */
  forceAlarmManager?: boolean;
}

/**
 * Options of {@link backgroundFetchScheduler}.
 *
 * @example
 * const scheduler = backgroundFetchScheduler(BackgroundFetch, { budgetMs: 20_000, logger: console });
 */
export interface BackgroundFetchSchedulerOptions extends BackgroundFetchAndroidOptions {
  /**
   * How long a window may run, from the OS event to its deadline. iOS gives about 30 s
   * before it calls the timeout callback; the default leaves 5 s to spare.
   * @default 25_000
   */
  budgetMs?: number;
  /**
   * The fetch interval asked of the OS, in whole minutes; the OS minimum is 15, and a
   * smaller value throws `InvalidOptionsError`.
   * @default 15
   */
  minimumFetchIntervalMinutes?: number;
  /** Receives status warnings and errors of windows. @default none */
  logger?: Logger;
  /**
   * Drives deadlines; pass the platform's clock in tests.
   * @default realClock()
   */
  clock?: Clock;
}

/** The smallest `minimumFetchInterval` the OS honours, in minutes. */
export const MIN_FETCH_INTERVAL_MINUTES = 15;

/**
 * An {@link OsScheduler} over `react-native-background-fetch`.
 *
 * - `request(wake)` calls `configure` with `minimumFetchInterval: 15` (minutes) and the
 *   requested flags (`requiredNetworkType: NETWORK_TYPE_ANY` when `wake.network`,
 *   `requiresCharging` when `wake.charging`; both are enforced on Android only). It calls
 *   `configure` again only when those flags change. `null` calls `stop()`; the next request
 *   after that calls `start()` (or `configure`, if the flags changed). The fetch is periodic:
 *   `earliestAt` cannot be expressed, so a wake-up with nothing due yet ends at once and
 *   reports `no-data`.
 * - On an OS event, every wake handler runs with `deadline = now + budgetMs` and an
 *   `AbortSignal`; then `BackgroundFetch.finish(taskId)` is called exactly once, also when a
 *   handler threw.
 * - On the library's timeout callback, the window's signal aborts (`WindowExpiredError`) and
 *   `finish(taskId)` is called at once, exactly once; for a task it no longer runs it still
 *   calls `finish`, unless it already finished that event.
 * - An event that arrives before any wake handler is registered (the queue is still
 *   loading its store) is held until one registers, and finished once the budget is spent
 *   if none does.
 * - A window still open at its deadline is aborted and finished then, so a hanging handler
 *   cannot make the OS penalise the app.
 *
 * Registering a wake handler calls `configure` (no flags) if no request did yet: the library
 * delivers events to JS only after `configure`, and a wake-up granted before the queue's first
 * request must still be received and finished. A first request of `null` then stops it.
 *
 * Requests are applied one after the other; a failed `configure` rejects that request (the
 * queue reports it) and is retried by the next one.
 *
 * For Android after termination, also register {@link backgroundFetchHeadlessTask}.
 *
 * @throws InvalidOptionsError for a missing module, a `budgetMs` that is not a positive
 * finite number, or an interval below 15 minutes.
 *
 * @example
 * import BackgroundFetch from 'react-native-background-fetch';
 * const scheduler = backgroundFetchScheduler(BackgroundFetch, { budgetMs: 25_000 });
 * const platform = createReactNativePlatform({ appState: AppState, netInfo: NetInfo, scheduler });
 */
export function backgroundFetchScheduler(
  BackgroundFetch: BackgroundFetchLike,
  options: BackgroundFetchSchedulerOptions = {},
): OsScheduler {
  if (!BackgroundFetch || typeof BackgroundFetch.configure !== 'function') {
    throw new InvalidOptionsError(
      'backgroundFetchScheduler needs the react-native-background-fetch default export',
    );
  }
  BackgroundFetch = linkedBackgroundFetch(BackgroundFetch);
  const budgetMs = checkBudget('backgroundFetchScheduler', options.budgetMs);
  const interval = options.minimumFetchIntervalMinutes ?? MIN_FETCH_INTERVAL_MINUTES;
  if (!Number.isInteger(interval) || interval < MIN_FETCH_INTERVAL_MINUTES) {
    throw new InvalidOptionsError(
      `minimumFetchIntervalMinutes must be an integer >= ${MIN_FETCH_INTERVAL_MINUTES}, got ${String(interval)}`,
    );
  }
  const { logger } = options;
  const clock = options.clock ?? realClock();
  const android: Required<BackgroundFetchAndroidOptions> = {
    stopOnTerminate: options.stopOnTerminate ?? false,
    startOnBoot: options.startOnBoot ?? true,
    enableHeadless: options.enableHeadless ?? true,
    forceAlarmManager: options.forceAlarmManager ?? false,
  };

  const dispatcher = createWakeDispatcher({
    clock,
    budgetMs,
    kind: 'refresh',
    onCompleteError: (error) => logger?.error('BackgroundFetch.finish threw', { error }),
  });
  // The latest event per task id; task ids repeat (the fetch task always has the same one).
  const events = new Map<string, { done: boolean; expire(): void }>();

  const finishOnce = (taskId: string) => (outcome: WakeOutcome) => {
    if (outcome.error !== undefined)
      logger?.error('background window failed', { taskId, error: outcome.error });
    else if (outcome.cut === 'no-handler')
      logger?.warn('background fetch event with no wake handler', { taskId });
    BackgroundFetch.finish(taskId);
  };
  const onEvent = (taskId: string) => {
    // A new event for a task id still open means the OS moved on; finish the old one first.
    events.get(taskId)?.expire();
    events.set(taskId, dispatcher.dispatch(finishOnce(taskId)));
  };
  const onTimeout = (taskId: string) => {
    const event = events.get(taskId);
    if (event) {
      event.expire();
      return;
    }
    // An event this scheduler never ran (delivered before it was configured): the OS still waits.
    try {
      BackgroundFetch.finish(taskId);
    } catch (error) {
      logger?.error('BackgroundFetch.finish threw', { error });
    }
  };

  type Flags = { network: boolean; charging: boolean };
  let configured: Flags | undefined;
  let running = false;
  let tail: Promise<void> = Promise.resolve();

  const apply = async (wake: WakeRequest | null | 'listen') => {
    if (wake === 'listen') {
      // Events reach JS only after `configure`; a wake-up the OS grants before the first
      // request must still be received and finished.
      if (!configured) await apply({ earliestAt: 0, network: false, charging: false });
      return;
    }
    if (wake === null) {
      if (running) {
        running = false;
        await BackgroundFetch.stop();
      }
      return;
    }
    const flags = { network: wake.network, charging: wake.charging };
    if (!configured || configured.network !== flags.network || configured.charging !== flags.charging) {
      configured = undefined;
      running = false;
      const status = await BackgroundFetch.configure(
        {
          minimumFetchInterval: interval,
          ...android,
          requiredNetworkType: flags.network
            ? BackgroundFetch.NETWORK_TYPE_ANY
            : BackgroundFetch.NETWORK_TYPE_NONE,
          requiresCharging: flags.charging,
        },
        onEvent,
        onTimeout,
      );
      configured = flags;
      running = true;
      if (status !== BackgroundFetch.STATUS_AVAILABLE) {
        logger?.warn('background fetch is not available (restricted or denied by the user)', { status });
      }
      return;
    }
    if (!running) {
      await BackgroundFetch.start();
      running = true;
    }
  };

  const enqueue = (wake: WakeRequest | null | 'listen') => {
    const result = tail.then(() => apply(wake));
    // The next request waits for this one but not for its failure.
    tail = result.catch(() => {});
    return result;
  };

  return {
    request: (wake) => enqueue(wake),
    onWake(handler) {
      enqueue('listen').catch((error) => logger?.error('BackgroundFetch.configure failed', { error }));
      return dispatcher.onWake(handler);
    },
  };
}
