import { type Change, change } from './commit';
import type { Engine } from './engine';
import { type Entry, isFinal } from './jobIndex';
import { transition } from './transitions';
import type { SerializedError } from './types';

/**
 * The `error` a cancelled job keeps: what `serializeError(new CancelledError(message))`
 * gives, without making an `Error` (and its stack trace) per job: `cancelWhere` over
 * 10,000 jobs spent half its time there.
 */
export function cancelledError(message: string): SerializedError {
  return { name: 'CancelledError', message, code: 'CANCELLED' };
}

/** A job's cancel, with the record it was computed from (the write lands later). */
export function cancelChange(entry: Entry, reason: string | SerializedError, now: number): Change {
  const error = typeof reason === 'string' ? cancelledError(reason) : reason;
  const cancel = change(entry, transition(entry.rec, { type: 'cancel', now, error }), 'cancelled');
  cancel.before = entry.rec;
  return cancel;
}

/**
 * A walk, depth first, over the blocked jobs that wait (in depth) on jobs that failed or
 * were cancelled: each is cancelled, the first level with the message given, the deeper
 * ones because their own dependency was cancelled. It keeps its own stack rather than
 * recursing, so a chain of 100,000 jobs cannot overflow the call stack, and it can stop
 * after a number of changes and go on later: a cascade over many jobs runs in slices.
 */
export class Cascade {
  private readonly stack: Array<{ ids: Iterator<string>; error: SerializedError }> = [];

  constructor(
    private readonly e: Engine,
    private readonly seen = new Set<string>(),
  ) {}

  /** Adds the jobs that wait on `id`, to be cancelled with `message`. */
  from(id: string, message: string): this {
    const first = this.e.index.dependents.get(id);
    if (first && first.size > 0) this.stack.push({ ids: first.values(), error: cancelledError(message) });
    return this;
  }

  /** Pushes the next cancels onto `changes`, at most `limit` of them; returns whether any are left. */
  take(now: number, changes: Change[], limit = Number.POSITIVE_INFINITY): boolean {
    const { e, stack, seen } = this;
    let taken = 0;
    while (stack.length > 0 && taken < limit) {
      const top = stack[stack.length - 1]!;
      const next = top.ids.next();
      if (next.done) {
        stack.pop();
        continue;
      }
      const dependentId = next.value;
      if (seen.has(dependentId)) continue;
      seen.add(dependentId);
      const dependent = e.index.entries.get(dependentId);
      if (!dependent || isFinal(dependent.rec.state)) continue;
      changes.push(cancelChange(dependent, top.error, now));
      taken++;
      const deeper = e.index.dependents.get(dependentId);
      if (deeper && deeper.size > 0)
        stack.push({
          ids: deeper.values(),
          error: cancelledError(`dependency ${dependentId} was cancelled`),
        });
    }
    return stack.length > 0;
  }
}

/** Cancels, at once and in depth, every blocked job waiting on `id` (see {@link Cascade}). */
export function cancelDependents(
  e: Engine,
  id: string,
  message: string,
  now: number,
  changes: Change[],
  seen = new Set<string>(),
): void {
  new Cascade(e, seen).from(id, message).take(now, changes);
}
