import type { Clock, Logger, OsScheduler, WakeRequest } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import { checkBudget } from './checkBudget';
import { realClock } from './realClock';
import { createRequestApplier } from './requestApplier';
import { createWakeDispatcher, type WakeOutcome } from './wakeDispatcher';

/**
 * The part of `expo-background-task` the adapter uses: pass the module namespace
 * (`import * as BackgroundTask from 'expo-background-task'`).
 */
export interface ExpoBackgroundTaskLike {
  /** The values a task's executor resolves with. */
  readonly BackgroundTaskResult: {
    /** The run did its work. */
    readonly Success: number;
    /** The run failed or was cut short. */
    readonly Failed: number;
  };
  /** The values of `getStatusAsync`. */
  readonly BackgroundTaskStatus?: {
    /** Background tasks cannot run here: the iOS Simulator, Expo Go, the web. */
    readonly Restricted: number;
    /** Background tasks can run. */
    readonly Available: number;
  };
  /**
   * `minimumInterval` is in minutes (15 at least). A no-op when the task is already
   * registered, and also where the status is `Restricted` (it resolves all the same).
   */
  registerTaskAsync(taskName: string, options?: { minimumInterval?: number }): Promise<void>;
  /** A no-op when the task is not registered. */
  unregisterTaskAsync(taskName: string): Promise<void>;
  /** `Restricted` on the iOS Simulator and in Expo Go, where nothing runs in the background. */
  getStatusAsync?(): Promise<number>;
  /**
   * Documented as called when the system ends the background run (iOS). expo-background-task
   * 57 never calls it: its native side posts the event without the `url` its own module
   * requires before forwarding it.
   */
  addExpirationListener?(listener: () => void): {
    /** Stops the listener. */
    remove(): void;
  };
}

/**
 * The part of `expo-task-manager` the adapter uses: pass the module namespace
 * (`import * as TaskManager from 'expo-task-manager'`).
 */
export interface ExpoTaskManagerLike {
  /** Defines the executor the OS runs under `taskName`; must be called at module top level. */
  defineTask(taskName: string, executor: (body: any) => Promise<any>): void;
}

/** `BackgroundTaskStatus.Restricted` of expo-background-task, for a module that lacks the enum. */
const RESTRICTED = 1;

/**
 * Options of {@link expoBackgroundTaskScheduler}.
 *
 * @example
 * import * as BackgroundTask from 'expo-background-task';
 * import * as TaskManager from 'expo-task-manager';
 * const scheduler = expoBackgroundTaskScheduler({ BackgroundTask, TaskManager, taskName: 'sync', logger: console });
 */
export interface ExpoBackgroundTaskSchedulerOptions {
  /** `import * as BackgroundTask from 'expo-background-task'`. Required. */
  BackgroundTask: ExpoBackgroundTaskLike;
  /** `import * as TaskManager from 'expo-task-manager'`. Required. */
  TaskManager: ExpoTaskManagerLike;
  /**
   * The name the task is defined and registered under; unique in the app.
   * @default 'nightshift'
   */
  taskName?: string;
  /**
   * How long a window may run. expo-background-task gives JS no deadline of its own, so
   * this one is the only bound.
   * @default 25_000
   */
  budgetMs?: number;
  /**
   * The interval asked of the OS, in whole minutes (at least 15). It applies when the task is first
   * registered; expo-background-task keeps the interval of a task that is already registered.
   * @default 15
   */
  minimumIntervalMinutes?: number;
  /** Receives the warning about ignored flags and errors of windows. @default none */
  logger?: Logger;
  /**
   * Drives deadlines; pass the platform's clock in tests.
   * @default realClock()
   */
  clock?: Clock;
}

/**
 * An {@link OsScheduler} over expo-background-task (WorkManager on Android,
 * BGTaskScheduler on iOS) and expo-task-manager.
 *
 * It calls `TaskManager.defineTask(taskName, …)` when created, and expo-task-manager
 * requires that at module top level: when the OS launches the app in the background no
 * component mounts, so **create this scheduler at module scope** (in the file that builds
 * your queue, imported from the app's entry), never inside a component or an effect.
 *
 * - `request(wake)` registers the task with `registerTaskAsync(taskName, { minimumInterval })`
 *   (15 minutes by default); `null` unregisters it, and the next request registers it again.
 * - No `unregisterTaskAsync` runs while a task run is open: on Android it cancels the
 *   running WorkManager worker. Requests made meanwhile wait; the latest is applied after.
 * - Where `getStatusAsync()` says `Restricted` (the iOS Simulator, Expo Go),
 *   `registerTaskAsync` registers nothing but resolves: the scheduler says so once through
 *   `logger.warn` and makes no further calls, and jobs run only while the app is open.
 * - When the task runs, every wake handler runs with `deadline = now + budgetMs` and an
 *   `AbortSignal`; the executor then resolves, exactly once, with
 *   `BackgroundTaskResult.Success`, or `Failed` when a handler threw, the window reported
 *   `failed`, the window was cut short, or no handler registered within the budget.
 * - A task run that starts before a handler is registered is held until one registers.
 * - An expiration event, should one reach JS, aborts the window at once. expo-background-task
 *   57 sends none (on iOS the event is dropped before it reaches JS; Android has none), so
 *   the scheduler's own deadline is the only bound on both platforms.
 *
 * Limits of expo-background-task, compared with {@link backgroundFetchScheduler}:
 * - one OS request and one interval for the whole app, shared by every job;
 * - no JS deadline from the OS, and no expiration event in practice: `budgetMs` (25 s) is
 *   the only bound, and a window at its deadline is aborted and the executor resolves;
 * - on Android the worker waits for the JS executor with no timeout of its own, so that
 *   bound matters;
 * - no network or charging flags: `wake.network` and `wake.charging` are ignored (said once
 *   through `logger.warn`); the OS runs the task only with a network (both platforms) and
 *   enough battery, whatever the jobs need, and the queue checks each job's constraints itself.
 *
 * @throws InvalidOptionsError for missing modules, an empty `taskName`, a bad `budgetMs` or an
 * interval below 15 minutes.
 *
 * @example
 * // queue.ts, at module scope
 * import * as BackgroundTask from 'expo-background-task';
 * import * as TaskManager from 'expo-task-manager';
 *
 * const scheduler = expoBackgroundTaskScheduler({ BackgroundTask, TaskManager, taskName: 'nightshift' });
 * export const queue = createQueue({
 *   platform: createReactNativePlatform({ appState: AppState, netInfo: NetInfo, scheduler }),
 *   jobs: [syncInbox],
 * });
 */
export function expoBackgroundTaskScheduler(options: ExpoBackgroundTaskSchedulerOptions): OsScheduler {
  const { BackgroundTask, TaskManager, logger } = options ?? ({} as ExpoBackgroundTaskSchedulerOptions);
  if (!BackgroundTask || typeof BackgroundTask.registerTaskAsync !== 'function') {
    throw new InvalidOptionsError(
      'expoBackgroundTaskScheduler needs BackgroundTask: the expo-background-task module',
    );
  }
  if (!TaskManager || typeof TaskManager.defineTask !== 'function') {
    throw new InvalidOptionsError(
      'expoBackgroundTaskScheduler needs TaskManager: the expo-task-manager module',
    );
  }
  const taskName = options.taskName ?? 'nightshift';
  if (typeof taskName !== 'string' || taskName.length === 0) {
    throw new InvalidOptionsError('expoBackgroundTaskScheduler taskName must be a non-empty string');
  }
  const budgetMs = checkBudget('expoBackgroundTaskScheduler', options.budgetMs);
  const minimumInterval = options.minimumIntervalMinutes ?? 15;
  if (!Number.isInteger(minimumInterval) || minimumInterval < 15) {
    throw new InvalidOptionsError(
      `expoBackgroundTaskScheduler minimumIntervalMinutes must be an integer >= 15, got ${String(minimumInterval)}`,
    );
  }
  const clock = options.clock ?? realClock();
  const { Success, Failed } = BackgroundTask.BackgroundTaskResult;

  const dispatcher = createWakeDispatcher({ clock, budgetMs, kind: 'refresh' });
  const resultOf = (outcome: WakeOutcome): number => {
    if (outcome.error !== undefined) {
      logger?.error('background task window failed', { taskName, error: outcome.error });
      return Failed;
    }
    if (outcome.cut === 'no-handler') logger?.warn('background task ran with no wake handler', { taskName });
    if (outcome.cut) return Failed;
    return outcome.report?.result === 'failed' ? Failed : Success;
  };

  let open = 0;
  TaskManager.defineTask(taskName, () => {
    open++;
    return new Promise<number>((resolve) => {
      let expiry: { remove(): void } | undefined;
      const handle = dispatcher.dispatch((outcome) => {
        expiry?.remove();
        resolve(resultOf(outcome));
        open--;
        if (open === 0) applier.resume();
      });
      if (!handle.done && typeof BackgroundTask.addExpirationListener === 'function') {
        try {
          expiry = BackgroundTask.addExpirationListener(() => handle.expire());
        } catch {
          // A module without the event: the budget bounds the run.
        }
      }
    });
  });

  let registered: boolean | undefined; // undefined: not known, a task may survive from an earlier launch
  let restricted: boolean | undefined; // undefined: getStatusAsync not asked yet
  let warned = false;

  const isRestricted = async (): Promise<boolean> => {
    if (restricted !== undefined) return restricted;
    if (typeof BackgroundTask.getStatusAsync !== 'function') return (restricted = false);
    const status = await BackgroundTask.getStatusAsync();
    restricted = status === (BackgroundTask.BackgroundTaskStatus?.Restricted ?? RESTRICTED);
    if (restricted) {
      logger?.warn(
        'expo-background-task cannot run here (the iOS Simulator or Expo Go): no task is registered, so the OS will not wake the app, and jobs run only while it is open',
        { taskName },
      );
    }
    return restricted;
  };

  const apply = async (wake: WakeRequest | null) => {
    if (await isRestricted()) return;
    if (wake === null) {
      if (registered !== false) {
        registered = undefined;
        await BackgroundTask.unregisterTaskAsync(taskName);
        registered = false;
      }
      return;
    }
    if ((wake.network || wake.charging) && !warned) {
      warned = true;
      logger?.warn('expo-background-task cannot require a network or charging; the flags are ignored', {
        taskName,
        network: wake.network,
        charging: wake.charging,
      });
    }
    if (registered !== true) {
      // Unknown until the call succeeds, so a failure is retried by the next request.
      registered = undefined;
      await BackgroundTask.registerTaskAsync(taskName, { minimumInterval });
      registered = true;
    }
  };
  const applier = createRequestApplier<WakeRequest | null>({ apply, held: () => open > 0 });

  return {
    request: (wake) => applier.set(wake),
    onWake: (handler) => dispatcher.onWake(handler),
  };
}
