import { Cascade } from './cancelChanges';
import { catchUpDependencies } from './catchUpDependencies';
import { type Change, commit, enforceRetention } from './commit';
import type { Engine } from './engine';
import {
  CorruptRecordError,
  InterruptedError,
  isNightshiftError,
  StoreError,
  UnknownJobError,
} from './errors';
import { drawPrefix, useIdPrefix } from './ids';
import { type Entry, isFinal, newEntry } from './jobIndex';
import { failureChanges, interrupt } from './outcomes';
import { freezeLoadedRecord } from './sealRecord';
import { SLICE_ITEMS, Slicer } from './slices';
import { toSnapshot } from './snapshot';
import { sortByKey } from './sortByKey';
import type { CorruptEntry, JobRecord } from './types';

/** After this many `start()`s in a row find a job running, the crash costs it an attempt. */
const CRASHES_PER_ATTEMPT = 3;

/**
 * Loads the store and rebuilds the queue's memory: corrupt records and unknown types are
 * reported and left alone, jobs found `running` (the process died) are interrupted, and
 * every recovery change is written before this resolves.
 *
 * All of it runs in slices (see `slices.ts`), so a store of 100,000 jobs never holds the
 * thread for more than a few milliseconds at a time. Nothing is written until every record
 * is read and indexed: a process killed between two slices leaves the store as it found it.
 */
export async function recover(e: Engine): Promise<void> {
  const slicer = new Slicer(e);
  const now = e.clock.now();
  // Drawn before the records are read, and checked against each as it comes: a clash (one
  // chance in a billion or so per stored id) draws again with a scan (see `ids.ts`).
  const prefix = drawPrefix(e.random);
  let clash = false;
  const unknown = new Set<string>();
  let entries: Entry[] = [];
  try {
    for await (const page of pages(e)) {
      for (let i = 0; i < page.length; i++) {
        const item = page[i]!;
        if (item.id.startsWith(prefix)) clash = true;
        if ('corrupt' in item) reportCorrupt(e, item);
        else {
          const rec = item as JobRecord;
          if (rec.seq > e.seq) e.seq = rec.seq;
          // Loaded records are the store's fresh copies: frozen in depth once, their nested
          // values are then shared by every record made from them.
          freezeLoadedRecord(rec);
          const type = e.types.get(rec.name);
          if (!type && !unknown.has(rec.name)) {
            unknown.add(rec.name);
            e.bus.reportError(
              new UnknownJobError(
                `stored jobs of type "${rec.name}" have no definition; they are kept untouched`,
              ),
            );
          }
          entries.push(newEntry(rec, type));
        }
        if (slicer.spent()) await slicer.next();
      }
    }
  } catch (cause) {
    throw isNightshiftError(cause, 'STORE')
      ? cause
      : new StoreError(`store load failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
        });
  }
  // The index keeps jobs in the order they were made, so `list()` never sorts.
  entries = await sortByKey(entries, (entry) => entry.rec.seq, slicer);
  const changes: Change[] = [];
  let finished: Entry[] = [];
  for (const entry of entries) {
    const { rec, type } = entry;
    e.index.add(entry, now);
    // Made here, in slices, so that a first `list()` over a large backlog makes none.
    if (rec.state === 'enqueued' || rec.state === 'blocked') entry.snap = toSnapshot(rec);
    if (isFinal(rec.state)) finished.push(entry);
    if (type && rec.lastRunMs !== undefined && (rec.state === 'succeeded' || rec.repeat))
      e.stats.sample(rec.name, rec.lastRunMs);
    if (type && rec.state === 'running') {
      const reason = new InterruptedError(`job "${rec.name}" was running when the process died`);
      if ((rec.crashes ?? 0) + 1 >= CRASHES_PER_ATTEMPT)
        changes.push(...failureChanges(e, entry, reason, now));
      else changes.push(interrupt(e, entry, reason, true));
    }
    if (slicer.spent()) await slicer.next();
  }
  // Retention deletes the earliest finished first, so the order they finished in matters.
  finished = await sortByKey(finished, (entry) => entry.rec.finishedAt ?? 0, slicer);
  for (const entry of finished) e.index.noteFinished(entry);
  useIdPrefix(e, clash ? undefined : prefix);
  await repairDependencies(e, changes, now, slicer);
  if (changes.length > 0) commit(e, changes);
  await enforceRetention(e, slicer);
  await e.writer.idle();
}

/** The store's entries, page by page: `loadPages()` where the store has it, else `load()` as one page. */
async function* pages(e: Engine): AsyncIterable<ReadonlyArray<JobRecord | CorruptEntry>> {
  if (e.store.loadPages) yield* e.store.loadPages();
  else yield await e.store.load();
}

function reportCorrupt(e: Engine, item: CorruptEntry): void {
  e.corruptIds.add(item.id);
  const error = new CorruptRecordError(`stored job ${item.id} cannot be read: ${item.corrupt}`);
  error.id = item.id;
  e.bus.reportError(error);
}

/**
 * Blocked jobs whose dependencies already ended move on: a store edited by hand, a lost
 * record, or a process that died midway through a cascade of cancels. A job cancelled here
 * takes the jobs that wait on it along, in depth.
 */
async function repairDependencies(e: Engine, changes: Change[], now: number, slicer: Slicer): Promise<void> {
  const seen = new Set<string>();
  for (const [id, dependents] of [...e.index.dependents]) {
    const dep = e.index.entries.get(id);
    if (dep && !isFinal(dep.rec.state)) continue;
    for (const dependentId of [...dependents]) {
      const dependent = e.index.entries.get(dependentId);
      if (!dependent || seen.has(dependentId)) continue;
      const caughtUp = catchUpDependencies(e, dependent, now);
      if (!caughtUp) continue;
      changes.push(caughtUp);
      if (caughtUp.event === undefined) {
        // Released: applied now, so a later dependency of the same job sees it.
        e.index.update(dependent, caughtUp.rec, now);
        continue;
      }
      seen.add(dependentId);
      const cascade = new Cascade(e, seen).from(dependentId, `dependency ${dependentId} was cancelled`);
      while (cascade.take(now, changes, SLICE_ITEMS)) await slicer.next();
    }
    if (slicer.spent()) await slicer.next();
  }
}
