import type { Conditions } from '@nightshift/core';
import type { PlannedWake, PolicyState, WakePolicy } from './wakePolicy';

const MIN = 60_000;

/**
 * Options of the `optimistic` iOS preset: the best case, not what a device does (see
 * docs/simulation.md). Every number has a default.
 *
 * @example
 * iosPolicy({ preset: 'optimistic', refreshJitterMs: 0, processing: false });
 */
export interface OptimisticIosOptions {
  /** Selects this preset. */
  preset: 'optimistic';
  /** Least time between two refresh wake-ups. @default 900_000 (15 min) */
  refreshIntervalMs?: number;
  /** How long a refresh window lasts. @default 30_000 */
  refreshBudgetMs?: number;
  /**
   * Largest extra delay on top of the earliest instant; a seeded value in
   * `[0, refreshJitterMs)`. `0` makes refresh wake-ups exact.
   *
   * @default 900_000 (15 min)
   * @example
   * iosPolicy({ preset: 'optimistic', refreshJitterMs: 0 }); // wakes at max(earliestAt, last + 15 min)
   */
  refreshJitterMs?: number;
  /** Whether processing wake-ups come too (while idle and charging). @default true */
  processing?: boolean;
  /** How long a processing window lasts. @default 300_000 (5 min) */
  processingBudgetMs?: number;
  /** Least time between two processing wake-ups. @default 3_600_000 (1 h) */
  processingIntervalMs?: number;
}

/**
 * Options of the `optimistic` Android preset: the best case, not what a device does.
 *
 * @example
 * androidPolicy({ preset: 'optimistic', minIntervalMs: 30 * 60_000 });
 */
export interface OptimisticAndroidOptions {
  /** Selects this preset. */
  preset: 'optimistic';
  /** How long a window lasts (WorkManager's 10-minute worker limit). @default 600_000 (10 min) */
  budgetMs?: number;
  /** Least time between two wake-ups. @default 900_000 (15 min) */
  minIntervalMs?: number;
  /** Whether a force-quit stops background work until the app is opened. @default false */
  forceQuitStopsWork?: boolean;
}

const idleAndCharging = (c: Conditions) => c.deviceIdle && c.charging;

/**
 * The simulator's first iOS model, kept as a best case: refresh wake-ups at the request's
 * `earliestAt` (at least 15 minutes apart, plus a seeded delay of up to 15 minutes) from the
 * first minute after install, 30 s each, and processing wake-ups of 5 minutes while idle and
 * charging, hourly. No usage, battery or Low Power Mode effects; nothing after a force-quit.
 */
export function optimisticIosPolicy(options: OptimisticIosOptions): WakePolicy {
  const {
    refreshIntervalMs = 15 * MIN,
    refreshBudgetMs = 30_000,
    refreshJitterMs = 15 * MIN,
    processing = true,
    processingBudgetMs = 5 * MIN,
    processingIntervalMs = 60 * MIN,
  } = options;
  return {
    name: 'ios (optimistic)',
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

/**
 * The simulator's first Android model, kept as a best case: a wake-up at the request's
 * `earliestAt`, at least 15 minutes after the previous one, whenever the request's network
 * and charging flags hold, day and night, 10 minutes each. No standby bucket, no Doze.
 */
export function optimisticAndroidPolicy(options: OptimisticAndroidOptions): WakePolicy {
  const { budgetMs = 10 * MIN, minIntervalMs = 15 * MIN, forceQuitStopsWork = false } = options;
  const constraintsHold = (s: PolicyState) => {
    const r = s.request;
    if (!r) return false;
    if (r.network && s.conditions.network === 'none') return false;
    if (r.charging && !s.conditions.charging) return false;
    return true;
  };
  return {
    name: 'android (optimistic)',
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
