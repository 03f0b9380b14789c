import { type Conditions, DEFAULT_CONDITIONS, type WakeRequest } from '@nightshift/core';
import type { PlannedWake, PolicyState, WakePolicy } from '../src/wakePolicy';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** A phone in a pocket: background, online, unplugged, awake. */
export const background: Conditions = { ...DEFAULT_CONDITIONS, appState: 'background', charging: false };

export const request = (over: Partial<WakeRequest> = {}): WakeRequest => ({
  earliestAt: 0,
  network: false,
  charging: false,
  ...over,
});

/**
 * What a policy knows, by hand: an app installed 30 days before `now`, opened at 7:10 on
 * each of the last seven days, with a request held since the start of the day.
 */
export function policyState(over: Partial<PolicyState> = {}): PolicyState {
  const now = over.now ?? 10 * DAY;
  const conditions = over.conditions ?? background;
  const since = Object.fromEntries(Object.keys(conditions).map((k) => [k, now - DAY])) as Record<
    keyof Conditions,
    number
  >;
  return {
    now,
    conditions,
    batteryLevel: 0.8,
    request: request(),
    requestSince: { scheduled: now - DAY, flags: now - DAY },
    lastWake: {},
    windows: [],
    forceQuit: false,
    processAlive: true,
    conditionsSince: since,
    opens: Array.from({ length: 7 }, (_, i) => Math.floor(now / DAY - 7 + i) * DAY + 7 * HOUR + 10 * MIN),
    device: {
      installedAt: now - 30 * DAY,
      bucket: 'working-set',
      lowPowerMode: false,
      backgroundAppRefresh: true,
    },
    seed: 1,
    random: 0,
    ...over,
  };
}

/**
 * Grants what the policy plans, one window after the other, for `days` after `start.now`:
 * the policy alone, no queue. A window lasts `length(plan)` (5 s unless told).
 */
export function drive(
  policy: WakePolicy,
  start: PolicyState,
  days: number,
  length: (plan: PlannedWake) => number = () => 5_000,
): PlannedWake[] {
  let s = start;
  const granted: PlannedWake[] = [];
  for (let i = 0; i < 5_000; i++) {
    const plan = policy.next(s);
    if (!plan || plan.at >= start.now + days * DAY) break;
    granted.push(plan);
    const end = plan.at + length(plan);
    s = {
      ...s,
      now: end,
      lastWake: { ...s.lastWake, [plan.kind]: plan.at },
      windows: [...s.windows, { at: plan.at, end, kind: plan.kind }],
    };
  }
  return granted;
}
