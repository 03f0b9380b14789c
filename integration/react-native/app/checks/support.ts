// What the checks share: a React Native platform over the fakes, on a virtual clock.
import { createSeededRandom } from '@nightshift/adapter-memory';
import {
  backgroundFetchScheduler,
  createReactNativePlatform,
  expoBatterySource,
} from '@nightshift/adapter-rn';
import type { Clock } from '@nightshift/core';
import NetInfo from '@react-native-community/netinfo';
import * as Battery from 'expo-battery';
import { AppState } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';
import { type TaskClock, taskClock } from './taskClock';

export { flush } from './taskClock';

/** A platform as an app builds it (docs/react-native.md), on a virtual clock. */
export function reactNativePlatform(options: { budgetMs?: number; clock?: TaskClock } = {}) {
  const clock = options.clock ?? taskClock();
  const platform = createReactNativePlatform({
    appState: AppState,
    netInfo: NetInfo,
    battery: expoBatterySource(Battery),
    clock,
    random: createSeededRandom(7),
    scheduler: backgroundFetchScheduler(BackgroundFetch, { budgetMs: options.budgetMs ?? 25_000, clock }),
  });
  return { clock, platform };
}

/** Waits `ms` of virtual time, or rejects when `signal` aborts. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const cancel = clock.setTimer(clock.now() + ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    function onAbort() {
      cancel();
      reject(new Error('aborted'));
    }
    signal.addEventListener('abort', onAbort);
  });
}
