export type { IndexedDbStoreOptions } from './createIndexedDbStore';
export { createIndexedDbStore } from './createIndexedDbStore';
export { JOBS_STORE, SCHEMA_VERSION } from './openDatabase';
