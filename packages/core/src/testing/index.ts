export { runStoreConformance } from './storeConformance';
export type { StoreConformanceOptions } from './storeConformance';
export { runPlatformConformance } from './platformConformance';
export type { PlatformConformanceOptions, PlatformHarness } from './platformConformance';
