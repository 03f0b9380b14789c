// One queue for every tab of the origin: the tab that holds the Web Lock uploads, the
// others forward and mirror. Due uploads that need the network while no tab is open go to
// the service worker's Background Sync (Chromium).
import { backgroundSyncScheduler, createTabQueue, createWebPlatform } from '@nightshift/adapter-web';
import { createIndexedDbStore } from '@nightshift/store-indexeddb';
import { jobs } from './jobs';

export const queue = createTabQueue({
  name: 'uploads',
  platform: createWebPlatform({ scheduler: backgroundSyncScheduler({ serviceWorker: '/sw.js' }) }),
  store: createIndexedDbStore({ name: 'uploads-jobs' }),
  jobs,
  retention: { succeeded: { maxCount: 50 } },
});
