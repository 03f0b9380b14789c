import { Cascade } from './cancelChanges';
import { type Change, change, commit } from './commit';
import type { Engine } from './engine';
import { serializeError } from './errors';
import type { Entry } from './jobIndex';
import { SLICE_ITEMS } from './slices';
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
  if (!rec.repeat && e.index.dependents.has(rec.id)) {
    const cascade = new Cascade(e).from(rec.id, `dependency ${rec.id} failed`);
    if (cascade.take(now, changes, SLICE_ITEMS)) e.tick.defer(() => goOn(e, cascade));
  }
  return changes;
}

/**
 * Cancels the next slice of a cascade on the engine's next tick, and so on until it is
 * done: 100,000 dependents of a failed job never hold the thread at once. Jobs not reached
 * yet stay blocked meanwhile, waiting on a job that can no longer succeed; a process that
 * dies midway leaves them to `start()`, which cancels them too.
 */
function goOn(e: Engine, cascade: Cascade): void {
  const changes: Change[] = [];
  const now = e.clock.now();
  const more = cascade.take(now, changes, SLICE_ITEMS);
  if (changes.length > 0) commit(e, changes, now);
  if (more) e.tick.defer(() => goOn(e, cascade));
}

/** A run cut short at no cost: back to `enqueued`, with `interruptions + 1`. */
export function interrupt(e: Engine, entry: Entry, reason: Error, crashed = false): Change {
  const rec = transition(entry.rec, { type: 'interrupt', now: e.clock.now(), crashed });
  return change(entry, rec, 'interrupted', [serializeError(reason)]);
}
