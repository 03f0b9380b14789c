import { type Change, commit } from './commit';
import type { Engine } from './engine';
import { WindowExpiredError } from './errors';
import { interrupt } from './outcomes';
import { stopRun } from './runs';
import type { WakeWindow, WindowReport } from './types';
import type { OpenWindow } from './windowSet';

/**
 * Opens a window for an OS wake-up and resolves with its report before the deadline,
 * always: it never rejects, and neither a hanging store nor a handler that ignores its
 * signal can hold it open. The scheduler decides what runs in it and when it closes.
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
  e.windows.totals.run++;
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
      aborted: false,
      closing: false,
      deferredGroups: new Set(),
    };
    e.windows.add(w);
    e.bus.emit('window-start', startInfo);
    if (input.signal) {
      // The OS ended the window early: the scheduler closes it at once.
      const onAbort = () => {
        w.aborted = true;
        e.hooks.pumpNow();
      };
      input.signal.addEventListener('abort', onAbort);
      w.cleanup.push(() => input.signal?.removeEventListener('abort', onAbort));
    }
    e.hooks.pumpNow();
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
    nextWakeAt: e.sched.lastRequest?.earliestAt ?? null,
    result: 'no-data',
  };
}

/**
 * Closes a window: its runs move to a later open window, or are interrupted (no attempt
 * spent) when the app is in the background; the report resolves once the store has
 * everything, but never later than halfway between the window's stop and its deadline.
 * The caller re-arms the scheduler's timer and OS request, so the report's `nextWakeAt`
 * is current.
 *
 * A second wake-up while a window is open opens a window of its own; each resolves before
 * its own deadline, and runs that outlive one window carry on under the other.
 */
export function closeWindow(e: Engine, w: OpenWindow, expired: boolean): void {
  if (w.closing) return;
  w.closing = true;
  e.windows.remove(w);
  for (const undo of w.cleanup) undo();
  if (expired) e.windows.totals.expired++;
  const heir = e.windows.widest();
  const cut: Change[] = [];
  for (const entry of e.runs.entries()) {
    const run = entry.run!;
    if (run.window !== w) continue;
    if (heir || e.conditions.appState === 'active') {
      run.window = heir;
      continue;
    }
    const reason = new WindowExpiredError(`the ${w.kind} window ended`);
    w.report.interrupted++;
    stopRun(e, run, reason);
    cut.push(interrupt(e, entry, reason));
  }
  if (cut.length > 0) commit(e, cut);
  const now = e.clock.now();
  // Jobs that were due but did not fit: still waiting in a group the window passed over.
  let deferred = 0;
  for (const key of w.deferredGroups) deferred += e.index.groups.get(key)?.heap.size ?? 0;
  w.report.deferred = deferred;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    cancelGuard();
    const report: WindowReport = {
      ...w.report,
      endedAt: e.clock.now(),
      nextWakeAt: e.sched.lastRequest ? e.sched.lastRequest.earliestAt : null,
      result: w.report.succeeded > 0 ? 'new-data' : w.report.failed > 0 ? 'failed' : 'no-data',
    };
    w.resolve(report);
    e.bus.emit('window-end', report);
  };
  const cancelGuard = e.clock.setTimer(Math.max(now, w.stopAt + (w.deadline - w.stopAt) / 2), finish);
  e.writer.idle().then(finish);
}
