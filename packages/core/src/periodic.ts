/**
 * Period arithmetic for `repeat: { everyMs, flexMs }`. Pure, so the grid rules are tested alone.
 * Periods are `anchor + k × everyMs`; a job runs in the last `flexMs` of its period.
 */

/** When the period that starts at `periodStart` lets its job run. */
export function periodDueAt(periodStart: number, repeat: { everyMs: number; flexMs: number }): number {
  return periodStart + repeat.everyMs - repeat.flexMs;
}

/**
 * The period after the one starting at `periodStart`, as seen at `now`. Periods missed while
 * the job could not run are coalesced: the next run falls in the period that contains `now`,
 * never one per missed period, and stays on the grid.
 */
export function nextPeriodStart(anchor: number, periodStart: number, everyMs: number, now: number): number {
  const following = periodStart + everyMs;
  if (now < following + everyMs) return following;
  return periodContaining(anchor, everyMs, now);
}

/** The start of the period that contains `now`, on the grid from `anchor`. */
export function periodContaining(anchor: number, everyMs: number, now: number): number {
  return anchor + Math.floor((now - anchor) / everyMs) * everyMs;
}
