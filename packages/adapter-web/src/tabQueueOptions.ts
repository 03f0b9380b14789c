import type { JobType, QueueOptions } from '@nightshift/core';

/**
 * Options of `createTabQueue`: those of `createQueue`, plus the queue's name.
 *
 * @example
 * const queue = createTabQueue({
 *   name: 'app',
 *   platform: createWebPlatform(),
 *   store: createIndexedDbStore({ name: 'app-jobs' }),
 *   jobs: [upload],
 *   handoverTimeoutMs: 5_000,
 * });
 */
export interface TabQueueOptions<Jobs extends readonly JobType[] = readonly JobType[]>
  extends QueueOptions<Jobs> {
  /**
   * The queue's name: one queue per name and origin, shared by every tab, worker and
   * service worker that uses it. It names the Web Lock, the BroadcastChannel and the
   * Background Sync tag (`nightshift:<name>`). Required.
   * @example name: 'app'
   */
  name: string;
  /**
   * How long a call waits while no context runs the jobs (mid-handover) before it rejects
   * with `QueueUnavailableError`; also how long `start()` waits to hear from the running
   * context. Calling again with the same job id is safe.
   * @default 10_000
   * @example handoverTimeoutMs: 5_000
   */
  handoverTimeoutMs?: number;
}
