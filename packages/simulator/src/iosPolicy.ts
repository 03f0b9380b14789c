import type { Conditions } from '@nightshift/core';
import type { PlannedWake, PolicyState, WakePolicy } from './wakePolicy';

const MIN = 60_000;

/**
 * Options of {@link iosPolicy}; every number has a documented default.
 *
 * @example
 * const policy = iosPolicy({ refreshJitterMs: 0, processing: false });
 */
export interface IosPolicyOptions {
  /**
   * Least time between two refresh wake-ups. iOS honours `earliestBeginDate` only as a
   * lower bound and background-fetch libraries clamp to 15 minutes.
   *
   * @default 900_000 (15 min)
   */
  refreshIntervalMs?: number;
  /**
   * How long a BGAppRefreshTask may run: Apple documents "up to 30 seconds".
   *
   * @default 30_000
   */
  refreshBudgetMs?: number;
  /**
   * Largest extra delay iOS adds on top of the earliest instant (it runs refresh tasks
   * opportunistically, batched with other apps); the model draws a seeded value in
   * `[0, refreshJitterMs)`. `0` makes refresh wake-ups exact.
   *
   * @default 900_000 (15 min)
   * @example
   * iosPolicy({ refreshJitterMs: 0 }); // wakes exactly at max(earliestAt, last + 15 min)
   */
  refreshJitterMs?: number;
  /**
   * Whether the app also has a BGProcessingTask registered; iOS launches those only while
   * the device is idle (`deviceIdle`) and on external power (`charging`).
   *
   * @default true
   */
  processing?: boolean;
  /**
   * How long a processing task may run. Apple says "several minutes"; its expiration
   * handler ends it sooner if the user picks up the phone or unplugs it.
   *
   * @default 300_000 (5 min)
   */
  processingBudgetMs?: number;
  /**
   * Least time between two processing wake-ups (iOS runs them rarely, mostly overnight).
   *
   * @default 3_600_000 (1 h)
   */
  processingIntervalMs?: number;
}

const idleAndCharging = (c: Conditions) => c.deviceIdle && c.charging;

/**
 * A model of iOS's BGTaskScheduler as an app using background-fetch / expo-background-task
 * sees it (see docs/simulation.md for the sources):
 *
 * - Refresh wake-ups (BGAppRefreshTask): only while the app is in the background, at the
 *   earliest at the requested `earliestAt`, at least `refreshIntervalMs` after the previous
 *   one, plus an opportunistic delay; `refreshBudgetMs` (~30 s) each. They ignore the
 *   request's network and charging flags: a refresh task cannot require them.
 * - Processing wake-ups (BGProcessingTask with `requiresExternalPower`): only while the
 *   device is idle and charging, online when the request needs a network, at least
 *   `processingIntervalMs` apart, minutes of budget; unplugging or using the device ends
 *   the window early.
 * - Nothing after a force-quit until the user opens the app again.
 *
 * @param options - the model's numbers. @default {}
 * @returns a {@link WakePolicy} named `ios`, with the 15-minute minimum period.
 * @example
 * const result = await simulate({ scenario, policy: iosPolicy(), app });
 */
export function iosPolicy(options: IosPolicyOptions = {}): WakePolicy {
  const {
    refreshIntervalMs = 15 * MIN,
    refreshBudgetMs = 30_000,
    refreshJitterMs = 15 * MIN,
    processing = true,
    processingBudgetMs = 5 * MIN,
    processingIntervalMs = 60 * MIN,
  } = options;
  return {
    name: 'ios',
    minPeriodMs: 15 * MIN,
    next(s: PolicyState): PlannedWake | null {
      const { request, conditions: c } = s;
      if (s.forceQuit || request === null || c.appState === 'active') return null;
      const refreshBase = Math.max(request.earliestAt, (s.lastWake.refresh ?? -Infinity) + refreshIntervalMs);
      const refresh: PlannedWake = {
        at: Math.max(s.now, refreshBase + s.random * refreshJitterMs),
        kind: 'refresh',
        budgetMs: refreshBudgetMs,
      };
      if (!processing || !idleAndCharging(c) || (request.network && c.network === 'none')) return refresh;
      const at = Math.max(
        s.now,
        request.earliestAt,
        (s.lastWake.processing ?? -Infinity) + processingIntervalMs,
      );
      // A processing window is worth more: prefer it when it comes no later.
      return at <= refresh.at ? { at, kind: 'processing', budgetMs: processingBudgetMs } : refresh;
    },
    keeps(window, s) {
      if (window.kind !== 'processing') return true;
      return idleAndCharging(s.conditions) && !(window.request?.network && s.conditions.network === 'none');
    },
  };
}
