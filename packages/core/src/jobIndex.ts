import { constraintsKey } from './constraints';
import { Heap, type HeapItem } from './heap';
import type { JobType } from './jobType';
import type { Run } from './run';
import { StateList, type StateListItem } from './stateList';
import type { BackoffFunction, Constraints, JobRecord, JobSnapshot, JobState } from './types';

/** A job's live state in the engine. */
export interface Entry extends HeapItem, StateListItem {
  rec: JobRecord;
  /** Undefined for a stored job whose name no definition knows: it is kept, never run. */
  type: JobType | undefined;
  snap: JobSnapshot | undefined;
  /** The heap it waits in: the timeline, or its group's once due. */
  heap: Heap<Entry> | undefined;
  run: Run | undefined;
  /**
   * Its last run, aborted while its handler had not settled: the job does not start again
   * until it has, so one job never runs twice at once (a handler may ignore its signal).
   */
  unsettled: Run | undefined;
  /** A function backoff from `enqueue` options cannot be stored; it lives here until a restart. */
  backoffFn: BackoffFunction | undefined;
  /** A caller's write (cancel) is in flight for this job: it must not start meanwhile. */
  locked: boolean;
  /** The key of the group of due jobs it joins (type and constraints), once worked out. */
  groupKey: string | undefined;
}

/** A new entry, with every field set: all entries share one shape, so V8 reads them fast. */
export function newEntry(rec: JobRecord, type: JobType | undefined, backoffFn?: BackoffFunction): Entry {
  return {
    rec,
    type,
    snap: undefined,
    heap: undefined,
    heapIndex: -1,
    prevInState: undefined,
    nextInState: undefined,
    run: undefined,
    unsettled: undefined,
    backoffFn,
    locked: false,
    groupKey: undefined,
  };
}

/** Due jobs of one type that need the same things: the scheduler compares only their heads. */
export interface Group {
  key: string;
  type: JobType;
  constraints: Constraints | undefined;
  heap: Heap<Entry>;
}

/**
 * Every state a job can be in, in the order of its life: for a UI that offers a filter per
 * state, and for checking a state that came from outside before `queue.list({ state })`.
 *
 * @example
 * for (const state of JOB_STATES) console.log(state, queue.list({ state, limit: 0 }).length);
 */
export const JOB_STATES: readonly JobState[] = [
  'enqueued',
  'blocked',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

/** Compared, not looked up in a set: this runs several times per job. */
export const isFinal = (state: JobState) =>
  state === 'succeeded' || state === 'failed' || state === 'cancelled';

const byRunAt = (a: Entry, b: Entry) =>
  a.rec.runAt < b.rec.runAt || (a.rec.runAt === b.rec.runAt && a.rec.seq < b.rec.seq);
const byPriority = (a: Entry, b: Entry) =>
  a.rec.priority > b.rec.priority || (a.rec.priority === b.rec.priority && byRunAt(a, b));

export function effectiveConstraints(entry: Entry): Constraints | undefined {
  return entry.rec.constraints ?? entry.type?.constraints;
}

/**
 * Every job the queue holds, with the indexes the scheduler needs: a heap of jobs not yet
 * due (by `runAt`), one heap of due jobs per group, unique keys, dependents and the order
 * finished jobs leave in. Picking the next job costs O(groups + log n), never a scan.
 * `entries` keeps the order the jobs were made in.
 */
export class JobIndex {
  readonly entries = new Map<string, Entry>();
  readonly timeline = new Heap<Entry>(byRunAt);
  readonly groups = new Map<string, Group>();
  /** Unfinished holders of each unique key, oldest first. */
  readonly unique = new Map<string, string[]>();
  /** Blocked jobs waiting on each id. */
  readonly dependents = new Map<string, Set<string>>();
  /**
   * Whether `entries` is in the order the jobs were made (`seq`): `start()` adds them in
   * that order and every enqueue after them, so `list()` needs no sort. Kept honest, in case.
   */
  inOrder = true;
  private lastSeq = Number.NEGATIVE_INFINITY;
  private readonly typeKeys = new Map<JobType, string>();
  // Named fields reached through a switch, not `obj[state]`: an access keyed by a varying
  // string is megamorphic in V8, and these run a few times per job.
  private readonly succeeded = new FinishedList();
  private readonly failed = new FinishedList();
  private readonly cancelled = new FinishedList();
  private readonly inEnqueued = new StateList<Entry>();
  private readonly inBlocked = new StateList<Entry>();
  private readonly inRunning = new StateList<Entry>();
  private readonly inSucceeded = new StateList<Entry>();
  private readonly inFailed = new StateList<Entry>();
  private readonly inCancelled = new StateList<Entry>();

  add(entry: Entry, now: number): void {
    this.entries.set(entry.rec.id, entry);
    if (entry.rec.seq < this.lastSeq) this.inOrder = false;
    else this.lastSeq = entry.rec.seq;
    this.inState(entry.rec.state).add(entry);
    if (entry.rec.uniqueKey !== undefined && !isFinal(entry.rec.state)) {
      const holders = this.unique.get(entry.rec.uniqueKey);
      if (holders) holders.push(entry.rec.id);
      else this.unique.set(entry.rec.uniqueKey, [entry.rec.id]);
    }
    if (entry.rec.state === 'blocked') this.watchDependencies(entry);
    this.place(entry, now);
  }

  /** Replaces a job's record and keeps every index in step with it. */
  update(entry: Entry, rec: JobRecord, now: number): void {
    const before = entry.rec;
    entry.rec = rec;
    entry.snap = undefined;
    if (before.state !== rec.state) {
      this.inState(before.state).delete(entry);
      this.inState(rec.state).add(entry);
      if (isFinal(rec.state)) {
        this.noteFinished(entry);
        if (rec.uniqueKey !== undefined) this.releaseKey(rec.uniqueKey, rec.id);
      }
      if (before.state === 'blocked') this.unwatchDependencies(entry);
      if (rec.state === 'blocked') this.watchDependencies(entry);
    }
    this.place(entry, now);
  }

  remove(entry: Entry): void {
    this.unplace(entry);
    this.entries.delete(entry.rec.id);
    this.inState(entry.rec.state).delete(entry);
    if (entry.rec.uniqueKey !== undefined && !isFinal(entry.rec.state))
      this.releaseKey(entry.rec.uniqueKey, entry.rec.id);
    if (entry.rec.state === 'blocked') this.unwatchDependencies(entry);
  }

  /** Puts a waiting job where the scheduler looks: the timeline until due, then its group. */
  place(entry: Entry, now: number): void {
    this.unplace(entry);
    if (entry.rec.state !== 'enqueued' || !entry.type || entry.locked || entry.unsettled) return;
    if (entry.rec.runAt <= now) this.pushReady(entry);
    else {
      entry.heap = this.timeline;
      this.timeline.push(entry);
    }
  }

  unplace(entry: Entry): void {
    entry.heap?.remove(entry);
    entry.heap = undefined;
  }

  /** Moves every job due by `now` from the timeline into its group. */
  promote(now: number): void {
    for (let top = this.timeline.peek(); top && top.rec.runAt <= now; top = this.timeline.peek()) {
      this.timeline.pop();
      this.pushReady(top);
    }
  }

  /** Records a job that just became final, so retention can delete the earliest first. */
  noteFinished(entry: Entry): void {
    this.finishedOf(entry.rec.state)?.entries.push(entry);
  }

  /**
   * Puts in `out` from `at` on the earliest finished jobs of `state`, up to `excess` of them;
   * returns where `out` ends. A finished job leaves the index only through here, so every
   * entry from `head` on is still held: no lookup by id needed.
   */
  overRetention(
    state: 'succeeded' | 'failed' | 'cancelled',
    excess: number,
    out: Entry[],
    at: number,
  ): number {
    const list = this.finishedOf(state)!;
    const { entries } = list;
    let head = list.head;
    while (excess > 0 && head < entries.length) {
      const entry = entries[head]!;
      // Dropped as it is passed, so the list does not keep deleted jobs alive.
      entries[head++] = undefined;
      // A job no definition knows stays stored and untouched.
      if (entry.type) {
        out[at++] = entry;
        excess--;
      }
    }
    if (head > 1024 && head * 2 > entries.length) {
      entries.splice(0, head);
      head = 0;
    }
    list.head = head;
    return at;
  }

  private finishedOf(state: JobState): FinishedList | undefined {
    if (state === 'succeeded') return this.succeeded;
    if (state === 'failed') return this.failed;
    if (state === 'cancelled') return this.cancelled;
    return undefined;
  }

  /** The jobs in `state`, in the order they were made: `list({ state })` walks only these. Most frequent states first. */
  inState(state: JobState): StateList<Entry> {
    if (state === 'enqueued') return this.inEnqueued;
    if (state === 'running') return this.inRunning;
    if (state === 'succeeded') return this.inSucceeded;
    if (state === 'blocked') return this.inBlocked;
    if (state === 'failed') return this.inFailed;
    return this.inCancelled;
  }

  /** How many jobs are in each state. */
  counts(): Record<JobState, number> {
    return {
      enqueued: this.inEnqueued.size,
      blocked: this.inBlocked.size,
      running: this.inRunning.size,
      succeeded: this.inSucceeded.size,
      failed: this.inFailed.size,
      cancelled: this.inCancelled.size,
    };
  }

  private pushReady(entry: Entry): void {
    // A job's type and constraints never change: its group key is worked out once.
    let key = entry.groupKey;
    if (key === undefined) {
      // Most jobs use their type's constraints: that key is made once per type.
      if (entry.rec.constraints === undefined) {
        key = this.typeKeys.get(entry.type!);
        if (key === undefined) {
          key = `${entry.rec.name}\u0000${constraintsKey(entry.type!.constraints)}`;
          this.typeKeys.set(entry.type!, key);
        }
      } else {
        key = `${entry.rec.name}\u0000${constraintsKey(entry.rec.constraints)}`;
      }
      entry.groupKey = key;
    }
    let group = this.groups.get(key);
    if (!group) {
      group = {
        key,
        type: entry.type!,
        constraints: effectiveConstraints(entry),
        heap: new Heap<Entry>(byPriority),
      };
      this.groups.set(key, group);
    }
    entry.heap = group.heap;
    group.heap.push(entry);
  }

  private releaseKey(key: string, id: string): void {
    const holders = this.unique.get(key);
    if (!holders) return;
    const i = holders.indexOf(id);
    if (i >= 0) holders.splice(i, 1);
    if (holders.length === 0) this.unique.delete(key);
  }

  private watchDependencies(entry: Entry): void {
    const done = entry.rec.dependencyResults ?? {};
    for (const id of entry.rec.after ?? []) {
      if (Object.hasOwn(done, id)) continue;
      let set = this.dependents.get(id);
      if (!set) this.dependents.set(id, (set = new Set()));
      set.add(entry.rec.id);
    }
  }

  private unwatchDependencies(entry: Entry): void {
    for (const id of entry.rec.after ?? []) {
      const set = this.dependents.get(id);
      if (!set) continue;
      set.delete(entry.rec.id);
      if (set.size === 0) this.dependents.delete(id);
    }
  }
}

/** Jobs that finished in one state, in the order they finished; `head` is the first not yet looked at. */
class FinishedList {
  entries: Array<Entry | undefined> = [];
  head = 0;
}
