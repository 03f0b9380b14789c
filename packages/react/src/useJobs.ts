import type { AnySnapshot, JobState, JobType, ListFilter, Queue } from '@nightshift/core';
import { queueSource } from './queueSource';
import { sameList, useQueueSnapshot } from './useQueueSnapshot';

/**
 * A stable string for a filter, so an object written inline in JSX (a new one every render)
 * counts as the same filter when its values are.
 */
export function filterKey(filter: ListFilter = {}): string {
  const states: JobState[] | undefined =
    filter.state === undefined
      ? undefined
      : Array.isArray(filter.state)
        ? [...filter.state].sort()
        : [filter.state];
  return JSON.stringify([states ?? null, filter.name ?? null, filter.tag ?? null, filter.limit ?? null]);
}

/**
 * The jobs that match `filter`, ordered by creation, as `queue.list(filter)` returns them;
 * re-renders when that list changes.
 *
 * The filter is compared by value: pass it inline without `useMemo`. The returned array
 * stays the same (`===`) while the list is unchanged, also when other jobs change.
 *
 * @param queue - the queue.
 * @param filter - `{ state?, name?, tag?, limit? }`; `state` may be one state or several;
 *   `limit` keeps the first jobs made, so a long queue costs a render only what it shows.
 *   @default all jobs
 * @returns a read-only array of snapshots.
 *
 * @example
 * function Failed() {
 *   const failed = useJobs(queue, { state: 'failed' });
 *   return <ul>{failed.map((job) => <li key={job.id}>{job.error?.message}</li>)}</ul>;
 * }
 */
export function useJobs<Jobs extends readonly JobType[]>(
  queue: Queue<Jobs>,
  filter?: ListFilter,
): readonly AnySnapshot<Jobs>[] {
  const key = filterKey(filter);
  return useQueueSnapshot(queueSource(queue), key, () => queue.list(filter), sameList);
}
