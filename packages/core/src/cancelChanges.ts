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
 * Cancels, in depth, every blocked job waiting on `id`: the first level with `message`,
 * the deeper ones because their own dependency was cancelled. Depth first, with a stack of
 * its own rather than recursion, so a chain of 100,000 jobs cannot overflow the call stack.
 */
export function cancelDependents(
  e: Engine,
  id: string,
  message: string,
  now: number,
  changes: Change[],
  seen = new Set<string>(),
): void {
  const first = e.index.dependents.get(id);
  if (!first || first.size === 0) return;
  const stack: Array<{ ids: Iterator<string>; error: SerializedError }> = [
    { ids: first.values(), error: cancelledError(message) },
  ];
  while (stack.length > 0) {
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
    const deeper = e.index.dependents.get(dependentId);
    if (deeper && deeper.size > 0)
      stack.push({ ids: deeper.values(), error: cancelledError(`dependency ${dependentId} was cancelled`) });
  }
}
