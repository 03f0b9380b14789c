import { type Change, commit } from './commit';
import { constraintsMet } from './constraints';
import type { Engine } from './engine';
import { ConstraintsUnmetError } from './errors';
import { type Entry, effectiveConstraints } from './jobIndex';
import type { JobType } from './jobType';
import { interrupt } from './outcomes';
import { planWake, sameWake } from './planWake';
import { startRun, stopRun } from './runs';
import type { Conditions, Constraints } from './types';
import type { OpenWindow } from './windowSet';
import { closeWindow } from './windows';

/**
 * The scheduler: the one place that decides. It starts what may start now, closes the
 * windows that are done, keeps exactly one platform timer armed for the next instant
 * something becomes due, and one OS request current. Runs, windows and the tick only
 * report and ask for a pump (`e.hooks`, `e.tick.requestPump`).
 */
export function pump(e: Engine): void {
  if (e.phase !== 'started') return;
  const now = e.clock.now();
  // Timers stall in a backgrounded React Native app: every decision re-reads the clock.
  if (e.windows.size > 0)
    for (const w of [...e.windows.open]) if (w.aborted || now >= w.stopAt) closeWindow(e, w, true);
  e.index.promote(now);
  const window = e.windows.widest();
  const active = e.conditions.appState === 'active';
  if (active || window) {
    while (e.runs.size < e.concurrency) {
      const next = pickNext(e, now, window, !active);
      if (!next) break;
      startRun(e, next, now, window);
      e.sched.busy = true;
    }
  }
  armTimer(e);
  plan(e);
  if (e.windows.size > 0) {
    let closed = false;
    for (const w of [...e.windows.open]) {
      if (!windowFinished(e, w, now)) continue;
      closeWindow(e, w, false);
      closed = true;
    }
    if (closed) {
      armTimer(e);
      plan(e);
    }
  }
  checkIdle(e);
}

/** Pumps on the platform's next tick: follow-up work never starts from a bare promise continuation. */
export function requestPump(e: Engine): void {
  if (e.phase === 'started') e.tick.requestPump();
}

export function expectedDuration(e: Engine, type: JobType): number | undefined {
  return type.estimatedDurationMs ?? e.stats.expected(type.name);
}

/**
 * The best due job that may start now: compares only the head of each group (a type and
 * a constraint set), so the cost does not grow with the number of waiting jobs.
 */
export function pickNext(
  e: Engine,
  now: number,
  window: OpenWindow | undefined,
  admit: boolean,
): Entry | undefined {
  let best: Entry | undefined;
  for (const group of e.index.groups.values()) {
    const head = group.heap.peek();
    if (!head) {
      e.index.groups.delete(group.key);
      continue;
    }
    if (!constraintsMet(group.constraints, e.conditions)) continue;
    if (!e.runs.typeHasSlot(group.type.name, group.type.concurrency)) continue;
    if (admit && window) {
      const expected = expectedDuration(e, group.type);
      if (expected !== undefined && expected > window.stopAt - now) {
        window.deferredGroups.add(group.key);
        continue;
      }
    }
    const b = best?.rec;
    const h = head.rec;
    if (
      !b ||
      h.priority > b.priority ||
      (h.priority === b.priority && (h.runAt < b.runAt || (h.runAt === b.runAt && h.seq < b.seq)))
    ) {
      best = head;
    }
  }
  return best;
}

/** A window ends early when nothing runs, nothing can start, and nothing becomes due in time. */
function windowFinished(e: Engine, w: OpenWindow, now: number): boolean {
  // A run of an earlier window may still hand over to this one when that window stops.
  if (w.closing || e.runs.size > 0) return false;
  if (pickNext(e, now, w, e.conditions.appState !== 'active')) return false;
  // A job that becomes due while the window is still open (a short retry) keeps it open.
  const next = e.index.timeline.peek();
  if (next && constraintsMet(effectiveConstraints(next), e.conditions)) {
    const expected = next.type ? (expectedDuration(e, next.type) ?? 0) : 0;
    if (next.rec.runAt + expected <= w.stopAt) return false;
  }
  return true;
}

function hasStartable(e: Engine, now: number, window: OpenWindow | undefined): boolean {
  const active = e.conditions.appState === 'active';
  if (!active && !window) return false;
  return pickNext(e, now, window, !active) !== undefined;
}

/** `idle` fires once when the last run ended, its writes landed and nothing more can start. */
export function checkIdle(e: Engine): void {
  if (!e.sched.busy || e.runs.size > 0 || e.writer.pending || e.phase !== 'started') return;
  if (hasStartable(e, e.clock.now(), e.windows.widest())) return;
  e.sched.busy = false;
  e.bus.emit('idle');
}

/** One platform timer: at the next instant a job becomes due or a window must stop. */
export function armTimer(e: Engine): void {
  const s = e.sched;
  let at = e.index.timeline.peek()?.rec.runAt;
  for (const w of e.windows.open) if (at === undefined || w.stopAt < at) at = w.stopAt;
  if (at === s.timerAt) return;
  disarmTimer(e);
  s.timerAt = at;
  if (at === undefined) return;
  s.cancelTimer = e.clock.setTimer(at, () => {
    s.cancelTimer = undefined;
    s.timerAt = undefined;
    pump(e);
  });
}

export function disarmTimer(e: Engine): void {
  const s = e.sched;
  s.cancelTimer?.();
  s.cancelTimer = undefined;
  s.timerAt = undefined;
}

/** Keeps exactly one OS request current; sends it only when the plan changed. */
export function plan(e: Engine): void {
  const scheduler = e.platform.scheduler;
  if (!scheduler || e.phase === 'killed') return;
  const now = e.clock.now();
  const dueNow: Array<Constraints | undefined> = [];
  for (const group of e.index.groups.values()) if (group.heap.size > 0) dueNow.push(group.constraints);
  let upcoming: { at: number; constraints: Array<Constraints | undefined> } | undefined;
  const first = e.index.timeline.peek();
  if (dueNow.length === 0 && first) {
    const at = first.rec.runAt;
    const constraints: Array<Constraints | undefined> = [];
    let network = true;
    let charging = true;
    // Only the jobs due at that very instant matter, and only until both flags are settled.
    e.index.timeline.visitWhile(
      (entry) => entry.rec.runAt <= at && (network || charging),
      (entry) => {
        const c = effectiveConstraints(entry);
        if (!c?.network) network = false;
        if (!c?.charging) charging = false;
        constraints.push(c);
      },
    );
    upcoming = { at, constraints };
  }
  const request = planWake(now, dueNow, upcoming);
  if (sameWake(e.sched.lastRequest, request, now)) return;
  e.sched.lastRequest = request;
  try {
    const result = scheduler.request(request);
    if (result && typeof result.then === 'function')
      result.then(undefined, (error: unknown) => e.bus.reportError(error));
  } catch (error) {
    e.bus.reportError(error);
  }
}

/** New conditions: runs whose constraints stopped holding are interrupted, then the queue pumps. */
export function applyConditions(e: Engine, next: Conditions): void {
  e.conditions = next;
  if (e.phase !== 'started') return;
  const lost: Change[] = [];
  for (const entry of e.runs.entries()) {
    if (constraintsMet(effectiveConstraints(entry), next)) continue;
    const reason = new ConstraintsUnmetError(`job "${entry.rec.name}" no longer has what it needs`);
    const run = entry.run!;
    if (run.window) run.window.report.interrupted++;
    stopRun(e, run, reason);
    lost.push(interrupt(e, entry, reason));
  }
  if (lost.length > 0) commit(e, lost);
  pump(e);
}
