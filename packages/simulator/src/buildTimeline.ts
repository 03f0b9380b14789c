import type { Constraints } from '@nightshift/core';
import type {
  ConditionSpan,
  DeadSpan,
  RunOutcome,
  SimulationEvent,
  Timeline,
  TimelineRun,
  TimelineWindow,
} from './timeline';

interface OpenRun {
  id: string;
  name: string;
  start: number;
  attempt: number;
  constraints?: Constraints;
  since: number;
}

const ENDINGS: Record<string, RunOutcome> = {
  succeeded: 'succeeded',
  retrying: 'retrying',
  failed: 'failed',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
};

/**
 * Arranges a simulation's event log by lane: condition spans, dead-process spans, OS
 * windows and handler runs. Pure: the same log always gives the same timeline, so a
 * timeline can be built from a hand-made log in a test.
 *
 * A run opens at its job's `started` and closes at the next outcome of that job; an
 * outcome with no open run (a recovered job's `interrupted` after a restart) closes
 * nothing. A kill or force-quit closes every open run as `killed` and every open window as
 * `killed`; what is still open at `endAt` is closed there as `unfinished` / `cut`.
 *
 * @param log - the events, in time order.
 * @param range - the simulated span; spans are clipped to it.
 * @returns the {@link Timeline}.
 * @example
 * const timeline = buildTimeline(result.events, { startAt: 0, endAt: 86_400_000 });
 * timeline.runs.filter((r) => r.outcome === 'succeeded').length;
 */
export function buildTimeline(
  log: readonly SimulationEvent[],
  range: { startAt: number; endAt: number },
): Timeline {
  const { startAt, endAt } = range;
  const conditions: ConditionSpan[] = [];
  const dead: DeadSpan[] = [];
  const windows: TimelineWindow[] = [];
  const runs: TimelineRun[] = [];
  const jobNames: string[] = [];
  const seenNames = new Set<string>();
  const requests: Timeline['requests'] = [];
  const open = new Map<string, OpenRun>();
  // The period a periodic job's latency is measured from: its runAt when its period first started.
  const periodSince = new Map<string, number>();
  let window: TimelineWindow | undefined;
  let deadSince: { start: number; forced: boolean } | undefined;
  let launches = 0;
  let kills = 0;
  let forceQuits = 0;

  const closeRun = (run: OpenRun, end: number, outcome: RunOutcome, reason?: string) => {
    open.delete(run.id);
    const out: TimelineRun = {
      id: run.id,
      name: run.name,
      start: run.start,
      end,
      outcome,
      attempt: run.attempt,
      since: run.since,
    };
    if (reason !== undefined) out.reason = reason;
    if (run.constraints) out.constraints = run.constraints;
    if (outcome === 'succeeded') out.latency = end - run.since;
    runs.push(out);
    // A period ends with a success or a final failure: the next run measures from its own due instant.
    if (outcome === 'succeeded' || outcome === 'failed') periodSince.delete(run.id);
    if (window && (outcome === 'interrupted' || outcome === 'killed') && reason === 'WINDOW_EXPIRED')
      window.expired = true;
  };

  const closeWindow = (end: number, outcome: TimelineWindow['outcome']) => {
    if (!window) return;
    window.end = Math.min(Math.max(end, window.start), endAt);
    window.outcome = outcome;
    if (outcome === 'expired') window.expired = true;
    windows.push(window);
    window = undefined;
  };

  for (const event of log) {
    const at = Math.min(Math.max(event.at, startAt), endAt);
    switch (event.type) {
      case 'conditions': {
        const last = conditions[conditions.length - 1];
        if (last) last.end = at;
        if (last && last.start === at) conditions.pop();
        conditions.push({
          start: at,
          end: endAt,
          conditions: event.conditions,
          batteryLevel: event.batteryLevel,
        });
        break;
      }
      case 'process':
        if (event.event === 'launch') {
          launches++;
          if (deadSince) dead.push({ start: deadSince.start, end: at, forced: deadSince.forced });
          deadSince = undefined;
        } else {
          if (event.event === 'kill') kills++;
          else forceQuits++;
          for (const run of [...open.values()]) closeRun(run, at, 'killed', 'KILLED');
          closeWindow(at, 'killed');
          deadSince ??= { start: at, forced: event.event === 'force-quit' };
        }
        break;
      case 'request':
        requests.push({ at, request: event.request });
        break;
      case 'window-start':
        closeWindow(at, 'cut');
        window = {
          start: at,
          end: at,
          deadline: event.deadline,
          kind: event.kind,
          outcome: 'cut',
          ran: 0,
          expired: false,
        };
        break;
      case 'window-end':
        if (window) {
          if (event.report) {
            window.report = event.report;
            window.ran = Math.max(window.ran, event.report.ran);
          }
          closeWindow(event.report?.endedAt ?? at, event.outcome);
        }
        break;
      case 'job': {
        if (!seenNames.has(event.name)) {
          seenNames.add(event.name);
          jobNames.push(event.name);
        }
        if (event.event === 'enqueued') break;
        if (event.event === 'started') {
          const stale = open.get(event.id);
          if (stale) closeRun(stale, at, 'interrupted', 'RESTARTED');
          let since = event.createdAt ?? at;
          if (event.periodic) {
            since = periodSince.get(event.id) ?? event.runAt ?? at;
            periodSince.set(event.id, since);
          }
          const run: OpenRun = {
            id: event.id,
            name: event.name,
            start: at,
            attempt: event.attempt ?? 1,
            since,
          };
          if (event.constraints) run.constraints = event.constraints;
          open.set(event.id, run);
          if (window) window.ran++;
          break;
        }
        const run = open.get(event.id);
        if (run) closeRun(run, at, ENDINGS[event.event]!, event.reason);
        break;
      }
    }
  }
  for (const run of [...open.values()]) closeRun(run, endAt, 'unfinished');
  closeWindow(endAt, 'cut');
  if (deadSince) dead.push({ start: deadSince.start, end: endAt, forced: deadSince.forced });
  runs.sort((a, b) => a.start - b.start || a.end - b.end);
  return { startAt, endAt, conditions, dead, windows, runs, jobNames, requests, launches, kills, forceQuits };
}
