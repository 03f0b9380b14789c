import { constraintsMet } from './constraints';
import {
  backoffOf,
  type Change,
  change,
  commit,
  defer,
  type Engine,
  landed,
  type OpenWindow,
} from './engine';
import {
  CancelledError,
  ConstraintsUnmetError,
  InvalidPayloadError,
  serializeError,
  TimeoutError,
} from './errors';
import { type Entry, effectiveConstraints, isFinal } from './jobIndex';
import type { JobContext } from './jobType';
import { assertJson, cloneJson } from './json';
import { pump, requestPump } from './pump';
import { Run } from './run';
import { deepFreeze } from './snapshot';
import { afterFailure, transition } from './transitions';
import type { Conditions, Json } from './types';
import { validatePayload } from './validatePayload';

/** Starts a due job: marks it running, and calls its handler once the store has that. */
export function startRun(e: Engine, entry: Entry, now: number, window: OpenWindow | undefined): void {
  const type = entry.type!;
  const run = new Run(e, entry, now, window);
  entry.run = run;
  e.running.add(run);
  // Counted only where a limit needs it.
  if (type.concurrency !== undefined)
    e.runningByType.set(type.name, (e.runningByType.get(type.name) ?? 0) + 1);
  e.busy = true;
  e.stats.started(type.name);
  if (window) window.report.ran++;
  const timeoutMs = entry.rec.timeoutMs ?? type.timeoutMs;
  if (timeoutMs !== undefined) {
    run.cancelTimeout = e.clock.setTimer(now + timeoutMs, () => {
      if (entry.run !== run) return;
      const error = new TimeoutError(`job "${entry.rec.name}" timed out after ${timeoutMs} ms`);
      endRun(e, entry, run, error);
      fail(e, entry, run, error);
      pump(e);
    });
  }
  const start = change(entry, transition(entry.rec, { type: 'start', now }), 'started');
  start.starts = run;
  commit(e, [start], now);
}

/** Calls a started run's handler, unless the run ended meanwhile. From the clock only. */
export function invoke(e: Engine, run: Run): void {
  const entry = run.entry;
  if (entry.run !== run) return;
  const type = entry.type!;
  // The run is the handler's context: one object per attempt, not two.
  const ctx: JobContext = run;
  let outcome: unknown;
  try {
    outcome = type.validate
      ? validatePayload(type.validate, entry.rec.payload).then(
          (payload) => type.run(payload, ctx),
          (error: unknown) => {
            throw new InvalidPayloadError(`stored payload no longer validates: ${(error as Error).message}`);
          },
        )
      : type.run(entry.rec.payload, ctx);
  } catch (error) {
    // Thrown synchronously: we are inside a clock callback, so the outcome applies now.
    settle(e, entry, run, false, error);
    return;
  }
  if (!isThenable(outcome)) {
    // A synchronous handler's outcome applies in this same tick, a hop saved per run.
    settle(e, entry, run, true, outcome);
    return;
  }
  // The outcome is applied from a clock callback too, so a dead queue records nothing.
  outcome.then(
    (result) => defer(e, () => settle(e, entry, run, true, result)),
    (error) => defer(e, () => settle(e, entry, run, false, error)),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function settle(e: Engine, entry: Entry, run: Run, ok: boolean, value: unknown): void {
  // A run that was aborted, cancelled or timed out already ended: its late outcome is discarded.
  if (entry.run !== run) return;
  endRun(e, entry, run);
  if (ok) {
    let result: Json | undefined;
    try {
      if (value !== undefined) {
        assertJson(value, 'result');
        result = deepFreeze(cloneJson(value as Json));
      }
    } catch (error) {
      ok = false;
      value = error;
    }
    if (ok) succeed(e, entry, run, result);
  }
  if (!ok) fail(e, entry, run, value);
  // Inside a clock callback already: one pump after this tick's outcomes fills the freed slots.
  requestPump(e);
}

/** Frees a run's slot; aborts its signal when `reason` is given. */
export function endRun(e: Engine, entry: Entry, run: Run, reason?: Error): void {
  entry.run = undefined;
  run.cancelTimeout?.();
  e.running.delete(run);
  const name = entry.rec.name;
  if (entry.type?.concurrency !== undefined) e.runningByType.set(name, (e.runningByType.get(name) ?? 1) - 1);
  if (reason) {
    run.abortReason = reason;
    run.controller?.abort(reason);
  }
  if (e.running.size === 0 && e.runsSettled) {
    const done = e.runsSettled;
    e.runsSettled = undefined;
    done();
  }
}

function succeed(e: Engine, entry: Entry, run: Run, result: Json | undefined): void {
  const now = e.clock.now();
  const durationMs = now - run.startedAt;
  e.stats.succeeded(entry.rec.name, durationMs);
  if (run.window) run.window.report.succeeded++;
  const rec = transition(entry.rec, { type: 'succeed', now, result, durationMs });
  const changes: Change[] = [change(entry, rec, 'succeeded', [result])];
  const dependents = rec.repeat || e.index.dependents.size === 0 ? undefined : e.index.dependents.get(rec.id);
  if (dependents) {
    for (const id of dependents) {
      const dependent = e.index.entries.get(id);
      if (!dependent) continue;
      changes.push(
        change(
          dependent,
          transition(dependent.rec, { type: 'dependency-succeeded', now, id: rec.id, result }),
        ),
      );
    }
  }
  commit(e, changes, now);
}

/** A failed attempt, written: a retry on the backoff schedule, or the end of the job (or of its period). */
export function fail(e: Engine, entry: Entry, run: Run | undefined, error: unknown): void {
  if (run?.window) run.window.report.failed++;
  const now = e.clock.now();
  commit(e, failureChanges(e, entry, error, now), now);
}

/** What a failed attempt changes: the job, and the dependents a final failure cancels. */
export function failureChanges(e: Engine, entry: Entry, error: unknown, now: number): Change[] {
  const err = serializeError(error);
  e.stats.failed(entry.rec.name);
  const next = afterFailure(entry.rec, error, now, backoffOf(entry), e.random);
  if ('retryAt' in next) {
    const rec = transition(entry.rec, { type: 'retry', now, error: err, runAt: next.retryAt });
    return [change(entry, rec, 'retrying', [err, next.retryAt])];
  }
  const rec = transition(entry.rec, { type: 'fail', now, error: err });
  const changes: Change[] = [change(entry, rec, 'failed', [err])];
  if (!rec.repeat) cancelDependents(e, rec.id, `dependency ${rec.id} failed`, now, changes);
  return changes;
}

/** A run cut short at no cost: back to `enqueued`, with `interruptions + 1`. */
export function interrupt(e: Engine, entry: Entry, reason: Error, crashed = false): Change {
  const rec = transition(entry.rec, { type: 'interrupt', now: e.clock.now(), crashed });
  return change(entry, rec, 'interrupted', [serializeError(reason)]);
}

export function cancelChange(entry: Entry, message: string, now: number): Change {
  const error = serializeError(new CancelledError(message));
  const cancel = change(entry, transition(entry.rec, { type: 'cancel', now, error }), 'cancelled');
  cancel.before = entry.rec;
  return cancel;
}

/**
 * Applies in memory a cancel whose write landed. If the job moved on meanwhile (a run
 * ended and queued its own write after ours), the final record is written once more.
 */
export function landCancel(e: Engine, change: Change, now: number, fixups: Change[]): void {
  const entry = change.entry;
  if (isFinal(entry.rec.state)) return;
  const run = entry.run;
  if (run) endRun(e, entry, run, new CancelledError(change.rec.error?.message ?? 'cancelled'));
  if (entry.rec !== change.before) {
    fixups.push({ ...change, rec: transition(entry.rec, { type: 'cancel', now, error: change.rec.error! }) });
    return;
  }
  e.index.update(entry, change.rec, now);
  landed(e, change);
}

/** Cancels, in depth, every blocked job waiting on `id`, each with the reason. */
export function cancelDependents(
  e: Engine,
  id: string,
  message: string,
  now: number,
  changes: Change[],
  seen = new Set<string>(),
): void {
  for (const dependentId of e.index.dependents.get(id) ?? []) {
    if (seen.has(dependentId)) continue;
    seen.add(dependentId);
    const dependent = e.index.entries.get(dependentId);
    if (!dependent || isFinal(dependent.rec.state)) continue;
    changes.push(cancelChange(dependent, message, now));
    cancelDependents(e, dependentId, `dependency ${dependentId} was cancelled`, now, changes, seen);
  }
}

/** New conditions: runs whose constraints stopped holding are interrupted, then the queue pumps. */
export function applyConditions(e: Engine, next: Conditions): void {
  e.conditions = next;
  if (e.phase !== 'started') return;
  const lost: Change[] = [];
  for (const entry of e.running.entries()) {
    if (constraintsMet(effectiveConstraints(entry), next)) continue;
    const reason = new ConstraintsUnmetError(`job "${entry.rec.name}" no longer has what it needs`);
    const run = entry.run!;
    if (run.window) run.window.report.interrupted++;
    endRun(e, entry, run, reason);
    lost.push(interrupt(e, entry, reason));
  }
  if (lost.length > 0) commit(e, lost);
  pump(e);
}
