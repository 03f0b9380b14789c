export { createReactNativePlatform, OS_MIN_PERIOD_MS } from './createReactNativePlatform';
export type { ReactNativePlatformOptions } from './createReactNativePlatform';
export { createReactNativeConditions } from './createReactNativeConditions';
export type { FlagSource, ReactNativeConditionsOptions } from './createReactNativeConditions';
export { appStateFrom } from './appStateFrom';
export type { AppStateLike } from './appStateFrom';
export { networkFrom } from './networkFrom';
export type { NetInfoLike, NetInfoStateLike } from './networkFrom';
export { batteryReadingFrom, LOW_BATTERY_LEVEL } from './batteryReading';
export type { BatteryReading, BatterySource, RawBatteryState } from './batteryReading';
export { expoBatterySource } from './expoBatterySource';
export type { ExpoBatteryLike, ExpoBatterySourceOptions } from './expoBatterySource';
export { deviceInfoBatterySource, POWER_STATE_EVENT } from './deviceInfoBatterySource';
export type {
  DeviceInfoBatterySourceOptions,
  DeviceInfoLike,
  DeviceInfoPowerStateLike,
  PowerStateEmitterLike,
} from './deviceInfoBatterySource';
export { backgroundFetchScheduler, MIN_FETCH_INTERVAL_MINUTES } from './backgroundFetchScheduler';
export type {
  BackgroundFetchAndroidOptions,
  BackgroundFetchHeadlessEventLike,
  BackgroundFetchLike,
  BackgroundFetchSchedulerOptions,
} from './backgroundFetchScheduler';
export { backgroundFetchHeadlessTask } from './backgroundFetchHeadlessTask';
export type { BackgroundFetchHeadlessTaskOptions } from './backgroundFetchHeadlessTask';
export { expoBackgroundTaskScheduler } from './expoBackgroundTaskScheduler';
export type {
  ExpoBackgroundTaskLike,
  ExpoBackgroundTaskSchedulerOptions,
  ExpoTaskManagerLike,
} from './expoBackgroundTaskScheduler';
export { mmkvStorage } from './mmkvStorage';
export type { KeyValueStorage, MmkvLike } from './mmkvStorage';
export { realClock } from './realClock';
export { DEFAULT_BUDGET_MS } from './checkBudget';
