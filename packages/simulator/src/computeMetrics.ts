import { type ConstraintViolation, findViolations } from './findViolations';
import type { Timeline } from './timeline';

/** What one job type did over a simulation. */
export interface TypeMetrics {
  /** Handler runs started. */
  runs: number;
  /** Runs that succeeded. */
  completed: number;
  /** Runs that failed for good (a periodic job's failed period counts once). */
  failed: number;
  /** Runs that failed and were retried. */
  retried: number;
  /** Runs cut short without spending an attempt, or by a killed process. */
  interrupted: number;
  /** Median and 95th percentile of enqueue-to-success, in ms (from the period's due instant for a periodic job); `undefined` before a success. */
  latencyP50?: number;
  /** 95th percentile of enqueue-to-success, in ms; `undefined` before a success. */
  latencyP95?: number;
  /** Time spent in runs that were interrupted or killed, in ms. */
  wastedMs: number;
  /** Successful runs that started inside an OS window: the work done in the background. */
  background: number;
}

/** The summary of a simulation. */
export interface SimulationMetrics {
  /** The simulated span, in ms. */
  durationMs: number;
  /** Per job type name, in the order types first appeared. */
  byType: Record<string, TypeMetrics>;
  /** Background windows. */
  windows: {
    /** OS wake-ups delivered to the app. */
    granted: number;
    /** Windows in which at least one run started. */
    used: number;
    /** Windows that cut a run at their end, or whose deadline the app missed (the OS killed it). */
    expired: number;
    /** Granted windows of kind `refresh`. */
    refresh: number;
    /** Granted windows of kind `processing`. */
    processing: number;
    /** Windows the OS ended before their deadline (an early expiration, lost conditions, a spent quota). */
    aborted: number;
  };
  /** Runs interrupted or killed, over all types. */
  interrupted: number;
  /** Time those runs had spent, in ms: work that was lost unless it was checkpointed. */
  wastedMs: number;
  /** Runs that went on while their constraints did not hold; must be empty. */
  violations: ConstraintViolation[];
  /** Process launches (the first included), OS kills and force-quits. */
  launches: number;
  /** Times the OS killed the process. */
  kills: number;
  /** Times the user force-quit the app. */
  forceQuits: number;
}

/**
 * The value below which `p` of the sorted values lie, by the nearest-rank method: the
 * smallest value with at least `p × n` values at or below it. Pure.
 *
 * @param sorted - values in ascending order.
 * @param p - the fraction, in (0, 1].
 * @returns the percentile, `undefined` for no values.
 * @example
 * percentile([1, 2, 3, 4], 0.5); // 2
 * percentile([1, 2, 3, 4], 0.95); // 4
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * Computes the summary of a {@link Timeline}: per-type completions, latency percentiles,
 * windows granted, used and expired, interrupted and wasted work, and constraint
 * violations. Pure, so it can be checked on a hand-made timeline.
 *
 * @param timeline - from {@link buildTimeline}.
 * @returns the {@link SimulationMetrics}.
 * @example
 * const metrics = computeMetrics(timeline);
 * metrics.byType['sync-inbox']?.latencyP95; // ms
 */
export function computeMetrics(timeline: Timeline): SimulationMetrics {
  const byType: Record<string, TypeMetrics> = {};
  const latencies = new Map<string, number[]>();
  for (const name of timeline.jobNames) {
    byType[name] = {
      runs: 0,
      completed: 0,
      failed: 0,
      retried: 0,
      interrupted: 0,
      wastedMs: 0,
      background: 0,
    };
    latencies.set(name, []);
  }
  const inWindow = startedInWindow(timeline);
  let interrupted = 0;
  let wastedMs = 0;
  for (const run of timeline.runs) {
    const m = (byType[run.name] ??= {
      runs: 0,
      completed: 0,
      failed: 0,
      retried: 0,
      interrupted: 0,
      wastedMs: 0,
      background: 0,
    });
    m.runs++;
    if (run.outcome === 'succeeded') {
      m.completed++;
      if (inWindow(run.start)) m.background++;
      if (run.latency !== undefined) {
        const list = latencies.get(run.name) ?? [];
        list.push(run.latency);
        latencies.set(run.name, list);
      }
    } else if (run.outcome === 'failed') m.failed++;
    else if (run.outcome === 'retrying') m.retried++;
    else if (run.outcome === 'interrupted' || run.outcome === 'killed') {
      m.interrupted++;
      m.wastedMs += run.end - run.start;
      interrupted++;
      wastedMs += run.end - run.start;
    }
  }
  for (const [name, list] of latencies) {
    const m = byType[name];
    if (!m || list.length === 0) continue;
    list.sort((a, b) => a - b);
    m.latencyP50 = percentile(list, 0.5);
    m.latencyP95 = percentile(list, 0.95);
  }
  const windows = { granted: 0, used: 0, expired: 0, refresh: 0, processing: 0, aborted: 0 };
  for (const w of timeline.windows) {
    windows.granted++;
    windows[w.kind]++;
    if (w.ran > 0) windows.used++;
    if (w.expired) windows.expired++;
    if (w.outcome === 'aborted') windows.aborted++;
  }
  return {
    durationMs: timeline.endAt - timeline.startAt,
    byType,
    windows,
    interrupted,
    wastedMs,
    violations: findViolations(timeline),
    launches: timeline.launches,
    kills: timeline.kills,
    forceQuits: timeline.forceQuits,
  };
}

/** Whether an instant falls inside one of the timeline's windows (they are in order and never overlap). */
function startedInWindow(timeline: Timeline): (at: number) => boolean {
  const windows = timeline.windows;
  return (at) => {
    let lo = 0;
    let hi = windows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const w = windows[mid]!;
      if (at < w.start) hi = mid - 1;
      else if (at > w.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}
