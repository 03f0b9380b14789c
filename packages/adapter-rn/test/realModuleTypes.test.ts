// Type-level proof that the real packages satisfy the adapter's structural types: the app
// passes the modules themselves. Only `import type`, so nothing native loads at runtime;
// `tsc` (the package's typecheck) is what checks this file.

import type { KeyValueStorage } from '@nightshift/core';
import type AsyncStorage from '@react-native-async-storage/async-storage';
import type NetInfo from '@react-native-community/netinfo';
import type { NetInfoState } from '@react-native-community/netinfo';
import type * as BackgroundTask from 'expo-background-task';
import type * as Battery from 'expo-battery';
import type * as TaskManager from 'expo-task-manager';
import type BackgroundFetch from 'react-native-background-fetch';
import type DeviceInfo from 'react-native-device-info';
import type { MMKV } from 'react-native-mmkv';
import { describe, expect, it } from 'vitest';
import type {
  BackgroundFetchLike,
  DeviceInfoLike,
  ExpoBackgroundTaskLike,
  ExpoBatteryLike,
  ExpoTaskManagerLike,
  MmkvLike,
  NetInfoLike,
  NetInfoStateLike,
} from '../src/index';

/** Compiles only when `T` is assignable to `U`. */
type Assignable<T, U> = [T] extends [U] ? true : false;
type Check<T extends true> = T;

export type Checks = [
  Check<Assignable<typeof BackgroundFetch, BackgroundFetchLike>>,
  Check<Assignable<typeof NetInfo, NetInfoLike>>,
  Check<Assignable<NetInfoState, NetInfoStateLike>>,
  Check<Assignable<typeof Battery, ExpoBatteryLike>>,
  Check<Assignable<typeof BackgroundTask, ExpoBackgroundTaskLike>>,
  Check<Assignable<typeof TaskManager, ExpoTaskManagerLike>>,
  Check<Assignable<typeof DeviceInfo, DeviceInfoLike>>,
  Check<Assignable<MMKV, MmkvLike>>,
  // createKeyValueStore (core) takes AsyncStorage as it is, and mmkvStorage gives the same shape.
  Check<Assignable<typeof AsyncStorage, KeyValueStorage>>,
];

// Guards against the checks passing vacuously (a module type that degraded to `any` because
// a peer's types are missing would accept anything): a member the real module lacks must fail.
type Lacks<T> = Assignable<T, { notAMember(): void }> extends false ? true : false;
export type Negative = [
  Check<Lacks<typeof BackgroundFetch>>,
  Check<Lacks<typeof NetInfo>>,
  Check<Lacks<typeof Battery>>,
  Check<Lacks<typeof BackgroundTask>>,
  Check<Lacks<typeof TaskManager>>,
  Check<Lacks<typeof DeviceInfo>>,
  Check<Lacks<MMKV>>,
  Check<Lacks<typeof AsyncStorage>>,
];

describe('real module types', () => {
  it('are checked by tsc (this file compiles only if the modules fit the adapter types)', () => {
    expect(true).toBe(true);
  });
});
