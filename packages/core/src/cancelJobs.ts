import { cancelChange, cancelDependents } from './cancelChanges';
import { type Change, callerWrite, commit, enforceRetention, landed } from './commit';
import type { Engine } from './engine';
import { CancelledError } from './errors';
import { isFinal } from './jobIndex';
import { assertStarted } from './lifecycle';
import { stopRun } from './runs';
import { plan, requestPump } from './scheduler';
import { transition } from './transitions';

/**
 * Cancels unfinished jobs and, in depth, their dependents, in one caller write. Nothing
 * changes in memory until it landed; the jobs cannot start meanwhile.
 */
export async function cancelJobs(e: Engine, ids: string[], reason: string): Promise<number> {
  assertStarted(e);
  const now = e.clock.now();
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const entry = e.index.entries.get(id);
    if (!entry?.type || isFinal(entry.rec.state) || entry.locked || seen.has(id)) continue;
    seen.add(id);
    changes.push(cancelChange(entry, reason, now));
  }
  const direct = changes.length;
  if (direct === 0) return 0;
  for (let i = 0; i < direct; i++) {
    const id = changes[i]!.entry.rec.id;
    cancelDependents(e, id, `dependency ${id} was cancelled`, now, changes, seen);
  }
  for (const c of changes) {
    c.entry.locked = true;
    e.index.unplace(c.entry);
  }
  try {
    // A killed queue's writer settles nothing: this never resumes in a dead process.
    await callerWrite(
      e,
      changes.map((c) => ({ put: c.rec })),
    );
  } catch (error) {
    for (const c of changes) {
      c.entry.locked = false;
      e.index.place(c.entry, e.clock.now());
    }
    requestPump(e);
    throw error;
  }
  for (const c of changes) c.entry.locked = false;
  const landedAt = e.clock.now();
  const fixups: Change[] = [];
  for (const c of changes) landCancel(e, c, landedAt, fixups);
  if (fixups.length > 0) commit(e, fixups);
  enforceRetention(e);
  requestPump(e);
  plan(e);
  e.bus.notifySoon();
  return direct;
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
