import { type JobSnapshot, UnknownJobError } from '@nightshift/core';
import type { Mirror } from './mirror';

/**
 * `waitFor` in a tab that does not run the jobs: settles when the mirror sees the job
 * final. The waiter is in place before the mirror is read, so no completion is missed. For
 * an id the mirror lacks, `has` asks the running context; an id it never had rejects with
 * `UnknownJobError`.
 */
export function mirrorWaitFor(
  mirror: Mirror,
  id: string,
  signal: AbortSignal | undefined,
  has: () => Promise<unknown>,
): Promise<JobSnapshot> {
  return new Promise<JobSnapshot>((resolve, reject) => {
    const fail = (error: unknown) => {
      stopWaiting();
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => fail(signal!.reason);
    const stopWaiting = mirror.wait(id, {
      resolve: (job) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(job);
      },
      reject: fail,
    });
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (mirror.get(id)) return;
    // Not mirrored (yet): ask the running context whether the id is known at all.
    has().then((known) => {
      if (!known && !mirror.get(id)) fail(new UnknownJobError(`this queue never had a job with id "${id}"`));
    }, fail);
  });
}
