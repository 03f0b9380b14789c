// The service worker: runs due uploads in Background Sync events, when no tab is open.
import { createWebPlatform, handleSyncEvent, type SyncEventLike } from '@nightshift/adapter-web';
import { createQueue } from '@nightshift/core';
import { createIndexedDbStore } from '@nightshift/store-indexeddb';
import { jobs } from './jobs';

// The DOM library has no service worker types; these are the parts used here.
declare const self: {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: string, listener: (event: Event & SyncEventLike) => void): void;
};

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('sync', (event) =>
  handleSyncEvent(event, () =>
    createQueue({
      platform: createWebPlatform(),
      store: createIndexedDbStore({ name: 'uploads-jobs' }),
      jobs,
    }),
  ),
);
