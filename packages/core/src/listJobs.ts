import type { Engine } from './engine';
import { InvalidOptionsError } from './errors';
import { type Entry, JOB_STATES } from './jobIndex';
import type { ListFilter } from './queueTypes';
import { snapshotOf } from './snapshot';
import type { JobSnapshot, JobState } from './types';

/**
 * `queue.list(filter)`: the jobs that match, in the order they were made, with nothing
 * sorted per call. With `state`, only the jobs in those states are walked (the index keeps
 * one list per state, in creation order), so a UI that shows the 4 running jobs of a queue
 * holding 100,000 pays for 4 on every change. Without it, the walk is over every job, which
 * all match but for `name` and `tag`. The walk stops at `limit`; a snapshot is made once per
 * change of its job and then shared.
 */
export function listJobs(e: Engine, filter: ListFilter | undefined): JobSnapshot[] {
  const states = statesOf(filter?.state);
  const name = filter?.name;
  const tag = filter?.tag;
  const limit = filter?.limit ?? Number.POSITIVE_INFINITY;
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw new InvalidOptionsError(`list limit must be a number >= 0, got ${String(filter?.limit)}`);
  }
  const matches = (entry: Entry) =>
    (name === undefined || entry.rec.name === name) && (tag === undefined || entry.rec.tags.includes(tag));
  const found: JobSnapshot[] = [];
  if (states === undefined) walkAll(e, matches, limit, found);
  else walkStates(e, states, matches, limit, found);
  return found;
}

function walkAll(e: Engine, matches: (entry: Entry) => boolean, limit: number, found: JobSnapshot[]): void {
  if (!e.index.inOrder) {
    // Never, as jobs are indexed today: every match is needed to sort first.
    const all = [...e.index.entries.values()].filter(matches).sort((a, b) => a.rec.seq - b.rec.seq);
    for (let i = 0; i < all.length && i < limit; i++) found.push(snapshotOf(all[i]!));
    return;
  }
  for (const entry of e.index.entries.values()) {
    if (found.length >= limit) break;
    if (matches(entry)) found.push(snapshotOf(entry));
  }
}

/** Merges the lists of the asked states by `seq`: at most six heads compared per job. */
function walkStates(
  e: Engine,
  states: readonly JobState[],
  matches: (entry: Entry) => boolean,
  limit: number,
  found: JobSnapshot[],
): void {
  const heads: Array<Entry | undefined> = states.map((s) => e.index.inState(s).first());
  while (found.length < limit) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head && (pick < 0 || head.rec.seq < heads[pick]!.rec.seq)) pick = i;
    }
    if (pick < 0) return;
    const entry = heads[pick]!;
    heads[pick] = entry.nextInState;
    if (matches(entry)) found.push(snapshotOf(entry));
  }
}

/** The asked states, each once; a name that is no state is refused, not matched by nothing. */
function statesOf(state: ListFilter['state']): readonly JobState[] | undefined {
  if (state === undefined) return undefined;
  const asked: unknown[] = Array.isArray(state) ? state : [state];
  const out: JobState[] = [];
  for (const s of asked) {
    if (!JOB_STATES.includes(s as JobState)) {
      throw new InvalidOptionsError(
        `list state must be one of ${JOB_STATES.join(', ')}, got ${typeof s === 'string' ? `'${s}'` : String(s)}`,
      );
    }
    if (!out.includes(s as JobState)) out.push(s as JobState);
  }
  return out;
}
