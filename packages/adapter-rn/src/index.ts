export type { AppStateLike } from './appStateFrom';
export { appStateFrom } from './appStateFrom';
export type { BackgroundFetchHeadlessTaskOptions } from './backgroundFetchHeadlessTask';
export { backgroundFetchHeadlessTask, HEADLESS_JS_TIMEOUT_MS } from './backgroundFetchHeadlessTask';
export type { BackgroundFetchHeadlessEventLike, BackgroundFetchLike } from './backgroundFetchLike';
export type {
  BackgroundFetchAndroidOptions,
  BackgroundFetchSchedulerOptions,
} from './backgroundFetchOptions';
export { MIN_FETCH_INTERVAL_MINUTES } from './backgroundFetchOptions';
export { backgroundFetchScheduler } from './backgroundFetchScheduler';
export type { BatteryReading, BatterySource, RawBatteryState } from './batteryReading';
export { batteryReadingFrom, LOW_BATTERY_LEVEL } from './batteryReading';
export { DEFAULT_BUDGET_MS } from './checkBudget';
export type {
  FlagSource,
  ReactNativeConditions,
  ReactNativeConditionsOptions,
} from './createReactNativeConditions';
export { createReactNativeConditions } from './createReactNativeConditions';
export type { ReactNativePlatformOptions } from './createReactNativePlatform';
export {
  CONDITIONS_REFRESH_MS,
  createReactNativePlatform,
  OS_MIN_PERIOD_MS,
} from './createReactNativePlatform';
export type {
  DeviceInfoBatterySourceOptions,
  DeviceInfoLike,
  DeviceInfoPowerStateLike,
  PowerStateEmitterLike,
} from './deviceInfoBatterySource';
export { deviceInfoBatterySource, POWER_STATE_EVENT } from './deviceInfoBatterySource';
export type {
  ExpoBackgroundTaskLike,
  ExpoBackgroundTaskSchedulerOptions,
  ExpoTaskManagerLike,
} from './expoBackgroundTaskScheduler';
export { expoBackgroundTaskScheduler } from './expoBackgroundTaskScheduler';
export type { ExpoBatteryLike, ExpoBatterySourceOptions } from './expoBatterySource';
export { expoBatterySource } from './expoBatterySource';
export type { MmkvLike } from './mmkvStorage';
export { mmkvStorage } from './mmkvStorage';
export { NativeModuleMissingError } from './NativeModuleMissingError';
export type { NetInfoLike, NetInfoStateLike } from './networkFrom';
export { networkFrom } from './networkFrom';
export { IMMEDIATE_STREAK_MS, realClock } from './realClock';
export { yieldToNative } from './yieldToNative';
