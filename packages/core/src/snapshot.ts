import type { Entry } from './jobIndex';
import type { JobRecord, JobSnapshot } from './types';

/** Freezes a JSON value in depth; records share their payloads with snapshots, so neither may change. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The public, frozen view of a record: the engine's own fields stay private. */
export function toSnapshot(rec: JobRecord): JobSnapshot {
  const snap: {
    -readonly [K in keyof JobSnapshot]: JobSnapshot[K];
  } = {
    id: rec.id,
    name: rec.name,
    payload: rec.payload,
    state: rec.state,
    attempts: rec.attempts,
    maxAttempts: rec.maxAttempts,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    runAt: rec.runAt,
    priority: rec.priority,
    tags: rec.tags,
    interruptions: rec.interruptions,
  };
  if (rec.uniqueKey !== undefined) snap.uniqueKey = rec.uniqueKey;
  if (rec.repeat) snap.repeat = rec.repeat;
  if (rec.after) snap.after = rec.after;
  if (rec.progress) snap.progress = rec.progress;
  if (rec.result !== undefined) snap.result = rec.result;
  if (rec.error) snap.error = rec.error;
  return Object.freeze(snap);
}

/** The job's snapshot, made once per change and then shared, so UIs see stable objects. */
export function snapshotOf(entry: Entry): JobSnapshot {
  if (!entry.snap) entry.snap = toSnapshot(entry.rec);
  return entry.snap;
}
