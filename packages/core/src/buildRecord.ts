import { DEFAULT_RETRY } from './backoff';
import { checkConstraints, checkPositive, checkRetryPolicy } from './checkOptions';
import { InvalidOptionsError } from './errors';
import type { JobType } from './jobType';
import { periodDueAt } from './periodic';
import type { EnqueueOptions } from './queueTypes';
import { SEALED, sealBuiltRecord } from './sealRecord';
import type { JobRecord, Json } from './types';

const OPTION_KEYS = new Set([
  'id',
  'delayMs',
  'runAt',
  'priority',
  'constraints',
  'retry',
  'timeoutMs',
  'tags',
  'uniqueKey',
  'onConflict',
  'repeat',
  'after',
]);

/** Checks `enqueue` options; throws `InvalidOptionsError` for anything off. Pure. */
export function checkEnqueueOptions(options: EnqueueOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionsError('enqueue options must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new InvalidOptionsError(`unknown enqueue option "${key}"`);
  }
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) {
    throw new InvalidOptionsError('id must be a non-empty string');
  }
  if (options.delayMs !== undefined && options.runAt !== undefined) {
    throw new InvalidOptionsError('give delayMs or runAt, not both');
  }
  if (options.delayMs !== undefined) checkPositive(options.delayMs, 'delayMs', true);
  if (options.runAt !== undefined) checkPositive(options.runAt, 'runAt', true);
  if (options.priority !== undefined && !Number.isInteger(options.priority)) {
    throw new InvalidOptionsError('priority must be an integer');
  }
  if (options.constraints !== undefined) checkConstraints(options.constraints, 'enqueue');
  if (options.retry !== undefined) checkRetryPolicy(options.retry, 'enqueue');
  if (options.timeoutMs !== undefined) checkPositive(options.timeoutMs, 'timeoutMs');
  if (
    options.tags !== undefined &&
    !(Array.isArray(options.tags) && options.tags.every((t) => typeof t === 'string'))
  ) {
    throw new InvalidOptionsError('tags must be an array of strings');
  }
  if (
    options.uniqueKey !== undefined &&
    (typeof options.uniqueKey !== 'string' || options.uniqueKey === '')
  ) {
    throw new InvalidOptionsError('uniqueKey must be a non-empty string');
  }
  if (options.onConflict !== undefined) {
    if (!['keep', 'replace', 'append'].includes(options.onConflict)) {
      throw new InvalidOptionsError("onConflict must be 'keep', 'replace' or 'append'");
    }
    if (options.uniqueKey === undefined) throw new InvalidOptionsError('onConflict needs a uniqueKey');
  }
  if (options.repeat !== undefined) {
    const { everyMs, flexMs } = options.repeat;
    checkPositive(everyMs, 'repeat.everyMs');
    if (flexMs !== undefined) {
      checkPositive(flexMs, 'repeat.flexMs');
      if (flexMs > everyMs) throw new InvalidOptionsError('repeat.flexMs cannot exceed repeat.everyMs');
    }
  }
  if (options.after !== undefined) {
    if (!(Array.isArray(options.after) && options.after.every((id) => typeof id === 'string'))) {
      throw new InvalidOptionsError('after must be an array of job ids');
    }
  }
}

/** The record of a new job, from its type, payload and checked options. Pure. */
export function buildRecord(
  type: JobType,
  payload: Json,
  options: EnqueueOptions,
  fields: { id: string; now: number; seq: number; everyMs?: number },
): JobRecord {
  const { id, now, seq } = fields;
  const start = options.runAt ?? now + (options.delayMs ?? 0);
  const after = options.after && options.after.length > 0 ? [...new Set(options.after)] : undefined;
  let repeat: JobRecord['repeat'];
  if (options.repeat) {
    const everyMs = fields.everyMs ?? options.repeat.everyMs;
    repeat = { everyMs, flexMs: Math.min(options.repeat.flexMs ?? everyMs, everyMs) };
  }
  let retry: JobRecord['retry'];
  if (
    options.retry &&
    (options.retry.maxAttempts !== undefined || typeof options.retry.backoff === 'object')
  ) {
    retry = {};
    if (options.retry.maxAttempts !== undefined) retry.maxAttempts = options.retry.maxAttempts;
    if (typeof options.retry.backoff === 'object') retry.backoff = { ...options.retry.backoff };
  }
  // Every field, in the order transitions copy them: all records share one shape.
  const rec: JobRecord & { [SEALED]: true } = {
    id,
    name: type.name,
    payload,
    state: after ? 'blocked' : 'enqueued',
    attempts: 0,
    maxAttempts: options.retry?.maxAttempts ?? type.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts,
    createdAt: now,
    updatedAt: now,
    runAt: repeat ? periodDueAt(start, repeat) : start,
    priority: options.priority ?? type.priority ?? 0,
    tags: options.tags && options.tags.length > 0 ? [...options.tags] : NO_TAGS,
    uniqueKey: options.uniqueKey,
    repeat,
    after,
    progress: undefined,
    result: undefined,
    error: undefined,
    interruptions: 0,
    seq,
    constraints: options.constraints ? { ...options.constraints } : undefined,
    retry,
    timeoutMs: options.timeoutMs,
    checkpoint: undefined,
    crashes: undefined,
    dependencyResults: undefined,
    periodStart: repeat ? start : undefined,
    anchor: repeat ? start : undefined,
    finishedAt: undefined,
    lastRunMs: undefined,
    [SEALED]: true,
  };
  return sealBuiltRecord(rec);
}

/** Shared by every job enqueued without tags; frozen, so sharing it is safe. */
const NO_TAGS: string[] = Object.freeze([]) as unknown as string[];
