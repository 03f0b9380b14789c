import type { Engine } from './engine';
import { InvalidOptionsError } from './errors';
import type { Entry } from './jobIndex';
import type { ListFilter } from './queueTypes';
import { snapshotOf } from './snapshot';
import type { JobSnapshot, JobState } from './types';

/**
 * `queue.list(filter)`: the jobs that match, in the order they were made. The index keeps
 * its jobs in that order, so nothing is sorted: one pass with a few comparisons per job,
 * which stops at `limit`, and a snapshot per match, made once per change and then shared.
 */
export function listJobs(e: Engine, filter: ListFilter | undefined): JobSnapshot[] {
  const state = filter?.state;
  const states: readonly JobState[] | undefined =
    state === undefined ? undefined : Array.isArray(state) ? state : [state as JobState];
  const name = filter?.name;
  const tag = filter?.tag;
  const limit = filter?.limit ?? Number.POSITIVE_INFINITY;
  if (typeof limit !== 'number' || !(limit >= 0)) {
    throw new InvalidOptionsError(`list limit must be a number >= 0, got ${String(filter?.limit)}`);
  }
  const found: Entry[] = [];
  // Out of order (never, as jobs are indexed today): every match is needed to sort first.
  const stopAt = e.index.inOrder ? limit : Number.POSITIVE_INFINITY;
  for (const entry of e.index.entries.values()) {
    if (found.length >= stopAt) break;
    const rec = entry.rec;
    if (states !== undefined && !states.includes(rec.state)) continue;
    if (name !== undefined && rec.name !== name) continue;
    if (tag !== undefined && !rec.tags.includes(tag)) continue;
    found.push(entry);
  }
  if (!e.index.inOrder) {
    found.sort((a, b) => a.rec.seq - b.rec.seq);
    if (found.length > limit) found.length = limit;
  }
  const out: JobSnapshot[] = new Array(found.length);
  for (let i = 0; i < found.length; i++) out[i] = snapshotOf(found[i]!);
  return out;
}
