import { checkConstraints, checkPositive, checkRetryPolicy } from './checkOptions';
import { InvalidOptionsError } from './errors';
import type { JobDefinition, JobType } from './jobType';

/**
 * Defines a job type. The payload and result types are inferred from `run` and flow into
 * `enqueue`, `get`, `waitFor` and the queue's events.
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
  definition: JobDefinition<Name, P, R>,
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
  return Object.freeze({ ...definition, kind: 'nightshift.job' as const }) as JobType<Name, P, Awaited<R>>;
}
