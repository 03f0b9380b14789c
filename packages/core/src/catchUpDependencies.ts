import { cancelChange } from './cancelChanges';
import { type Change, change } from './commit';
import type { Engine } from './engine';
import { type Entry, isFinal } from './jobIndex';
import { transition } from './transitions';

/**
 * A blocked job that joins the index late (its enqueue's write was in flight, or `start()`
 * found it) may wait on jobs that ended meanwhile: those ended without it among their
 * dependents, so nobody would release it. Returns the change that catches it up (released
 * by the ones that succeeded, or cancelled by one that failed or was cancelled, or is
 * gone), or `undefined` when every job it waits on is still unfinished.
 */
export function catchUpDependencies(e: Engine, entry: Entry, now: number): Change | undefined {
  let rec = entry.rec;
  if (rec.state !== 'blocked') return undefined;
  for (const id of rec.after ?? []) {
    if (rec.dependencyResults && id in rec.dependencyResults) continue;
    const dep = e.index.entries.get(id);
    if (dep && !isFinal(dep.rec.state)) continue;
    if (dep?.rec.state !== 'succeeded') {
      const cancel = cancelChange(entry, `dependency ${id} ${dep ? dep.rec.state : 'is missing'}`, now);
      // Built on the record as caught up so far: the results gathered stay on it.
      cancel.rec = transition(rec, { type: 'cancel', now, error: cancel.rec.error! });
      return cancel;
    }
    rec = transition(rec, { type: 'dependency-succeeded', now, id, result: dep.rec.result });
  }
  return rec === entry.rec ? undefined : change(entry, rec);
}
