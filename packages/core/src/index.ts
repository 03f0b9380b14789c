export {
  NightshiftError,
  InvalidOptionsError,
  InvalidPayloadError,
  PayloadTooLargeError,
  DuplicateJobIdError,
  UnknownJobError,
  StoreError,
  QueueStoppedError,
  PermanentError,
  RetryLaterError,
  TimeoutError,
  WindowExpiredError,
  ConstraintsUnmetError,
  CancelledError,
  InterruptedError,
  CorruptRecordError,
} from './errors';
export { defineJob } from './defineJob';
export { createQueue } from './createQueue';
export { createMemoryStore } from './memoryStore';
export { createKeyValueStore } from './keyValueStore';
export type { KeyValueStorage, KeyValueStoreOptions } from './keyValueStore';
export { systemPlatform } from './systemPlatform';
export { DEFAULT_CONDITIONS, constraintsMet } from './constraints';
export { DEFAULT_RETRY, retryDelay } from './backoff';
export { assertJson, parseJson } from './json';
export { readRecord } from './readRecord';
export type { JobContext, JobDefinition, JobType, PayloadOf, ResultOf, StandardSchemaV1 } from './jobType';
export type { AnySnapshot, EnqueueOptions, ListFilter, Queue, QueueEvents, QueueOptions } from './queueTypes';
export type {
  AppState,
  Backoff,
  BackoffFunction,
  Clock,
  Conditions,
  ConditionsSource,
  Constraints,
  CorruptEntry,
  Json,
  JobRecord,
  JobSnapshot,
  JobState,
  Logger,
  NetworkState,
  OsScheduler,
  Platform,
  QueueStats,
  RepeatOptions,
  RetryPolicy,
  SerializedError,
  Store,
  StoreOp,
  TypeStats,
  WakeRequest,
  WakeWindow,
  WindowKind,
  WindowReport,
} from './types';
