import { retryDelay } from './backoff';
import { isNightshiftError } from './errors';
import { nextPeriodStart, periodContaining, periodDueAt } from './periodic';
import { SEALED, sealRecord } from './sealRecord';
import type { JobRecord, Json, RetryPolicy, SerializedError } from './types';

/** Every change a job can go through. The engine changes records only through {@link transition}. */
export type JobAction =
  | { type: 'start'; now: number }
  | { type: 'succeed'; now: number; result: Json | undefined; durationMs: number }
  | { type: 'retry'; now: number; error: SerializedError; runAt: number }
  | { type: 'fail'; now: number; error: SerializedError }
  | { type: 'interrupt'; now: number; crashed: boolean }
  | { type: 'cancel'; now: number; error: SerializedError }
  | { type: 'dependency-succeeded'; now: number; id: string; result: Json | undefined }
  | { type: 'checkpoint'; now: number; data: Json }
  | { type: 'progress'; value: number; message: string | undefined };

/** The reducer of job records: pure, returns a new record, never mutates. */
export function transition(rec: JobRecord, action: JobAction): JobRecord {
  return sealRecord(reduce(rec, action));
}

/**
 * A copy with every field in one fixed order: every record then shares one shape, which
 * keeps this hot path monomorphic (an object spread of records with varying optional
 * fields is not). Absent optional fields are `undefined`, which JSON leaves out.
 */
function copy(rec: JobRecord): JobRecord {
  const next: JobRecord & { [SEALED]: true } = {
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
    uniqueKey: rec.uniqueKey,
    repeat: rec.repeat,
    after: rec.after,
    progress: rec.progress,
    result: rec.result,
    error: rec.error,
    interruptions: rec.interruptions,
    seq: rec.seq,
    constraints: rec.constraints,
    retry: rec.retry,
    timeoutMs: rec.timeoutMs,
    checkpoint: rec.checkpoint,
    crashes: rec.crashes,
    dependencyResults: rec.dependencyResults,
    periodStart: rec.periodStart,
    anchor: rec.anchor,
    finishedAt: rec.finishedAt,
    lastRunMs: rec.lastRunMs,
    [SEALED]: true,
  };
  return next;
}

// V8 keeps a field that has only ever held numbers as a double boxed in each object, so a
// copy would allocate a new box for every time field of every record. One record that held
// `undefined` there makes these fields tagged for every record of this shape: copies then
// share the boxes, and a new record shares one box among `createdAt`, `updatedAt` and `runAt`.
copy({} as JobRecord);

function reduce(rec: JobRecord, action: JobAction): JobRecord {
  const next = copy(rec);
  switch (action.type) {
    case 'start':
      next.state = 'running';
      next.updatedAt = action.now;
      // A run that starts after its period ended belongs to the period it runs in: missed periods coalesce.
      if (rec.repeat && rec.periodStart !== undefined && action.now >= rec.periodStart + rec.repeat.everyMs) {
        next.periodStart = periodContaining(rec.anchor ?? rec.periodStart, rec.repeat.everyMs, action.now);
      }
      return next;
    case 'succeed':
      next.attempts = rec.attempts + 1;
      next.updatedAt = action.now;
      next.interruptions = 0;
      next.crashes = 0;
      next.lastRunMs = action.durationMs;
      next.error = undefined;
      next.result = action.result;
      if (rec.repeat) return nextPeriod(next, action.now);
      next.state = 'succeeded';
      next.finishedAt = action.now;
      return next;
    case 'retry':
      next.state = 'enqueued';
      next.attempts = rec.attempts + 1;
      next.updatedAt = action.now;
      next.runAt = action.runAt;
      next.error = action.error;
      next.interruptions = 0;
      next.crashes = 0;
      return next;
    case 'fail':
      next.attempts = rec.attempts + 1;
      next.updatedAt = action.now;
      next.error = action.error;
      next.interruptions = 0;
      next.crashes = 0;
      if (rec.repeat) return nextPeriod(next, action.now);
      next.state = 'failed';
      next.finishedAt = action.now;
      return next;
    case 'interrupt':
      next.state = 'enqueued';
      next.updatedAt = action.now;
      next.interruptions = rec.interruptions + 1;
      next.crashes = action.crashed ? (rec.crashes ?? 0) + 1 : (rec.crashes ?? 0);
      return next;
    case 'cancel':
      next.state = 'cancelled';
      next.updatedAt = action.now;
      next.finishedAt = action.now;
      next.error = action.error;
      return next;
    case 'dependency-succeeded': {
      const dependencyResults = { ...rec.dependencyResults, [action.id]: action.result ?? null };
      next.dependencyResults = dependencyResults;
      // Own keys only: an id may be `constructor` or `toString`.
      next.state = (rec.after ?? []).some((id) => !Object.hasOwn(dependencyResults, id))
        ? 'blocked'
        : 'enqueued';
      next.updatedAt = action.now;
      return next;
    }
    case 'checkpoint':
      next.checkpoint = action.data;
      next.updatedAt = action.now;
      return next;
    case 'progress':
      next.progress =
        action.message === undefined
          ? { value: action.value }
          : { value: action.value, message: action.message };
      return next;
  }
}

/** Moves a fresh copy on to the next period of a periodic job: attempts count per period. */
function nextPeriod(rec: JobRecord, now: number): JobRecord {
  const repeat = rec.repeat!;
  const periodStart = nextPeriodStart(
    rec.anchor ?? rec.runAt,
    rec.periodStart ?? rec.runAt,
    repeat.everyMs,
    now,
  );
  rec.state = 'enqueued';
  rec.attempts = 0;
  rec.periodStart = periodStart;
  rec.runAt = periodDueAt(periodStart, repeat);
  return rec;
}

/**
 * What follows a failed attempt: a retry at an instant, or the end (of the job, or of the
 * period for a periodic job). Pure: `random` is the platform's.
 */
export function afterFailure(
  rec: JobRecord,
  error: unknown,
  now: number,
  backoff: RetryPolicy['backoff'],
  random: () => number,
): { retryAt: number } | { final: true } {
  const attempt = rec.attempts + 1;
  // By brand, not instanceof: the handler may throw an error from another copy of the package.
  if (isNightshiftError(error, 'PERMANENT') || isNightshiftError(error, 'INVALID_PAYLOAD'))
    return { final: true };
  if (attempt >= rec.maxAttempts) return { final: true };
  const delay = isNightshiftError(error, 'RETRY_LATER')
    ? error.delayMs
    : retryDelay(backoff, attempt, error, random);
  const retryAt = now + delay;
  if (rec.repeat && retryAt >= (rec.periodStart ?? rec.runAt) + rec.repeat.everyMs) return { final: true };
  return { retryAt };
}
