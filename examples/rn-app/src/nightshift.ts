// The app's one queue. Imported by index.ts, so this runs at app launch, in the UI and in
// Android's headless JS context alike.

import {
  backgroundFetchScheduler,
  createReactNativePlatform,
  expoBatterySource,
} from '@nightshift/adapter-rn';
import { createQueue } from '@nightshift/core';
import { createSqliteStore, opSqlite } from '@nightshift/store-sqlite';
import { open } from '@op-engineering/op-sqlite';
import NetInfo from '@react-native-community/netinfo';
import * as Battery from 'expo-battery';
import { AppState } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';
import { uploadPhoto } from './jobs/uploadPhoto';

/**
 * The app's one queue. The app starts it at launch and the Android headless task (index.ts)
 * starts it too: in one JS context (Android reuses the headless context when the user then
 * opens the app) both must be the same queue, and a second start() returns the first's
 * promise. Never build a second queue on the same store in one JS context.
 */
export const queue = createQueue({
  platform: createReactNativePlatform({
    appState: AppState,
    netInfo: NetInfo,
    battery: expoBatterySource(Battery),
    // iOS gives a refresh wake-up about 30 s; 25 s leaves time to write and call finish().
    scheduler: backgroundFetchScheduler(BackgroundFetch, { budgetMs: 25_000 }),
  }),
  // Durable: a job survives the app being killed, and checkpoints land in the same transaction
  // log as the job itself.
  store: createSqliteStore({ driver: opSqlite(open({ name: 'nightshift.db' })) }),
  jobs: [uploadPhoto],
  concurrency: 2,
  logger: {
    debug: () => {},
    info: () => {},
    warn: (message, fields) => console.warn(`[nightshift] ${message}`, fields),
    error: (message, fields) => console.error(`[nightshift] ${message}`, fields),
  },
});

export type AppQueue = typeof queue;

/** Resolves once the store is loaded; `enqueue` before that rejects with `QueueStoppedError`. */
export const ready: Promise<void> = queue.start();
ready.catch((error: unknown) => console.error('[nightshift] start failed', error));
