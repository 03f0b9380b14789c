import { assertJson, type EnqueueOptions, InvalidOptionsError, type JobType } from '@nightshift/core';
import { randomId } from './names';

/** Refuses, in every tab alike, a function backoff in enqueue options: it could not reach another tab. */
export function refuseFunctionBackoff(options: EnqueueOptions | undefined): void {
  if (typeof options?.retry?.backoff === 'function') {
    throw new InvalidOptionsError(
      'a tab queue cannot take a function retry.backoff in enqueue options: it could not reach the tab ' +
        'that runs the jobs. Give the job type the function instead.',
    );
  }
}

/** One job as a forwarding tab sends it. */
export interface ForwardedJob {
  /** The job type's name: a job type object cannot cross to another tab. */
  name: string | undefined;
  /** The options, with the job id. */
  options: EnqueueOptions & { id: string };
  /** Whether this tab made the id (the caller gave none). */
  made: boolean;
}

/**
 * What a forwarding tab sends for one job: the type's name, and the options with the id
 * made here when the caller chose none, so that a call sent again is the same job. The
 * payload is checked here, as the core would: structured clone would turn a class instance
 * into a plain object, and reject a function with an unrelated error.
 */
export function forwardedJob(
  type: unknown,
  payload: unknown,
  options: EnqueueOptions | undefined,
): ForwardedJob {
  refuseFunctionBackoff(options);
  assertJson(payload);
  return {
    name: typeof type === 'string' ? type : (type as JobType | undefined)?.name,
    options: { ...options, id: options?.id ?? randomId() },
    made: options?.id === undefined,
  };
}
