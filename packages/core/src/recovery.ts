import { cancelChange } from './cancelChanges';
import { type Change, change, commit, enforceRetention } from './commit';
import type { Engine } from './engine';
import {
  CorruptRecordError,
  InterruptedError,
  isNightshiftError,
  StoreError,
  UnknownJobError,
} from './errors';
import { drawIdPrefix } from './ids';
import { type Entry, isFinal, newEntry } from './jobIndex';
import { failureChanges, interrupt } from './outcomes';
import { freezeLoadedRecord } from './sealRecord';
import { transition } from './transitions';
import type { JobRecord } from './types';

/** After this many `start()`s in a row find a job running, the crash costs it an attempt. */
const CRASHES_PER_ATTEMPT = 3;

/**
 * Loads the store and rebuilds the queue's memory: corrupt records and unknown types are
 * reported and left alone, jobs found `running` (the process died) are interrupted, and
 * every recovery change is written before this resolves.
 */
export async function recover(e: Engine): Promise<void> {
  let loaded: Awaited<ReturnType<Engine['store']['load']>>;
  try {
    loaded = await e.store.load();
  } catch (cause) {
    throw isNightshiftError(cause, 'STORE')
      ? cause
      : new StoreError(`store load failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
        });
  }
  const now = e.clock.now();
  const records: JobRecord[] = [];
  for (const item of loaded) {
    if ('corrupt' in item) {
      e.corruptIds.add(item.id);
      const error = new CorruptRecordError(`stored job ${item.id} cannot be read: ${item.corrupt}`);
      error.id = item.id;
      e.bus.reportError(error);
    } else {
      records.push(item);
    }
  }
  records.sort((a, b) => a.seq - b.seq);
  const changes: Change[] = [];
  const unknown = new Set<string>();
  const finishedEntries: Entry[] = [];
  for (const rec of records) {
    e.seq = Math.max(e.seq, rec.seq);
    // Loaded records are the store's fresh copies: frozen in depth once, their nested values
    // are then shared by every record made from them.
    freezeLoadedRecord(rec);
    const type = e.types.get(rec.name);
    if (!type && !unknown.has(rec.name)) {
      unknown.add(rec.name);
      e.bus.reportError(
        new UnknownJobError(`stored jobs of type "${rec.name}" have no definition; they are kept untouched`),
      );
    }
    const entry = newEntry(rec, type);
    e.index.add(entry, now);
    if (isFinal(rec.state)) finishedEntries.push(entry);
    if (type && rec.lastRunMs !== undefined && (rec.state === 'succeeded' || rec.repeat))
      e.stats.sample(rec.name, rec.lastRunMs);
    if (type && rec.state === 'running') {
      const reason = new InterruptedError(`job "${rec.name}" was running when the process died`);
      if ((rec.crashes ?? 0) + 1 >= CRASHES_PER_ATTEMPT)
        changes.push(...failureChanges(e, entry, reason, now));
      else changes.push(interrupt(e, entry, reason, true));
    }
  }
  // Retention deletes the earliest finished first, so the order they finished in matters.
  finishedEntries.sort((a, b) => (a.rec.finishedAt ?? 0) - (b.rec.finishedAt ?? 0));
  for (const entry of finishedEntries) e.index.noteFinished(entry);
  // Every id the store holds is known now: made ids can take a prefix none of them has.
  drawIdPrefix(e);
  repairDependencies(e, changes, now);
  if (changes.length > 0) commit(e, changes);
  enforceRetention(e);
  await e.writer.idle();
}

/** Blocked jobs whose dependencies already ended (a store edited by hand, a lost record) move on. */
function repairDependencies(e: Engine, changes: Change[], now: number): void {
  for (const [id, dependents] of [...e.index.dependents]) {
    const dep = e.index.entries.get(id);
    if (dep && !isFinal(dep.rec.state)) continue;
    for (const dependentId of [...dependents]) {
      const dependent = e.index.entries.get(dependentId);
      if (dependent?.rec.state !== 'blocked') continue;
      if (dep?.rec.state === 'succeeded') {
        const rec = transition(dependent.rec, {
          type: 'dependency-succeeded',
          now,
          id,
          result: dep.rec.result,
        });
        e.index.update(dependent, rec, now);
        changes.push(change(dependent, rec));
      } else {
        changes.push(cancelChange(dependent, `dependency ${id} ${dep ? dep.rec.state : 'is missing'}`, now));
      }
    }
  }
}
