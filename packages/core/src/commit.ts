import type { Engine } from './engine';
import { type Entry, isFinal } from './jobIndex';
import type { QueueEvents } from './queueTypes';
import type { Run } from './run';
import { SLICE_ITEMS, type Slicer } from './slices';
import { snapshotOf, toSnapshot } from './snapshot';
import type { JobRecord, JobSnapshot, StoreOp } from './types';

/** A job's next record, and the event to emit once the store has it. */
export interface Change {
  readonly entry: Entry;
  rec: JobRecord;
  /** Emitted with the job's snapshot first, then `args`. */
  event: keyof QueueEvents | undefined;
  args: unknown[] | undefined;
  /** A run whose start this change writes: its handler is called on the tick after it landed. */
  starts: Run | undefined;
  /** The record the change was computed from (for changes that land later, like cancels). */
  before: JobRecord | undefined;
}

/**
 * A change, with every field set: all changes share one shape, so the code that lands
 * them reads them fast. `starts` and `before` are set after, where they apply.
 */
export function change(entry: Entry, rec: JobRecord, event?: keyof QueueEvents, args?: unknown[]): Change {
  return { entry, rec, event, args, starts: undefined, before: undefined };
}

/**
 * Applies changes in memory at once and writes them, together with the deletions that
 * retention asks for, in one batch; their events fire once the store has them. `now`: the
 * instant the caller computed the changes at, if it has one (a clock read costs ~50 ns).
 */
export function commit(e: Engine, changes: Change[], now = e.clock.now()): void {
  for (const change of changes) e.index.update(change.entry, change.rec, now);
  const doomed = retentionVictims(e);
  // Sized once: an array grown by push starts with room for 17.
  const ops: StoreOp[] = new Array(changes.length + doomed.length);
  let i = 0;
  for (const change of changes) ops[i++] = { put: change.rec };
  for (const entry of doomed) ops[i++] = { delete: entry.rec.id };
  e.writer.write(ops, new Landing(e, changes));
}

/** What a commit does once its write landed: one object per commit, no closures. */
class Landing {
  constructor(
    private readonly e: Engine,
    private readonly changes: Change[],
  ) {}

  done(): void {
    for (const change of this.changes) landed(this.e, change);
  }
}

/** Emits a change's event once the store has it; snapshots are made only for someone to see. */
export function landed(e: Engine, { entry, rec, event, args, starts }: Change): void {
  const final = isFinal(rec.state);
  const listened = event !== undefined && e.bus.has(event);
  if (listened || (final && e.waiters.size > 0 && e.waiters.has(rec.id))) {
    // The event carries the job as this write left it, even if it moved on since.
    const snap = entry.rec === rec ? snapshotOf(entry) : toSnapshot(rec);
    if (listened) e.bus.emit(event, snap, ...(args ?? []));
    settleWaiters(e, entry, snap);
  }
  // Through the clock, never from a bare promise continuation: a queue whose process
  // died (a crashed memory platform drops its timers) must not call the handler.
  if (starts) e.tick.defer(starts);
}

export function settleWaiters(e: Engine, entry: Entry, snap: JobSnapshot): void {
  if (!isFinal(snap.state)) return;
  const set = e.waiters.get(entry.rec.id);
  if (!set) return;
  e.waiters.delete(entry.rec.id);
  for (const resolve of set) resolve(snap);
}

/** What `retentionVictims` returns when nothing is over: shared, never written to. */
const NONE: Entry[] = [];

/**
 * Removes from memory the earliest finished jobs beyond each state's `maxCount`, up to
 * `limit` of them; returns them.
 */
function retentionVictims(e: Engine, limit = Number.POSITIVE_INFINITY): Entry[] {
  const { index, retention } = e;
  const succeeded = Math.min(limit, Math.max(0, index.inState('succeeded').size - retention.succeeded));
  const failed = Math.min(limit - succeeded, Math.max(0, index.inState('failed').size - retention.failed));
  const cancelled = Math.min(
    limit - succeeded - failed,
    Math.max(0, index.inState('cancelled').size - retention.cancelled),
  );
  if (succeeded + failed + cancelled === 0) return NONE;
  // Sized to the excess (an array grown by push starts with room for 17, and this runs per
  // finished job), within reason: finished jobs no definition knows count, but are kept.
  const doomed: Entry[] = new Array(Math.min(succeeded + failed + cancelled, 64));
  let n = 0;
  // One call per state, each with its literal: see `JobIndex.finishedOf`.
  if (succeeded > 0) n = e.index.overRetention('succeeded', succeeded, doomed, n);
  if (failed > 0) n = e.index.overRetention('failed', failed, doomed, n);
  if (cancelled > 0) n = e.index.overRetention('cancelled', cancelled, doomed, n);
  // Fewer when some of the earliest are jobs no definition knows: those are kept.
  if (n < doomed.length) doomed.length = n;
  for (const entry of doomed) e.index.remove(entry);
  return doomed;
}

/**
 * Deletes the finished jobs beyond retention (after `start()` or a caller's write, which
 * may have finished many at once), a slice at a time, each slice's deletes in a write of
 * its own: they need not land together.
 */
export async function enforceRetention(e: Engine, slicer: Slicer): Promise<void> {
  for (;;) {
    const doomed = retentionVictims(e, SLICE_ITEMS);
    if (doomed.length === 0) return;
    e.writer.write(
      doomed.map((d) => ({ delete: d.rec.id })),
      { done: () => {} },
    );
    if (doomed.length < SLICE_ITEMS) return;
    await slicer.next();
  }
}

/** A caller's write: nothing changes in memory until it landed; on failure the caller gets a StoreError. */
export function callerWrite(e: Engine, ops: StoreOp[]): Promise<void> {
  return new Promise((resolve, reject) => e.writer.write(ops, { done: resolve, fail: reject }));
}
