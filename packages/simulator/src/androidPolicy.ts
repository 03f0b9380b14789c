import type { PlannedWake, PolicyState, WakePolicy } from './wakePolicy';

const MIN = 60_000;

/**
 * Options of {@link androidPolicy}; every number has a documented default.
 *
 * @example
 * const policy = androidPolicy({ minIntervalMs: 30 * 60_000, forceQuitStopsWork: true });
 */
export interface AndroidPolicyOptions {
  /**
   * How long a worker may run: WorkManager stops a worker after 10 minutes.
   *
   * @default 600_000 (10 min)
   */
  budgetMs?: number;
  /**
   * Least time between two wake-ups. WorkManager's minimum period for periodic work
   * (`PeriodicWorkRequest.MIN_PERIODIC_INTERVAL_MILLIS`) is 15 minutes, and
   * react-native-background-fetch's `minimumFetchInterval` is clamped to it.
   *
   * @default 900_000 (15 min)
   */
  minIntervalMs?: number;
  /**
   * Whether a force-quit stops background work until the app is opened. A swipe from
   * recents does not on stock Android; "Force stop" in settings (and some vendors' swipe) does.
   *
   * @default false
   */
  forceQuitStopsWork?: boolean;
}

/**
 * A WorkManager-like model of Android (see docs/simulation.md for the sources): a wake-up
 * comes at `earliestAt` (never before), at least `minIntervalMs` after the previous one,
 * only while the request's constraints hold (`network`: any connection, `charging`:
 * plugged in), while the app is in the background; `budgetMs` (10 min) each. When a
 * constraint of the request stops holding, the worker is stopped, as WorkManager does.
 *
 * @param options - the model's numbers. @default {}
 * @returns a {@link WakePolicy} named `android`, with the 15-minute minimum period.
 * @example
 * const result = await simulate({ scenario, policy: androidPolicy({ budgetMs: 600_000 }), app });
 */
export function androidPolicy(options: AndroidPolicyOptions = {}): WakePolicy {
  const { budgetMs = 10 * MIN, minIntervalMs = 15 * MIN, forceQuitStopsWork = false } = options;
  const constraintsHold = (s: PolicyState) => {
    const r = s.request;
    if (!r) return false;
    if (r.network && s.conditions.network === 'none') return false;
    if (r.charging && !s.conditions.charging) return false;
    return true;
  };
  return {
    name: 'android',
    minPeriodMs: 15 * MIN,
    next(s: PolicyState): PlannedWake | null {
      const { request } = s;
      if (request === null || s.conditions.appState === 'active') return null;
      if (s.forceQuit && forceQuitStopsWork) return null;
      if (!constraintsHold(s)) return null;
      const last = Math.max(s.lastWake.refresh ?? -Infinity, s.lastWake.processing ?? -Infinity);
      return { at: Math.max(s.now, request.earliestAt, last + minIntervalMs), kind: 'processing', budgetMs };
    },
    keeps(window, s) {
      return constraintsHold({ ...s, request: window.request });
    },
  };
}
