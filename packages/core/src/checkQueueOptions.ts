import { isJobType } from './defineJob';
import { InvalidOptionsError } from './errors';
import type { QueueOptions } from './queueTypes';

/** Checks `createQueue` options synchronously; throws `InvalidOptionsError` for the first problem. */
export function checkQueueOptions(options: QueueOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new InvalidOptionsError('createQueue needs an options object');
  const { platform, jobs } = options;
  if (
    !platform ||
    typeof platform.clock?.now !== 'function' ||
    typeof platform.clock?.setTimer !== 'function'
  ) {
    throw new InvalidOptionsError(
      'createQueue needs a `platform` with a clock (now() and setTimer()): pass `systemPlatform()` from ' +
        '@nightshift/core (Node, Bun, Deno, a web page), `createReactNativePlatform()` from ' +
        '@nightshift/adapter-rn, or `createMemoryPlatform()` from @nightshift/adapter-memory in tests',
    );
  }
  if (!Array.isArray(jobs)) {
    throw new InvalidOptionsError(
      'createQueue needs `jobs`: an array of the job types made with defineJob()',
    );
  }
  const names = new Set<string>();
  for (const [i, job] of jobs.entries()) {
    if (!isJobType(job)) {
      throw new InvalidOptionsError(`jobs[${i}] is not a job type: make each one with defineJob()`);
    }
    if (names.has(job.name)) throw new InvalidOptionsError(`two job types are named "${job.name}"`);
    names.add(job.name);
  }
  const { concurrency, maxPayloadBytes, windowSafetyMarginMs, retention, store } = options;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new InvalidOptionsError(`concurrency must be an integer >= 1, got ${String(concurrency)}`);
  }
  if (maxPayloadBytes !== undefined && !(Number.isInteger(maxPayloadBytes) && maxPayloadBytes > 0)) {
    throw new InvalidOptionsError('maxPayloadBytes must be a positive integer');
  }
  if (
    windowSafetyMarginMs !== undefined &&
    !(Number.isFinite(windowSafetyMarginMs) && windowSafetyMarginMs >= 0)
  ) {
    throw new InvalidOptionsError('windowSafetyMarginMs must be a finite number >= 0');
  }
  if (retention !== undefined) {
    if (typeof retention !== 'object' || retention === null)
      throw new InvalidOptionsError('retention must be an object');
    for (const [state, rule] of Object.entries(retention)) {
      if (!['succeeded', 'failed', 'cancelled'].includes(state)) {
        throw new InvalidOptionsError(`retention has an unknown state "${state}"`);
      }
      if (!rule || !(Number.isInteger(rule.maxCount) && rule.maxCount >= 0)) {
        throw new InvalidOptionsError(`retention.${state}.maxCount must be an integer >= 0`);
      }
    }
  }
  if (store !== undefined && (typeof store?.load !== 'function' || typeof store?.write !== 'function')) {
    throw new InvalidOptionsError('store needs load() and write()');
  }
  if (options.logger !== undefined && typeof options.logger?.error !== 'function') {
    throw new InvalidOptionsError('logger needs debug, info, warn and error methods');
  }
}
