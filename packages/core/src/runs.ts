import { change, commit } from './commit';
import type { Engine } from './engine';
import { InvalidPayloadError, TimeoutError } from './errors';
import type { Entry } from './jobIndex';
import type { JobContext } from './jobType';
import { assertJson, cloneJson } from './json';
import { failureChanges, successChanges } from './outcomes';
import { Run } from './run';
import { deepFreeze } from './snapshot';
import { transition } from './transitions';
import type { Json } from './types';
import { validatePayload } from './validatePayload';
import type { OpenWindow } from './windowSet';

/**
 * Drives one run through its states (see `runState.ts`): `startRun` writes its start, the
 * tick calls its handler once that landed, `settle` applies what the handler settled with,
 * `stopRun` aborts it. The scheduler decides which runs start; this module only reports
 * what happened and asks for a pump.
 */

/** Starts a due job: marks it running, and calls its handler once the store has that. */
export function startRun(e: Engine, entry: Entry, now: number, window: OpenWindow | undefined): void {
  const type = entry.type!;
  const run = new Run(e, entry, now, window);
  entry.run = run;
  e.runs.begin(run);
  e.stats.started(type.name);
  if (window) window.report.ran++;
  const timeoutMs = entry.rec.timeoutMs ?? type.timeoutMs;
  if (timeoutMs !== undefined) {
    run.cancelTimeout = e.clock.setTimer(now + timeoutMs, () => {
      if (entry.run !== run) return;
      const error = new TimeoutError(`job "${entry.rec.name}" timed out after ${timeoutMs} ms`);
      stopRun(e, run, error);
      fail(e, run, error);
      e.hooks.pumpNow();
    });
  }
  const start = change(entry, transition(entry.rec, { type: 'start', now }), 'started');
  start.starts = run;
  commit(e, [start], now);
}

/** Calls a started run's handler, unless the run was stopped meanwhile. From the tick only. */
export function invoke(e: Engine, run: Run): void {
  if (e.runs.apply(run, 'called') !== 'starting') return;
  const entry = run.entry;
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
    settle(e, run, false, error);
    return;
  }
  if (!isThenable(outcome)) {
    // A synchronous handler's outcome applies in this same tick, a hop saved per run.
    settle(e, run, true, outcome);
    return;
  }
  // The outcome is applied from the tick too, so a dead queue records nothing.
  outcome.then(
    (result) => e.tick.defer(() => settle(e, run, true, result)),
    (error) => e.tick.defer(() => settle(e, run, false, error)),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The handler settled: a run still `running` ends with this outcome; a `stopping` one's is discarded. */
function settle(e: Engine, run: Run, ok: boolean, value: unknown): void {
  const before = e.runs.apply(run, 'settled');
  const entry = run.entry;
  if (before === 'stopping' && entry.unsettled === run) {
    // The job may start again now; it was kept out of the scheduler's heaps meanwhile.
    entry.unsettled = undefined;
    if (e.index.entries.get(entry.rec.id) === entry) e.index.place(entry, e.clock.now());
    e.tick.requestPump();
  }
  if (before !== 'running') return;
  entry.run = undefined;
  run.cancelTimeout?.();
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
    if (ok) succeed(e, run, result);
  }
  if (!ok) fail(e, run, value);
  // Inside the tick already: one pump at its end fills the freed slots.
  e.tick.requestPump();
}

/**
 * Aborts a run with `reason` (its signal's reason): a `starting` run ends at once, a
 * `running` one is `stopping` until its handler settles, and its slot is free now. The
 * caller writes what becomes of the job.
 */
export function stopRun(e: Engine, run: Run, reason: Error): void {
  const entry = run.entry;
  if (entry.run === run) entry.run = undefined;
  run.cancelTimeout?.();
  run.abortReason = reason;
  // A handler already called may go on: its job waits for it (see `Entry.unsettled`).
  if (e.runs.apply(run, 'abort') === 'running') entry.unsettled = run;
  run.controller?.abort(reason);
}

function succeed(e: Engine, run: Run, result: Json | undefined): void {
  const now = e.clock.now();
  const durationMs = now - run.startedAt;
  e.stats.succeeded(run.name, durationMs);
  if (run.window) run.window.report.succeeded++;
  commit(e, successChanges(e, run.entry, result, durationMs, now), now);
}

/** A failed attempt, written: a retry on the backoff schedule, or the end of the job (or of its period). */
function fail(e: Engine, run: Run, error: unknown): void {
  if (run.window) run.window.report.failed++;
  const now = e.clock.now();
  commit(e, failureChanges(e, run.entry, error, now), now);
}
