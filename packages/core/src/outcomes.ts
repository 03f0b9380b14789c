import { cancelDependents } from './cancelChanges';
import { type Change, change } from './commit';
import type { Engine } from './engine';
import { serializeError } from './errors';
import type { Entry } from './jobIndex';
import { afterFailure, transition } from './transitions';
import type { Json, RetryPolicy } from './types';

/**
 * What the end of an attempt changes: the job (through the reducer), and the jobs that
 * depend on it. Builders only: the caller commits the changes.
 */

/** The backoff that applies to a job: its own from `enqueue`, else its type's. */
export function backoffOf(entry: Entry): RetryPolicy['backoff'] {
  return entry.backoffFn ?? entry.rec.retry?.backoff ?? entry.type?.retry?.backoff;
}

/** A succeeded attempt: the job, and the blocked jobs it releases. */
export function successChanges(
  e: Engine,
  entry: Entry,
  result: Json | undefined,
  durationMs: number,
  now: number,
): Change[] {
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
  return changes;
}

/** A failed attempt: a retry on the backoff schedule, or the end of the job (or of its period) and of its dependents. */
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
