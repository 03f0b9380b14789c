import { Cascade, cancelChange, cancelledError } from './cancelChanges';
import { type Change, callerWrite, commit, enforceRetention, landed } from './commit';
import type { Engine } from './engine';
import { CancelledError, InvalidOptionsError } from './errors';
import { type Entry, isFinal } from './jobIndex';
import { assertStarted } from './lifecycle';
import { stopRun } from './runs';
import { plan, requestPump } from './scheduler';
import { SLICE_ITEMS, Slicer } from './slices';
import { transition } from './transitions';

/** What `cancelWhere` matches; at least one of the three. */
export interface CancelFilter {
  name?: string;
  tag?: string;
  uniqueKey?: string;
}

/** Cancels every unfinished job that matches `filter`; resolves with how many. */
export async function cancelWhere(e: Engine, filter: CancelFilter): Promise<number> {
  if (!filter || (filter.name === undefined && filter.tag === undefined && filter.uniqueKey === undefined)) {
    throw new InvalidOptionsError('cancelWhere needs a name, tag or uniqueKey');
  }
  assertStarted(e);
  const slicer = new Slicer(e);
  const ids: string[] = [];
  const { name, tag, uniqueKey } = filter;
  if (uniqueKey !== undefined && name === undefined && tag === undefined) {
    // The index knows a key's holders: no walk over every job.
    ids.push(...(e.index.unique.get(uniqueKey) ?? []));
  } else {
    // A Map's iterator survives changes made while this yields: jobs added meanwhile are
    // visited too, removed ones are skipped.
    for (const { rec } of e.index.entries.values()) {
      if (
        !isFinal(rec.state) &&
        (name === undefined || rec.name === name) &&
        (tag === undefined || rec.tags.includes(tag)) &&
        (uniqueKey === undefined || rec.uniqueKey === uniqueKey)
      ) {
        ids.push(rec.id);
      }
      if (slicer.spent()) await slicer.next();
    }
  }
  return cancelJobs(e, ids, 'cancelled by cancelWhere', slicer);
}

/**
 * Cancels unfinished jobs and, in depth, their dependents, in one caller write. Nothing
 * changes in memory until it landed; the jobs cannot start meanwhile. The work before and
 * after the write runs in slices.
 */
export async function cancelJobs(
  e: Engine,
  ids: string[],
  reason: string,
  slicer = new Slicer(e),
): Promise<number> {
  assertStarted(e);
  const now = e.clock.now();
  const error = cancelledError(reason);
  const changes: Change[] = [];
  const seen = new Set<string>();
  let direct = 0;
  // Taken out of the scheduler's reach as they are picked, so none starts while this yields.
  let taken = 0;
  const take = () => {
    for (; taken < changes.length; taken++) {
      const entry = changes[taken]!.entry;
      entry.locked = true;
      e.index.unplace(entry);
    }
  };
  try {
    for (const id of ids) {
      const entry = e.index.entries.get(id);
      if (!entry?.type || isFinal(entry.rec.state) || entry.locked || seen.has(id)) continue;
      seen.add(id);
      direct++;
      changes.push(cancelChange(entry, error, now));
      const cascade = new Cascade(e, seen).from(id, `dependency ${id} was cancelled`);
      for (;;) {
        const more = cascade.take(now, changes, SLICE_ITEMS);
        if (!more && !slicer.spent()) break;
        take();
        await slicer.next();
        assertStarted(e);
        if (!more) break;
      }
      take();
    }
    if (direct === 0) return 0;
    // A killed queue's writer settles nothing: this never resumes in a dead process.
    await callerWrite(
      e,
      changes.map((c) => ({ put: c.rec })),
    );
  } catch (failure) {
    unlock(e, changes);
    requestPump(e);
    throw failure;
  }
  const landedAt = e.clock.now();
  const fixups: Change[] = [];
  for (const c of changes) {
    c.entry.locked = false;
    landCancel(e, c, landedAt, fixups);
    if (slicer.spent()) await slicer.next();
  }
  if (fixups.length > 0) commit(e, fixups);
  await enforceRetention(e, slicer);
  requestPump(e);
  plan(e);
  e.bus.notifySoon();
  return direct;
}

function unlock(e: Engine, changes: Change[]): void {
  const now = e.clock.now();
  for (const { entry } of changes) {
    entry.locked = false;
    e.index.place(entry as Entry, now);
  }
}

/**
 * Applies in memory a cancel whose write landed, stopping the job's run if it has one. If
 * the job moved on meanwhile (a run ended and queued its own write after ours), the final
 * record is written once more.
 */
export function landCancel(e: Engine, change: Change, now: number, fixups: Change[]): void {
  const entry = change.entry;
  if (isFinal(entry.rec.state)) return;
  const run = entry.run;
  if (run) stopRun(e, run, new CancelledError(change.rec.error?.message ?? 'cancelled'));
  if (entry.rec !== change.before) {
    fixups.push({ ...change, rec: transition(entry.rec, { type: 'cancel', now, error: change.rec.error! }) });
    return;
  }
  e.index.update(entry, change.rec, now);
  landed(e, change);
}
