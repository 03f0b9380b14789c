import type { AppState, OsScheduler, Platform } from '@nightshift/core';
import { createWebConditions } from './createWebConditions';
import { webClock } from './webClock';
import { webYieldToHost } from './webYieldToHost';

/**
 * Options of {@link createWebPlatform}.
 *
 * @example
 * const platform = createWebPlatform({ scheduler: backgroundSyncScheduler({ serviceWorker: '/sw.js' }) });
 */
export interface WebPlatformOptions {
  /**
   * Wake-ups while no tab runs the jobs: `backgroundSyncScheduler(...)` hands due jobs to
   * a service worker's Background Sync where the browser has it.
   * @default none: jobs run while a tab of the origin is open
   * @example scheduler: backgroundSyncScheduler({ serviceWorker: '/sw.js' })
   */
  scheduler?: OsScheduler;
  /**
   * The app state where the context has no document (see `createWebConditions`).
   * @default 'background' in a service worker, 'active' in other workers
   * @example appState: 'active'
   */
  appState?: AppState;
}

/**
 * The browser platform, for a page, a dedicated worker or a service worker: the real
 * clock (`webClock`), the conditions the context can see (`createWebConditions`:
 * visibility, `navigator.onLine`, the Network Information and Battery Status APIs where
 * they exist), `Math.random`, and `scheduler.yield()` to let the page breathe between
 * slices of long work.
 *
 * In a page, give it to `createTabQueue` rather than `createQueue`, so that two tabs of the
 * origin never run the same jobs.
 *
 * @example
 * import { createTabQueue, createWebPlatform } from '@nightshift/adapter-web';
 * import { createIndexedDbStore } from '@nightshift/store-indexeddb';
 *
 * const queue = createTabQueue({
 *   name: 'app',
 *   platform: createWebPlatform(),
 *   store: createIndexedDbStore({ name: 'app-jobs' }),
 *   jobs: [upload],
 * });
 */
export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const platform: Platform = {
    clock: webClock(),
    conditions: createWebConditions({ appState: options.appState }),
    random: Math.random,
    yieldToHost: webYieldToHost(),
  };
  if (options.scheduler) platform.scheduler = options.scheduler;
  return platform;
}
