export { DEFAULT_RETRY, retryDelay } from './backoff';
export { constraintsMet, DEFAULT_CONDITIONS } from './constraints';
export { createQueue } from './createQueue';
export { defineJob, isJobType } from './defineJob';
export {
  CancelledError,
  ConstraintsUnmetError,
  CorruptRecordError,
  DuplicateJobIdError,
  type ErrorsByCode,
  InterruptedError,
  InvalidOptionsError,
  InvalidPayloadError,
  isNightshiftError,
  NightshiftError,
  PayloadTooLargeError,
  PermanentError,
  QueueStoppedError,
  QueueUnavailableError,
  RetryLaterError,
  StoreError,
  StoreInUseError,
  TimeoutError,
  UnknownJobError,
  WindowExpiredError,
} from './errors';
export { JOB_STATES } from './jobIndex';
export type {
  JobContext,
  JobDefinition,
  JobType,
  JsonChecked,
  PayloadOf,
  ResultOf,
  StandardResult,
  StandardSchemaV1,
} from './jobType';
export { assertJson, MAX_JSON_DEPTH, parseJson } from './json';
export type { KeyValueStorage, KeyValueStoreOptions, MaybePromise } from './keyValueStore';
export { createKeyValueStore } from './keyValueStore';
export { createMemoryStore } from './memoryStore';
export type {
  AnySnapshot,
  EnqueueOptions,
  ListFilter,
  Names,
  PayloadInput,
  Queue,
  QueueEvents,
  QueueOptions,
  SnapshotOfType,
} from './queueTypes';
export { checkRecord, readRecord } from './readRecord';
export { systemPlatform } from './systemPlatform';
export type {
  AppState,
  Backoff,
  BackoffFunction,
  Clock,
  Conditions,
  ConditionsSource,
  Constraints,
  CorruptEntry,
  JobRecord,
  JobSnapshot,
  JobState,
  Json,
  JsonObjectProblem,
  JsonProblem,
  Logger,
  NetworkState,
  NotJson,
  OsScheduler,
  Platform,
  QueueStats,
  RepeatOptions,
  RetryPolicy,
  SerializedError,
  Store,
  StoreOp,
  StoreWriteOptions,
  TypeStats,
  WakeRequest,
  WakeWindow,
  WindowKind,
  WindowReport,
} from './types';
