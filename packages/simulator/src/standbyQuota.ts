import type { PastWindow } from './wakePolicy';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Android's App Standby Buckets (Android 9+): the system puts each app in one by how
 * recently and how often the user uses it. `active`: in use or just used; `working-set`:
 * used regularly; `frequent`: often but not daily; `rare`: seldom; `restricted`: the user or
 * the system restricted it (a Samsung "sleeping app" lands here).
 */
export type StandbyBucket = 'active' | 'working-set' | 'frequent' | 'rare' | 'restricted';

/** How much background job time a bucket allows: `allowedMs` per rolling `windowMs`, at most `maxSessions` sessions in it. */
export interface BucketQuota {
  /** The rolling window. */
  windowMs: number;
  /** Job execution time allowed in any such window. */
  allowedMs: number;
  /** Job sessions (windows, here) allowed in any such window. */
  maxSessions: number;
}

/**
 * The defaults of AOSP's `QuotaController.QcConstants`
 * (frameworks/base apex/jobscheduler/service/java/com/android/server/job/controllers/QuotaController.java):
 * `DEFAULT_ALLOWED_TIME_PER_PERIOD_*_MS = 10 min`, `DEFAULT_WINDOW_SIZE_WORKING_MS = 2 h`,
 * `…_FREQUENT_MS = 8 h`, `…_RARE_MS = 24 h`, `…_RESTRICTED_MS = 24 h`, `…_ACTIVE_MS = 10 min`
 * ("ACTIVE apps can run jobs at any time"), and `DEFAULT_MAX_SESSION_COUNT_WORKING = 10`,
 * `…_FREQUENT = 8`, `…_RARE = 3`, `…_RESTRICTED = 1` ("1/day"), `…_ACTIVE = 75`. The same
 * table is on developer.android.com "Power management restrictions" (power-details):
 * 10 minutes every 2 / 8 / 24 hours, restricted "once per day". Google notes the values may
 * change and vendors may tune them.
 */
export const STANDBY_QUOTAS: Readonly<Record<StandbyBucket, BucketQuota>> = {
  active: { windowMs: 10 * MIN, allowedMs: 10 * MIN, maxSessions: 75 },
  'working-set': { windowMs: 2 * HOUR, allowedMs: 10 * MIN, maxSessions: 10 },
  frequent: { windowMs: 8 * HOUR, allowedMs: 10 * MIN, maxSessions: 8 },
  rare: { windowMs: 24 * HOUR, allowedMs: 10 * MIN, maxSessions: 3 },
  restricted: { windowMs: 24 * HOUR, allowedMs: 10 * MIN, maxSessions: 1 },
};

/**
 * AOSP `QcConstants.DEFAULT_IN_QUOTA_BUFFER_MS`: an app out of quota is let back in only
 * once it has this much quota again.
 */
export const IN_QUOTA_BUFFER_MS = 30_000;

/** What {@link quotaAt} found. */
export interface QuotaCheck {
  /** The first instant at or after the one asked at which a job may start. */
  allowedAt: number;
  /** Job time left in the rolling window at `allowedAt`: a running job is stopped when it runs out. */
  remainingMs: number;
}

/**
 * When the standby bucket's quota next lets a job start, given the windows the app already
 * had: the first instant at or after `at` at which the job time used in the trailing
 * `windowMs` leaves at least {@link IN_QUOTA_BUFFER_MS} of `allowedMs`, and fewer than
 * `maxSessions` windows began in it. Pure.
 *
 * A window that straddles the edge counts in part for the time used; the instant the
 * quota frees up is taken when the oldest window has slid out whole, which is at most one
 * window's length later than Android would say (conservative).
 *
 * @param windows - the app's past windows, oldest first.
 * @param at - the instant asked about.
 * @param quota - the bucket's quota, from {@link STANDBY_QUOTAS}.
 * @returns when a job may start and how much quota it then has.
 * @example
 * quotaAt([], 0, STANDBY_QUOTAS.rare); // { allowedAt: 0, remainingMs: 600_000 }
 */
export function quotaAt(windows: readonly PastWindow[], at: number, quota: BucketQuota): QuotaCheck {
  const { windowMs, allowedMs, maxSessions } = quota;
  let t = at;
  // Each pass drops at least one window out of the trailing range, so this ends.
  for (let pass = 0; pass <= windows.length + 1; pass++) {
    const from = t - windowMs;
    let used = 0;
    // Ends of the sessions in the rolling window, newest first. AOSP counts a session that
    // began before the window as long as it ends inside it.
    const ends: number[] = [];
    for (let i = windows.length - 1; i >= 0; i--) {
      const w = windows[i]!;
      // Windows never overlap and come oldest first: the rest ended before `from` too.
      if (w.end <= from) break;
      if (w.at > t) continue;
      used += Math.max(0, Math.min(w.end, t) - Math.max(w.at, from));
      ends.push(w.end);
    }
    const oldestEnd = ends[ends.length - 1] ?? t;
    const timeOk = allowedMs - used >= Math.min(IN_QUOTA_BUFFER_MS, allowedMs);
    const sessionsOk = ends.length < maxSessions;
    if (timeOk && sessionsOk) return { allowedAt: t, remainingMs: allowedMs - used };
    let next = t;
    // Room for one more session once the max-th newest one has slid out of the window.
    if (!sessionsOk) next = Math.max(next, ends[maxSessions - 1]! + windowMs);
    if (!timeOk) next = Math.max(next, oldestEnd + windowMs);
    if (next <= t) next = t + 1;
    t = next;
  }
  return { allowedAt: t, remainingMs: allowedMs };
}
