import type { Clock, Logger, Queue } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import { backgroundFetchContext } from './backgroundFetchContext';
import type { BackgroundFetchHeadlessEventLike, BackgroundFetchLike } from './backgroundFetchLike';
import { checkBudget } from './checkBudget';
import { realClock } from './realClock';
import { createWakeDispatcher, type WakeHandle } from './wakeDispatcher';

/**
 * How long React Native lets a headless JS task of react-native-background-fetch run:
 * `HeadlessJsTaskConfig(…, 30000)` in the library's Android `HeadlessTask.java`.
 */
export const HEADLESS_JS_TIMEOUT_MS = 30_000;

/**
 * Options of {@link backgroundFetchHeadlessTask}.
 *
 * @example
 * backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: () => queue, budgetMs: 25_000, logger: console });
 */
export interface BackgroundFetchHeadlessTaskOptions {
  /**
   * Returns the app's own queue: the one queue of this JS context, which the app starts
   * when it is open (a module-level queue, or a factory that builds it once and returns the
   * same object after). Never a second queue on the app's store: two queues on one store in
   * one JS context would run the same stored jobs. Called on the first headless event, and
   * again only if it or `start()` failed; the task calls `start()`, which returns the
   * running start when the app already started the queue. Required.
   * @example
   * createQueue: () => queue // the queue your app module exports
   */
  createQueue: () => Queue<any> | Promise<Queue<any>>;
  /**
   * How long a window may run, from the event to its deadline. More than the 30 s React
   * Native gives a headless task is lowered to 30 s, with a `logger.warn`.
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
 * terminated, Android starts a JS context without UI and delivers events here instead of to
 * `configure`'s callbacks.
 *
 * Set it up on Android only, at module top level (in `index.js` or a module it imports),
 * not inside a component: headless events arrive with no component mounted. Setting it up
 * also tells {@link backgroundFetchScheduler} over the same module to enable headless
 * delivery and, in this JS context, to configure or stop nothing until the app has been
 * active: a headless launch keeps the app's configuration, and no `configure` finishes the
 * task that launched it.
 *
 * The task gets the app's queue from `createQueue` (once, memoized), starts it (a no-op for
 * a queue the app already started), runs one window (`deadline = now + budgetMs`, at most
 * 30 s) and calls `BackgroundFetch.finish(taskId)` exactly once, also when the factory,
 * `start()` or the window threw. A headless event with `timeout: true` aborts the window of
 * that task, if one runs, and finishes at once. The queue is not stopped afterwards: Android
 * ends the process, and the next headless event reuses it. While a window runs, the queue's
 * scheduler holds every `configure` and `stop`.
 *
 * Returns the task; with `register` (the default) it is registered with
 * `BackgroundFetch.registerHeadlessTask`.
 *
 * @throws InvalidOptionsError for a missing module or factory or a bad `budgetMs`.
 *
 * @example
 * // index.js
 * import { Platform } from 'react-native';
 * import BackgroundFetch from 'react-native-background-fetch';
 * import { backgroundFetchHeadlessTask } from '@nightshift/adapter-rn';
 * import { queue } from './src/queue';
 *
 * if (Platform.OS === 'android') backgroundFetchHeadlessTask(BackgroundFetch, { createQueue: () => queue });
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
  const asked = checkBudget('backgroundFetchHeadlessTask', options.budgetMs);
  const { logger, createQueue } = options;
  const budgetMs = Math.min(asked, HEADLESS_JS_TIMEOUT_MS);
  if (asked > budgetMs) {
    logger?.warn('budgetMs is above the 30 s React Native gives a headless task; using 30 s', {
      budgetMs: asked,
    });
  }
  const clock = options.clock ?? realClock();
  const context = backgroundFetchContext(BackgroundFetch);
  context.headlessRegistered = true;

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
    // Counted before anything else runs, so the scheduler holds its calls from now on.
    const end = context.openEvent();
    return new Promise<void>((resolve) => {
      events.set(
        taskId,
        dispatcher.dispatch((outcome) => {
          if (outcome.error !== undefined)
            logger?.error('headless window failed', { taskId, error: outcome.error });
          try {
            BackgroundFetch.finish(taskId);
          } finally {
            end();
            resolve();
          }
        }),
      );
    });
  };

  if (options.register ?? true) BackgroundFetch.registerHeadlessTask(task);
  return task;
}
