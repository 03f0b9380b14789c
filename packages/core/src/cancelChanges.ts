import { type Change, change } from './commit';
import type { Engine } from './engine';
import { CancelledError, serializeError } from './errors';
import { type Entry, isFinal } from './jobIndex';
import { transition } from './transitions';

/** A job's cancel, with the record it was computed from (the write lands later). */
export function cancelChange(entry: Entry, message: string, now: number): Change {
  const error = serializeError(new CancelledError(message));
  const cancel = change(entry, transition(entry.rec, { type: 'cancel', now, error }), 'cancelled');
  cancel.before = entry.rec;
  return cancel;
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
