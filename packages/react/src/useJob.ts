import type { AnySnapshot, JobType, Queue } from '@nightshift/core';
import { queueSource } from './queueSource';
import { sameJson, useQueueSnapshot } from './useQueueSnapshot';

/**
 * The current snapshot of one job, re-rendering only when that job changes.
 *
 * Reads `queue.get(id)` through `useSyncExternalStore` on `queue.subscribe`; the snapshot
 * object stays the same (`===`) until the job changes, so it can go into dependency lists
 * and `React.memo` props. Changes to other jobs do not re-render the component.
 *
 * @param queue - the queue, started or not.
 * @param id - the job's id; `undefined` or `null` gives `undefined` (handy before an
 *   `enqueue` resolved).
 * @returns the job's snapshot, or `undefined` for an id the queue does not hold.
 *
 * @example
 * function UploadProgress({ id }: { id: string }) {
 *   const job = useJob(queue, id);
 *   if (!job) return null;
 *   return <progress value={job.progress?.value ?? 0} />;
 * }
 */
export function useJob<Jobs extends readonly JobType[]>(
  queue: Queue<Jobs>,
  id: string | null | undefined,
): AnySnapshot<Jobs> | undefined {
  return useQueueSnapshot(
    queueSource(queue),
    id ?? '',
    () => (id == null ? undefined : queue.get(id)),
    sameJson,
  );
}
