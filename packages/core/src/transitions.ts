import { retryDelay } from './backoff';
import { InvalidPayloadError, PermanentError, RetryLaterError } from './errors';
import { nextPeriodStart, periodContaining, periodDueAt } from './periodic';
import { sealRecord } from './sealRecord';
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

function reduce(rec: JobRecord, action: JobAction): JobRecord {
  switch (action.type) {
    case 'start': {
      const started: JobRecord = { ...rec, state: 'running', updatedAt: action.now };
      // A run that starts after its period ended belongs to the period it runs in: missed periods coalesce.
      if (rec.repeat && rec.periodStart !== undefined && action.now >= rec.periodStart + rec.repeat.everyMs) {
        started.periodStart = periodContaining(rec.anchor ?? rec.periodStart, rec.repeat.everyMs, action.now);
      }
      return started;
    }
    case 'succeed': {
      const base: JobRecord = {
        ...rec,
        attempts: rec.attempts + 1,
        updatedAt: action.now,
        interruptions: 0,
        crashes: 0,
        lastRunMs: action.durationMs,
      };
      delete base.error;
      if (action.result === undefined) delete base.result;
      else base.result = action.result;
      return rec.repeat
        ? nextPeriod(base, action.now)
        : { ...base, state: 'succeeded', finishedAt: action.now };
    }
    case 'retry':
      return {
        ...rec,
        state: 'enqueued',
        attempts: rec.attempts + 1,
        updatedAt: action.now,
        runAt: action.runAt,
        error: action.error,
        interruptions: 0,
        crashes: 0,
      };
    case 'fail': {
      const base: JobRecord = {
        ...rec,
        attempts: rec.attempts + 1,
        updatedAt: action.now,
        error: action.error,
        interruptions: 0,
        crashes: 0,
      };
      return rec.repeat ? nextPeriod(base, action.now) : { ...base, state: 'failed', finishedAt: action.now };
    }
    case 'interrupt':
      return {
        ...rec,
        state: 'enqueued',
        updatedAt: action.now,
        interruptions: rec.interruptions + 1,
        crashes: action.crashed ? (rec.crashes ?? 0) + 1 : (rec.crashes ?? 0),
      };
    case 'cancel':
      return {
        ...rec,
        state: 'cancelled',
        updatedAt: action.now,
        finishedAt: action.now,
        error: action.error,
      };
    case 'dependency-succeeded': {
      const dependencyResults = { ...rec.dependencyResults, [action.id]: action.result ?? null };
      const waiting = (rec.after ?? []).some((id) => !(id in dependencyResults));
      return { ...rec, dependencyResults, state: waiting ? 'blocked' : 'enqueued', updatedAt: action.now };
    }
    case 'checkpoint':
      return { ...rec, checkpoint: action.data, updatedAt: action.now };
    case 'progress':
      return {
        ...rec,
        progress:
          action.message === undefined
            ? { value: action.value }
            : { value: action.value, message: action.message },
      };
  }
}

/** Starts the next period of a periodic job: attempts count per period. */
function nextPeriod(rec: JobRecord, now: number): JobRecord {
  const repeat = rec.repeat!;
  const periodStart = nextPeriodStart(
    rec.anchor ?? rec.runAt,
    rec.periodStart ?? rec.runAt,
    repeat.everyMs,
    now,
  );
  return { ...rec, state: 'enqueued', attempts: 0, periodStart, runAt: periodDueAt(periodStart, repeat) };
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
  if (error instanceof PermanentError || error instanceof InvalidPayloadError) return { final: true };
  if (attempt >= rec.maxAttempts) return { final: true };
  const delay =
    error instanceof RetryLaterError ? error.delayMs : retryDelay(backoff, attempt, error, random);
  const retryAt = now + delay;
  if (rec.repeat && retryAt >= (rec.periodStart ?? rec.runAt) + rec.repeat.everyMs) return { final: true };
  return { retryAt };
}
