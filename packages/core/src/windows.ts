import { constraintsMet } from './constraints';
import { type Change, commit, type Engine, type OpenWindow } from './engine';
import { WindowExpiredError } from './errors';
import { effectiveConstraints } from './jobIndex';
import { armTimer, expectedDuration, pickNext, plan, pump, widestWindow } from './pump';
import { endRun, interrupt } from './runs';
import type { WakeWindow, WindowReport } from './types';

/**
 * Runs due work inside an OS wake-up window and resolves with its report before the
 * deadline, always: it never rejects, and neither a hanging store nor a handler that
 * ignores its signal can hold it open.
 */
export function runWindow(
  e: Engine,
  input: { deadline: number; signal?: AbortSignal; kind?: WakeWindow['kind'] },
): Promise<WindowReport> {
  const now = e.clock.now();
  const deadline = input?.deadline;
  const kind = input?.kind ?? 'refresh';
  if (typeof deadline !== 'number' || Number.isNaN(deadline)) {
    return Promise.resolve({ ...emptyReport(e, now, Number(deadline)), result: 'failed' });
  }
  const budget = deadline - now;
  // A short window keeps three quarters of itself for work.
  const margin = Math.min(e.safetyMargin, budget / 4);
  e.windowTotals.run++;
  const startInfo = { deadline, kind, signal: input.signal, startedAt: now };
  if (e.phase !== 'started' || budget <= 0 || input.signal?.aborted) {
    e.bus.emit('window-start', startInfo);
    const report = emptyReport(e, now, deadline);
    e.bus.emit('window-end', report);
    return Promise.resolve(report);
  }
  return new Promise<WindowReport>((resolve) => {
    const w: OpenWindow = {
      deadline,
      stopAt: deadline - margin,
      kind,
      report: { startedAt: now, deadline, ran: 0, succeeded: 0, failed: 0, interrupted: 0, deferred: 0 },
      cleanup: [],
      resolve,
      closing: false,
      deferredGroups: new Set(),
    };
    e.windows.push(w);
    e.bus.emit('window-start', startInfo);
    if (input.signal) {
      const onAbort = () => closeWindow(e, w, true);
      input.signal.addEventListener('abort', onAbort);
      w.cleanup.push(() => input.signal?.removeEventListener('abort', onAbort));
    }
    pump(e);
  });
}

function emptyReport(e: Engine, startedAt: number, deadline: number): WindowReport {
  return {
    startedAt,
    endedAt: e.clock.now(),
    deadline,
    ran: 0,
    succeeded: 0,
    failed: 0,
    interrupted: 0,
    deferred: 0,
    nextWakeAt: e.lastRequest?.earliestAt ?? null,
    result: 'no-data',
  };
}

/** A window ends early when nothing runs, nothing can start, and nothing becomes due in time. */
export function windowFinished(e: Engine, w: OpenWindow, now: number): boolean {
  // A run of an earlier window may still hand over to this one when that window stops.
  if (w.closing || e.running.size > 0) return false;
  if (pickNext(e, now, w, e.conditions.appState !== 'active')) return false;
  // A job that becomes due while the window is still open (a short retry) keeps it open.
  const next = e.index.timeline.peek();
  if (next && constraintsMet(effectiveConstraints(next), e.conditions)) {
    const expected = next.type ? (expectedDuration(e, next.type) ?? 0) : 0;
    if (next.rec.runAt + expected <= w.stopAt) return false;
  }
  return true;
}

/**
 * Closes a window: its runs move to a later open window, or are interrupted (no attempt
 * spent) when the app is in the background; the report resolves once the store has
 * everything, but never later than halfway between the window's stop and its deadline.
 *
 * A second wake-up while a window is open opens a window of its own; each resolves before
 * its own deadline, and runs that outlive one window carry on under the other.
 */
export function closeWindow(e: Engine, w: OpenWindow, expired: boolean): void {
  if (w.closing) return;
  w.closing = true;
  e.windows.splice(e.windows.indexOf(w), 1);
  for (const undo of w.cleanup) undo();
  if (expired) e.windowTotals.expired++;
  const heir = widestWindow(e);
  const cut: Change[] = [];
  for (const entry of e.running.entries()) {
    const run = entry.run!;
    if (run.window !== w) continue;
    if (heir || e.conditions.appState === 'active') {
      run.window = heir;
      continue;
    }
    const reason = new WindowExpiredError(`the ${w.kind} window ended`);
    w.report.interrupted++;
    endRun(e, entry, run, reason);
    cut.push(interrupt(e, entry, reason));
  }
  if (cut.length > 0) commit(e, cut);
  const now = e.clock.now();
  // Jobs that were due but did not fit: still waiting in a group the window passed over.
  let deferred = 0;
  for (const key of w.deferredGroups) deferred += e.index.groups.get(key)?.heap.size ?? 0;
  w.report.deferred = deferred;
  armTimer(e);
  plan(e);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    cancelGuard();
    const report: WindowReport = {
      ...w.report,
      endedAt: e.clock.now(),
      nextWakeAt: e.lastRequest ? e.lastRequest.earliestAt : null,
      result: w.report.succeeded > 0 ? 'new-data' : w.report.failed > 0 ? 'failed' : 'no-data',
    };
    w.resolve(report);
    e.bus.emit('window-end', report);
  };
  const cancelGuard = e.clock.setTimer(Math.max(now, w.stopAt + (w.deadline - w.stopAt) / 2), finish);
  e.writer.idle().then(finish);
}
