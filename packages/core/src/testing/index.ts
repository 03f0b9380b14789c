export { AssertionError } from './assert';
export type { FastCheckLike } from './jsonArbitrary';
export { makeJobRecord } from './makeJobRecord';
export type { PlatformConformanceOptions, PlatformHarness } from './platformConformance';
export { runPlatformConformance } from './platformConformance';
export type { StoreConformanceOptions } from './storeConformance';
export { runStoreConformance } from './storeConformance';
export type { TestRunner } from './testRunner';
