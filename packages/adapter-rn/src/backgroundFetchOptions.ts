import type { Clock, Logger } from '@nightshift/core';
import type { AppStateLike } from './appStateFrom';

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
   * @default !enableHeadless: events after termination need a headless task
   */
  stopOnTerminate?: boolean;
  /** Resume after a reboot (needs `stopOnTerminate: false`). @default true */
  startOnBoot?: boolean;
  /**
   * Deliver events to the headless task after termination. Without a registered task,
   * Android would start a JS context for nothing and log "No task registered for key
   * BackgroundFetch", so the default follows {@link backgroundFetchHeadlessTask}.
   * @default true once backgroundFetchHeadlessTask was set up with the same module, else false
   */
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
  /**
   * React Native's `AppState`. With a headless task registered (Android), the scheduler
   * calls `configure` and `stop` only once the app has been active in this JS context, so
   * a headless launch never reconfigures. Also rechecks a denied Background App Refresh
   * when the app comes back to the foreground.
   * @default the `appState` of the createReactNativePlatform this scheduler is passed to
   * @example
   * backgroundFetchScheduler(BackgroundFetch, { appState: AppState });
   */
  appState?: AppStateLike;
}

/** The smallest `minimumFetchInterval` the OS honours, in minutes. */
export const MIN_FETCH_INTERVAL_MINUTES = 15;
