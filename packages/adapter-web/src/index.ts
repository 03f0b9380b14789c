export type {
  BackgroundSyncScheduler,
  BackgroundSyncSchedulerOptions,
} from './backgroundSyncScheduler';
export { backgroundSyncScheduler } from './backgroundSyncScheduler';
export type { BatteryConditions, BatteryLike } from './batteryFrom';
export { batteryFrom, LOW_BATTERY_LEVEL } from './batteryFrom';
export { createTabQueue } from './createTabQueue';
export type { WebConditionsOptions } from './createWebConditions';
export { createWebConditions } from './createWebConditions';
export type { WebPlatformOptions } from './createWebPlatform';
export { createWebPlatform } from './createWebPlatform';
export type { SyncEventLike, SyncEventOptions } from './handleSyncEvent';
export { handleSyncEvent } from './handleSyncEvent';
export type { NetworkInformationLike } from './networkFrom';
export { networkFrom } from './networkFrom';
export type { TabQueueOptions } from './tabQueueOptions';
export { webClock } from './webClock';
export { webYieldToHost } from './webYieldToHost';
