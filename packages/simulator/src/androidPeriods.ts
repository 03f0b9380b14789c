import type { PastWindow } from './wakePolicy';

/** The window in which JobScheduler runs the current period of a periodic job. */
export interface JobPeriod {
  /** The first instant it may run (`latest − flex`). */
  earliest: number;
  /** The end of the period. */
  latest: number;
  /** How many periods ran since the job was scheduled: names the period for seeded draws. */
  index: number;
}

/**
 * The current period of a job scheduled with `JobInfo.Builder.setPeriodic(interval, flex)`,
 * as react-native-background-fetch does with `flex = interval` (transistor-background-fetch
 * `BGTask.java`, `builder.setPeriodic(interval, interval)`). The first period is
 * `[scheduledAt + interval − flex, scheduledAt + interval]`; after a run that ended at `e`,
 * AOSP's `JobSchedulerService.getRescheduleJobForPeriodic` sets the next `latest` to
 * `e + max(latest − e, 0) + interval`, that is `max(latest, e) + interval`, and `earliest` to
 * `latest − flex`. Pure.
 *
 * @param scheduledAt - when the library (re)scheduled the job.
 * @param intervalMs - the period.
 * @param flexMs - the flex window at the end of each period.
 * @param windows - past runs of the job, oldest first; those before `scheduledAt` are ignored.
 * @returns the period the job is in now.
 * @example
 * jobPeriod(0, 900_000, 900_000, []); // { earliest: 0, latest: 900_000, index: 0 }
 */
export function jobPeriod(
  scheduledAt: number,
  intervalMs: number,
  flexMs: number,
  windows: readonly PastWindow[],
): JobPeriod {
  let latest = scheduledAt + intervalMs;
  let index = 0;
  for (const w of windows) {
    if (w.at < scheduledAt) continue;
    latest = Math.max(latest, w.end) + intervalMs;
    index++;
  }
  return { earliest: latest - Math.min(flexMs, intervalMs), latest, index };
}

/**
 * When WorkManager lets a periodic work request run next, as expo-background-task enqueues
 * it (`PeriodicWorkRequestBuilder(15 min)` with `setInitialDelay(25 s)`,
 * BackgroundTaskScheduler.kt): WorkManager's `WorkSpec.calculateNextRunTime` gives the first
 * run at `lastEnqueueTime + initialDelay` and each later one at `lastEnqueueTime + interval`,
 * where `lastEnqueueTime` is when the previous run finished (the default flex equals the
 * interval, so no flex applies). Pure.
 *
 * @param scheduledAt - when the work was enqueued.
 * @param intervalMs - the repeat interval.
 * @param initialDelayMs - the initial delay.
 * @param windows - past runs of the work, oldest first; those before `scheduledAt` are ignored.
 * @returns the earliest instant of the next run.
 * @example
 * workManagerNextRun(0, 900_000, 25_000, []); // 25_000
 */
export function workManagerNextRun(
  scheduledAt: number,
  intervalMs: number,
  initialDelayMs: number,
  windows: readonly PastWindow[],
): number {
  const last = windows[windows.length - 1];
  if (!last || last.at < scheduledAt) return scheduledAt + initialDelayMs;
  return last.end + intervalMs;
}
