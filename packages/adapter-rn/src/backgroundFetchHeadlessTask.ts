import type { Clock, Logger, Queue } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import type { BackgroundFetchHeadlessEventLike, BackgroundFetchLike } from './backgroundFetchScheduler';
import { checkBudget } from './checkBudget';
import { realClock } from './realClock';
import { createWakeDispatcher, type WakeHandle } from './wakeDispatcher';

/**
 * Options of {@link backgroundFetchHeadlessTask}.
 *
 * @example
 * backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: buildQueue, budgetMs: 25_000, logger: console });
 */
export interface BackgroundFetchHeadlessTaskOptions {
  /**
   * Builds the queue the first time a headless event arrives: a new, not yet started queue
   * with the same jobs and store as the app's. Called at most once per JS context (again
   * only if it or `start()` failed); the task starts the queue itself. Required.
   * @example
   * createQueue: () => createQueue({ platform: makePlatform(), store: makeStore(), jobs })
   */
  createQueue: () => Queue<any> | Promise<Queue<any>>;
  /**
   * How long a window may run, from the event to its deadline.
   * @default 25_000
   */
  budgetMs?: number;
  /** Receives errors of windows and of the factory. @default none */
  logger?: Logger;
  /**
   * Drives deadlines.
   * @default realClock()
   */
  clock?: Clock;
  /**
   * Whether to call `BackgroundFetch.registerHeadlessTask` with the task.
   * @default true
   */
  register?: boolean;
}

/**
 * The Android headless entry of react-native-background-fetch: after the app was
 * terminated (with `stopOnTerminate: false`, `enableHeadless: true`, the defaults of
 * {@link backgroundFetchScheduler}), Android starts a JS context without UI and delivers
 * events here instead of to `configure`'s callbacks.
 *
 * The task builds the queue lazily from `createQueue` (once, memoized), starts it, runs one
 * window (`deadline = now + budgetMs`) and calls `BackgroundFetch.finish(taskId)` exactly
 * once, also when the factory, `start()` or the window threw. A headless event with
 * `timeout: true` aborts the window of that task, if one runs, and finishes at once. The
 * queue is not stopped afterwards: Android ends the process, and the next headless event
 * reuses it.
 *
 * Call it at module top level, in `index.js`, not inside a component: headless events
 * arrive with no component mounted. It registers the task with
 * `BackgroundFetch.registerHeadlessTask` and returns it.
 *
 * @throws InvalidOptionsError for a missing module or factory or a bad `budgetMs`.
 *
 * @example
 * // index.js
 * import BackgroundFetch from 'react-native-background-fetch';
 * import { backgroundFetchHeadlessTask } from '@nightshift/adapter-rn';
 * import { buildQueue } from './src/queue';
 *
 * backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: buildQueue });
 */
export function backgroundFetchHeadlessTask(
  BackgroundFetch: BackgroundFetchLike,
  options: BackgroundFetchHeadlessTaskOptions,
): (event: BackgroundFetchHeadlessEventLike) => Promise<void> {
  if (!BackgroundFetch || typeof BackgroundFetch.finish !== 'function') {
    throw new InvalidOptionsError(
      'backgroundFetchHeadlessTask needs the react-native-background-fetch default export',
    );
  }
  if (!options || typeof options.createQueue !== 'function') {
    throw new InvalidOptionsError('backgroundFetchHeadlessTask needs a createQueue factory');
  }
  const budgetMs = checkBudget('backgroundFetchHeadlessTask', options.budgetMs);
  const { logger, createQueue } = options;
  const clock = options.clock ?? realClock();

  let queue: Promise<Queue<any>> | undefined;
  const startedQueue = (): Promise<Queue<any>> => {
    if (!queue) {
      const building = (async () => {
        const q = await createQueue();
        await q.start();
        return q;
      })();
      queue = building;
      // A factory or start() that failed is tried again on the next event.
      building.catch(() => {
        if (queue === building) queue = undefined;
      });
    }
    return queue;
  };

  const dispatcher = createWakeDispatcher({
    clock,
    budgetMs,
    kind: 'refresh',
    onCompleteError: (error) => logger?.error('BackgroundFetch.finish threw', { error }),
  });
  dispatcher.onWake(async (window) => (await startedQueue()).runWindow(window));
  const events = new Map<string, WakeHandle>();

  const finish = (taskId: string) => {
    try {
      BackgroundFetch.finish(taskId);
    } catch (error) {
      logger?.error('BackgroundFetch.finish threw', { error });
    }
  };

  const task = (event: BackgroundFetchHeadlessEventLike): Promise<void> => {
    const taskId = event.taskId;
    if (event.timeout) {
      const running = events.get(taskId);
      if (running) running.expire();
      else finish(taskId);
      return Promise.resolve();
    }
    events.get(taskId)?.expire();
    return new Promise<void>((resolve) => {
      events.set(
        taskId,
        dispatcher.dispatch((outcome) => {
          if (outcome.error !== undefined)
            logger?.error('headless window failed', { taskId, error: outcome.error });
          try {
            BackgroundFetch.finish(taskId);
          } finally {
            resolve();
          }
        }),
      );
    });
  };

  if (options.register ?? true) BackgroundFetch.registerHeadlessTask(task);
  return task;
}
