import { constraintsMet } from './constraints';
import type { Engine, OpenWindow } from './engine';
import { type Entry, effectiveConstraints } from './jobIndex';
import type { JobType } from './jobType';
import { planWake, sameWake } from './planWake';
import { startRun } from './runs';
import type { Constraints } from './types';
import { closeWindow, windowFinished } from './windows';

/**
 * The scheduler: starts what may start now, then keeps exactly one platform timer armed
 * for the next instant something becomes due, and one OS request current.
 */
export function pump(e: Engine): void {
  if (e.phase !== 'started') return;
  const now = e.clock.now();
  // Timers stall in a backgrounded React Native app: every decision re-reads the clock.
  if (e.windows.length > 0) for (const w of [...e.windows]) if (now >= w.stopAt) closeWindow(e, w, true);
  e.index.promote(now);
  const window = widestWindow(e);
  const active = e.conditions.appState === 'active';
  if (active || window) {
    while (e.running.size < e.concurrency) {
      const next = pickNext(e, now, window, !active);
      if (!next) break;
      startRun(e, next, now, window);
    }
  }
  armTimer(e);
  plan(e);
  if (e.windows.length > 0)
    for (const w of [...e.windows]) if (windowFinished(e, w, now)) closeWindow(e, w, false);
  checkIdle(e);
}

/** Pumps on the platform's next tick: follow-up work never starts from a bare promise continuation. */
export function requestPump(e: Engine): void {
  if (e.pumpScheduled || e.phase !== 'started') return;
  if (e.deferring) {
    e.pumpWanted = true;
    return;
  }
  e.pumpScheduled = e.clock.setTimer(e.clock.now(), () => {
    e.pumpScheduled = undefined;
    pump(e);
  });
}

export function expectedDuration(e: Engine, type: JobType): number | undefined {
  return type.estimatedDurationMs ?? e.stats.expected(type.name);
}

/** The open window that allows the latest stop, if any. */
export function widestWindow(e: Engine): OpenWindow | undefined {
  let best: OpenWindow | undefined;
  for (const w of e.windows) if (!w.closing && (!best || w.stopAt > best.stopAt)) best = w;
  return best;
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
    const limit = group.type.concurrency;
    if (limit !== undefined && (e.runningByType.get(group.type.name) ?? 0) >= limit) continue;
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

function hasStartable(e: Engine, now: number, window: OpenWindow | undefined): boolean {
  const active = e.conditions.appState === 'active';
  if (!active && !window) return false;
  return pickNext(e, now, window, !active) !== undefined;
}

/** `idle` fires once when the last run ended, its writes landed and nothing more can start. */
export function checkIdle(e: Engine): void {
  if (!e.busy || e.running.size > 0 || e.writer.pending || e.phase !== 'started') return;
  if (hasStartable(e, e.clock.now(), widestWindow(e))) return;
  e.busy = false;
  e.bus.emit('idle');
}

/** One platform timer: at the next instant a job becomes due or a window must stop. */
export function armTimer(e: Engine): void {
  let at = e.index.timeline.peek()?.rec.runAt;
  for (const w of e.windows) if (at === undefined || w.stopAt < at) at = w.stopAt;
  if (at === e.timerAt) return;
  e.cancelTimer?.();
  e.cancelTimer = undefined;
  e.timerAt = at;
  if (at === undefined) return;
  e.cancelTimer = e.clock.setTimer(at, () => {
    e.cancelTimer = undefined;
    e.timerAt = undefined;
    pump(e);
  });
}

/** Keeps exactly one OS request current; sends it only when the plan changed. */
export function plan(e: Engine): void {
  const scheduler = e.platform.scheduler;
  if (!scheduler) return;
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
  if (sameWake(e.lastRequest, request, now)) return;
  e.lastRequest = request;
  try {
    const result = scheduler.request(request);
    if (result && typeof result.then === 'function')
      result.then(undefined, (error: unknown) => e.bus.reportError(error));
  } catch (error) {
    e.bus.reportError(error);
  }
}
