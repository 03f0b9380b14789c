import type { Clock, OsScheduler, Platform, WakeWindow } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import {
  createReactNativeConditions,
  type ReactNativeConditions,
  type ReactNativeConditionsOptions,
} from './createReactNativeConditions';
import { realClock } from './realClock';
import { bindAppState } from './schedulerAppState';
import { yieldToNative } from './yieldToNative';

/** The longest a wake-up waits for NetInfo's fresh answer before the window admits jobs. */
export const CONDITIONS_REFRESH_MS = 1_000;

/** The shortest period iOS and Android honour for background work: 15 minutes. */
export const OS_MIN_PERIOD_MS = 15 * 60_000;

/**
 * Options of {@link createReactNativePlatform}: those of
 * {@link createReactNativeConditions} (`appState`, `netInfo`, `battery`, `deviceIdle`,
 * `storageLow`) plus the OS scheduler, clock, random source and minimum period.
 *
 * @example
 * const platform = createReactNativePlatform({
 *   appState: AppState,
 *   netInfo: NetInfo,
 *   scheduler: backgroundFetchScheduler(BackgroundFetch),
 * });
 */
export interface ReactNativePlatformOptions extends ReactNativeConditionsOptions {
  /**
   * OS wake-ups while the app is in the background: {@link backgroundFetchScheduler} or
   * {@link expoBackgroundTaskScheduler}.
   * @default none: jobs run only while the app is active
   */
  scheduler?: OsScheduler;
  /**
   * Time and timers.
   * @default realClock(): Date.now and setTimeout
   */
  clock?: Clock;
  /**
   * Uniform in [0, 1); jitter and ids use it.
   * @default Math.random
   */
  random?: () => number;
  /**
   * The shortest period a periodic job may ask for; shorter ones are raised to it (with a
   * `logger.warn` from the queue).
   * @default 900_000 (15 minutes, the OS minimum)
   */
  minPeriodMs?: number;
  /**
   * How the queue lets the app's frames and touches in between slices of long work
   * (`start()` over many stored jobs, a large `enqueueMany`).
   * @default yieldToNative: a `setTimeout(0)`, since React Native runs `setImmediate`
   * callbacks before the JS thread returns to native
   */
  yieldToHost?: () => Promise<void>;
}

/**
 * The Nightshift platform for a React Native app: the wall clock, conditions from
 * `AppState`, NetInfo and an optional battery source (see
 * {@link createReactNativeConditions} for the mapping), and an optional OS scheduler.
 *
 * The adapter never imports `react-native` or a native module: pass them in.
 *
 * Each OS wake-up first refreshes the network (`NetInfo.refresh()`, waiting at most
 * {@link CONDITIONS_REFRESH_MS}): iOS sends no NetInfo event while the app is suspended,
 * and NetInfo's `fetch()` answers from its own cache, so without it a window could run with
 * the network JS saw before the app was suspended. The scheduler also receives `appState`
 * (see {@link backgroundFetchScheduler}).
 *
 * @throws InvalidOptionsError when `appState` or `netInfo` is missing or `minPeriodMs` is not
 * a finite number ≥ 0.
 *
 * @example
 * import { AppState } from 'react-native';
 * import NetInfo from '@react-native-community/netinfo';
 * import BackgroundFetch from 'react-native-background-fetch';
 * import * as Battery from 'expo-battery';
 *
 * const platform = createReactNativePlatform({
 *   appState: AppState,
 *   netInfo: NetInfo,
 *   battery: expoBatterySource(Battery),
 *   scheduler: backgroundFetchScheduler(BackgroundFetch, { budgetMs: 25_000 }),
 * });
 * const queue = createQueue({ platform, jobs: [syncInbox] });
 */
export function createReactNativePlatform(options: ReactNativePlatformOptions): Platform {
  if (!options || typeof options !== 'object') {
    throw new InvalidOptionsError(
      'createReactNativePlatform needs an options object with appState and netInfo',
    );
  }
  const minPeriodMs = options.minPeriodMs ?? OS_MIN_PERIOD_MS;
  if (!Number.isFinite(minPeriodMs) || minPeriodMs < 0) {
    throw new InvalidOptionsError(
      `minPeriodMs must be a finite number >= 0, got ${String(options.minPeriodMs)}`,
    );
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new InvalidOptionsError('random must be a function returning a number in [0, 1)');
  }
  const scheduler = options.scheduler;
  if (
    scheduler !== undefined &&
    (typeof scheduler.request !== 'function' || typeof scheduler.onWake !== 'function')
  ) {
    throw new InvalidOptionsError('scheduler must be an OsScheduler ({ request, onWake })');
  }
  const clock = options.clock ?? realClock();
  const conditions = createReactNativeConditions(options);
  const platform: Platform = {
    clock,
    conditions,
    random: options.random ?? Math.random,
    minPeriodMs,
    yieldToHost: options.yieldToHost ?? yieldToNative,
  };
  if (scheduler) {
    bindAppState(scheduler, options.appState);
    platform.scheduler = {
      request: (wake) => scheduler.request(wake),
      onWake: (handler) =>
        scheduler.onWake(async (window) => {
          await refreshWithin(conditions, clock, window);
          return handler(window);
        }),
    };
  }
  return platform;
}

/** Refreshes the conditions, giving up at the window's end or after CONDITIONS_REFRESH_MS. */
function refreshWithin(conditions: ReactNativeConditions, clock: Clock, window: WakeWindow): Promise<void> {
  return new Promise<void>((resolve) => {
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      cancel();
      window.signal?.removeEventListener('abort', end);
      resolve();
    };
    const cancel = clock.setTimer(Math.min(window.deadline, clock.now() + CONDITIONS_REFRESH_MS), end);
    window.signal?.addEventListener('abort', end);
    if (window.signal?.aborted) end();
    conditions.refresh().then(end, end);
  });
}
