import type { Conditions } from '@nightshift/core';
import { runPlatformConformance } from '@nightshift/core/testing';
import { describe, it } from 'vitest';
import {
  backgroundFetchScheduler,
  createReactNativePlatform,
  expoBackgroundTaskScheduler,
  expoBatterySource,
  type FlagSource,
} from '../src/index';
import { fakeBackgroundFetch } from './fakes/fakeBackgroundFetch';
import { BatteryState, fakeExpoBattery } from './fakes/fakeBattery';
import { fakeClock, flush } from './fakes/fakeClock';
import { fakeExpoTask } from './fakes/fakeExpoTask';
import { cellular, fakeAppState, fakeNetInfo, offline, wifi } from './fakes/fakeReactNative';

function flag(initial: boolean) {
  let value = initial;
  const listeners = new Set<(v: boolean) => void>();
  const source: FlagSource = {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    set(v: boolean) {
      value = v;
      for (const l of [...listeners]) l(v);
    },
  };
}

/** The RN platform over fakes, and a driver that changes conditions through those fakes. */
function rnPlatform(kind: 'background-fetch' | 'background-fetch-ios' | 'expo-background-task') {
  const clock = fakeClock();
  const app = fakeAppState('active');
  const net = fakeNetInfo(wifi);
  const bat = fakeExpoBattery({ level: 0.8, state: BatteryState.CHARGING, lowPower: false });
  const idle = flag(false);
  const storage = flag(false);
  const bf = fakeBackgroundFetch({ os: kind === 'background-fetch-ios' ? 'ios' : 'android' });
  const expo = fakeExpoTask();
  const scheduler =
    kind !== 'expo-background-task'
      ? backgroundFetchScheduler(bf.BackgroundFetch, { clock, budgetMs: 20_000 })
      : expoBackgroundTaskScheduler({
          BackgroundTask: expo.BackgroundTask,
          TaskManager: expo.TaskManager,
          clock,
          budgetMs: 20_000,
        });
  const platform = createReactNativePlatform({
    appState: app.appState,
    netInfo: net.netInfo,
    battery: expoBatterySource(bat.Battery),
    deviceIdle: idle.source,
    storageLow: storage.source,
    scheduler,
    clock,
  });
  return {
    platform,
    advance: (ms: number) => clock.advance(ms),
    setConditions(partial: Partial<Conditions>) {
      if (partial.appState) app.set(partial.appState);
      if (partial.network) net.emit({ none: offline, metered: cellular, unmetered: wifi }[partial.network]);
      if (partial.charging !== undefined)
        bat.setState(partial.charging ? BatteryState.CHARGING : BatteryState.UNPLUGGED);
      if (partial.batteryLow !== undefined) bat.setLevel(partial.batteryLow ? 0.1 : 0.8);
      if (partial.deviceIdle !== undefined) idle.set(partial.deviceIdle);
      if (partial.storageLow !== undefined) storage.set(partial.storageLow);
    },
    async fireWake(_budgetMs: number): Promise<unknown> {
      // The OS runs only a registered task: one an earlier launch registered will do.
      if (kind === 'expo-background-task') {
        await expo.BackgroundTask.registerTaskAsync('nightshift');
        return expo.run();
      }
      // The OS delivers events only after configure, which registering a handler started.
      await flush();
      const finished = bf.nextFinish();
      bf.event('react-native-background-fetch');
      return finished;
    },
  };
}

// The fakes behave as the libraries' source does (see test/fakes): Android and iOS apart.
runPlatformConformance('react-native (background-fetch, Android)', () => rnPlatform('background-fetch'), {
  describe,
  it,
});
runPlatformConformance('react-native (background-fetch, iOS)', () => rnPlatform('background-fetch-ios'), {
  describe,
  it,
});
runPlatformConformance('react-native (expo-background-task)', () => rnPlatform('expo-background-task'), {
  describe,
  it,
});
