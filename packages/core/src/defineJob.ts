import { checkConstraints, checkPositive, checkRetryPolicy } from './checkOptions';
import { InvalidOptionsError } from './errors';
import type { JobDefinition, JobType, JsonChecked } from './jobType';

/**
 * Defines a job type. The payload and result types are inferred from `run` and flow into
 * `enqueue`, `get`, `waitFor` and the queue's events. Both must be JSON, as the queue
 * stores them: a payload or result type with a `Date`, a `bigint`, a function, a `Map` or a
 * required key that may be `undefined` is a type error that names the path
 * (`payload is not JSON: $.when is a Date: …`).
 *
 * @example
 * const syncInbox = defineJob({
 *   name: 'sync-inbox',
 *   constraints: { network: 'connected' },
 *   async run(payload: { since: number }, ctx) {
 *     const res = await fetch(`/inbox?since=${payload.since}`, { signal: ctx.signal });
 *     return { count: (await res.json()).length };
 *   },
 * });
 */
export function defineJob<const Name extends string, P, R>(
  definition: JobDefinition<Name, P, R> & JsonChecked<P, Awaited<R>>,
): JobType<Name, P, Awaited<R>> {
  if (!definition || typeof definition.name !== 'string' || definition.name === '') {
    throw new InvalidOptionsError('defineJob needs a non-empty `name`');
  }
  if (typeof definition.run !== 'function') {
    throw new InvalidOptionsError(`job "${definition.name}" needs a \`run\` function`);
  }
  const where = `job "${definition.name}"`;
  if (definition.constraints !== undefined) checkConstraints(definition.constraints, where);
  if (definition.retry !== undefined) checkRetryPolicy(definition.retry, where);
  if (definition.timeoutMs !== undefined) checkPositive(definition.timeoutMs, `${where} timeoutMs`);
  if (definition.estimatedDurationMs !== undefined) {
    checkPositive(definition.estimatedDurationMs, `${where} estimatedDurationMs`, true);
  }
  if (definition.priority !== undefined && !Number.isInteger(definition.priority)) {
    throw new InvalidOptionsError(`${where} priority must be an integer`);
  }
  if (
    definition.concurrency !== undefined &&
    !(Number.isInteger(definition.concurrency) && definition.concurrency >= 1)
  ) {
    throw new InvalidOptionsError(`${where} concurrency must be an integer >= 1`);
  }
  return Object.freeze({ ...definition, kind: JOB_KIND }) as JobType<Name, P, Awaited<R>>;
}

// A plain string, not a class or a private symbol: a job type made by another copy of the
// package (its ESM build next to its CommonJS one) carries the same mark.
const JOB_KIND = 'nightshift.job';

/**
 * Whether `value` is a job type made by `defineJob`, from any copy of the package.
 *
 * @example
 * const jobs = Object.values(await import('./jobs')).filter(isJobType);
 */
export function isJobType(value: unknown): value is JobType {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === JOB_KIND &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { run?: unknown }).run === 'function'
  );
}
