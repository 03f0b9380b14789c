import type { JobType, Queue, QueueStats } from '@nightshift/core';
import { queueSource } from './queueSource';
import { sameJson, useQueueSnapshot } from './useQueueSnapshot';

/**
 * The queue's `stats()`: counts by state, per-type runs, failures and durations, windows
 * run and expired. Re-renders when they change; the object stays the same (`===`) while
 * they do not.
 *
 * @param queue - the queue.
 * @returns the current {@link QueueStats}.
 *
 * @example
 * function Badge() {
 *   const { counts } = useQueueStats(queue);
 *   return <span>{counts.enqueued + counts.running} pending</span>;
 * }
 */
export function useQueueStats<Jobs extends readonly JobType[]>(queue: Queue<Jobs>): QueueStats {
  return useQueueSnapshot(queueSource(queue), 'stats', () => queue.stats(), sameJson);
}
