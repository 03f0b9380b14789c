import type { JobType } from './jobType';
import type {
  Constraints,
  JobSnapshot,
  JobState,
  Json,
  Logger,
  Platform,
  QueueStats,
  RepeatOptions,
  RetryPolicy,
  SerializedError,
  Store,
  WakeWindow,
  WindowReport,
} from './types';

/**
 * Options of {@link createQueue}. They are checked at once: `createQueue` throws
 * `InvalidOptionsError` synchronously for two job types with one name, a concurrency
 * below 1, and the like.
 *
 * @example
 * const queue = createQueue({
 *   platform: systemPlatform(),
 *   store: createKeyValueStore(AsyncStorage),
 *   jobs: [syncInbox, upload],
 *   concurrency: 2,
 *   retention: { succeeded: { maxCount: 20 } },
 *   logger: console,
 * });
 */
export interface QueueOptions<Jobs extends readonly JobType[] = readonly JobType[]> {
  /** Clock, conditions and OS scheduler. Required. */
  platform: Platform;
  /** Persistence. @default createMemoryStore() */
  store?: Store;
  /** The job types this queue runs; names must be unique. Required. */
  jobs: Jobs;
  /** Most jobs running at once, an integer ≥ 1. @default 1 */
  concurrency?: number;
  /**
   * How many finished jobs stay readable per final state; beyond that, those that finished
   * earliest are deleted from the store first. Jobs of unknown types are never deleted. A
   * state left out keeps its default.
   * @default { succeeded: { maxCount: 100 }, failed: { maxCount: 1000 }, cancelled: { maxCount: 100 } }
   */
  retention?: Partial<
    Record<
      'succeeded' | 'failed' | 'cancelled',
      {
        /** Most finished jobs of this state kept, an integer ≥ 0 (`0` deletes them as they finish). */
        maxCount: number;
      }
    >
  >;
  /** Payloads larger than this many bytes of UTF-8 JSON are refused at enqueue with `PayloadTooLargeError`. @default 65_536 */
  maxPayloadBytes?: number;
  /** A window stops this long before its deadline (at most a quarter of its budget). @default 2_000 */
  windowSafetyMarginMs?: number;
  /** Receives the engine's diagnostics. @default none (errors go to `console.error`) */
  logger?: Logger;
}

/**
 * Options of `queue.enqueue` and of each `queue.enqueueMany` item. Bad options reject
 * with `InvalidOptionsError` and nothing is written.
 *
 * @example
 * await queue.enqueue(upload, { file: 'a.jpg' }, {
 *   delayMs: 60_000,
 *   constraints: { network: 'unmetered' },
 *   tags: ['photos'],
 *   uniqueKey: 'upload:a.jpg',
 *   onConflict: 'replace',
 * });
 */
export interface EnqueueOptions {
  /**
   * Caller-chosen id, unique in the queue: an id the queue (or a corrupt record in its
   * store) already holds is refused with `DuplicateJobIdError`.
   * @default a random id
   */
  id?: string;
  /** Earliest start, relative to now (finite, ≥ 0). Not with `runAt`. @default 0 */
  delayMs?: number;
  /** Earliest start, an instant (finite, ≥ 0). Not with `delayMs`. @default now */
  runAt?: number;
  /** Higher runs first among due jobs; an integer. @default the definition's, else 0 */
  priority?: number;
  /** Replaces the definition's constraints for this job. @default the definition's */
  constraints?: Constraints;
  /**
   * Overrides the definition's retry policy for this job, field by field (`maxAttempts`,
   * `backoff`). @default the definition's
   */
  retry?: RetryPolicy;
  /** Per-attempt timeout for this job, in ms (> 0). @default the definition's */
  timeoutMs?: number;
  /** For `list` and `cancelWhere`. @default [] */
  tags?: string[];
  /**
   * Unique work: keys are unique across the whole queue, so at most one unfinished job
   * holds a key at a time (see `onConflict`). Once that job finishes, the key is free.
   * @default none
   */
  uniqueKey?: string;
  /**
   * What to do when an unfinished job holds `uniqueKey`: `keep` returns that job and writes
   * nothing; `replace` cancels it and enqueues the new one; `append` enqueues the new one as
   * if `after` the newest unfinished holder (so it is cancelled if that one fails).
   * Only with `uniqueKey`.
   * @default 'keep'
   */
  onConflict?: 'keep' | 'replace' | 'append';
  /** Makes the job periodic (see {@link RepeatOptions}). @default none: the job runs once */
  repeat?: RepeatOptions;
  /**
   * Ids this job depends on: it is `blocked` until all succeed, and cancelled if one fails
   * or is cancelled. An id the queue does not hold is refused with `InvalidOptionsError`;
   * one that already succeeded is satisfied; one that already failed or was cancelled
   * cancels the new job at once. A periodic job cannot be named.
   * @default none
   */
  after?: string[];
}

/**
 * What `enqueue` takes as the payload of a job type whose payload type is `P`: `P`, or any
 * JSON value when `P` is `unknown` (a `run` that does not type its payload).
 */
export type PayloadInput<P> = 0 extends 1 & P ? any : unknown extends P ? Json | undefined : P;

/** The union of the job type names of a queue's `jobs`, which `enqueue` and `enqueueMany` accept in place of a job type. */
export type Names<Jobs extends readonly JobType[]> = Jobs[number]['name'];
/** The job type among `Jobs` whose name is `N`. */
type ByName<Jobs extends readonly JobType[], N> = Extract<
  Jobs[number],
  {
    /** The name to match. */
    name: N;
  }
>;
/** The snapshot type of the jobs of job type `T`: its name, payload and result types flow into it. */
export type SnapshotOfType<T> = T extends JobType<infer N, infer P, infer R> ? JobSnapshot<N, P, R> : never;
/** The snapshot of any job of the queue: a union discriminated by `name`. */
export type AnySnapshot<Jobs extends readonly JobType[]> = SnapshotOfType<Jobs[number]>;

/**
 * The queue's events and their listeners. A job event's first argument is the job's
 * snapshot after the change, and it is emitted only once the change is in the store.
 *
 * @example
 * queue.on('failed', (job, error) => console.warn(job.name, error.code, error.message));
 */
export interface QueueEvents<S = JobSnapshot> {
  /** A job was enqueued (also one that starts `blocked`). */
  enqueued: (job: S) => void;
  /** A handler started an attempt of the job. */
  started: (job: S) => void;
  /** The handler called `ctx.progress`; emitted at once, before the value is written. */
  progress: (job: S, value: number, message: string | undefined) => void;
  /** The job succeeded (for a periodic job: this period's run did); `result` is what the handler returned. */
  succeeded: (job: S, result: Json | undefined) => void;
  /** An attempt failed and another follows at `nextRunAt`. */
  retrying: (job: S, error: SerializedError, nextRunAt: number) => void;
  /** The job failed for good (for a periodic job: this period did, and it waits for the next). */
  failed: (job: S, error: SerializedError) => void;
  /** The job was cancelled: by `cancel`, `cancelWhere`, `onConflict: 'replace'` or a dependency that did not succeed. */
  cancelled: (job: S) => void;
  /** A run was cut short without spending an attempt (crash, window expiry, lost constraints, `stop()`); the job is `enqueued` again. */
  interrupted: (job: S, reason: SerializedError) => void;
  /** A background window opened (`runWindow` was called). */
  'window-start': (window: WakeWindow & { startedAt: number }) => void;
  /** A background window closed, with its report. */
  'window-end': (report: WindowReport) => void;
  /** The last run ended, its writes landed and nothing more can start for now. */
  idle: () => void;
  /**
   * The engine's own failures: a store write that failed, a listener that threw, a corrupt
   * record or an unknown job type found at `start()`. With no listener, the error goes to
   * `logger.error`, or to `console.error` without a logger.
   */
  error: (error: Error) => void;
}

/**
 * Which jobs `queue.list` returns; every field given must match.
 *
 * @example
 * queue.list({ state: ['enqueued', 'running'], tag: 'photos' });
 */
export interface ListFilter {
  /**
   * One state, or any of several. Only the jobs in these states are walked, so asking for
   * the few running jobs of a large queue costs those few. A name that is no job state
   * throws `InvalidOptionsError`.
   * @default any state
   */
  state?: JobState | JobState[];
  /** The job type name. @default any name */
  name?: string;
  /** A tag the job carries. @default any tag */
  tag?: string;
  /**
   * At most this many jobs, the earliest made first. The walk stops once it has them, so
   * a UI that shows the first few of 100,000 jobs pays for those few.
   * @default no limit
   * @example queue.list({ state: 'enqueued', limit: 50 })
   */
  limit?: number;
}

/**
 * A job queue, made by {@link createQueue}. Methods that change jobs resolve only once the
 * change is in the store.
 *
 * @example
 * const queue = createQueue({ platform, store, jobs: [syncInbox, upload], concurrency: 2 });
 * await queue.start();
 * const job = await queue.enqueue(syncInbox, { since: 0 }, { delayMs: 60_000 });
 * queue.on('succeeded', (job, result) => console.log(job.id, result));
 * await queue.stop();
 */
export interface Queue<Jobs extends readonly JobType[] = readonly JobType[]> {
  /**
   * Loads the store, recovers jobs left `running` by a crash (they are interrupted and due
   * at once), reports corrupt records and unknown job types through `error`, plans the next
   * OS wake-up, and starts running due jobs when the app is active. Idempotent: a second
   * call (a headless task and the app's launch code may both make one) returns the same
   * promise; after a failed start (a store that could not load) it tries again. After
   * `stop()` it rejects with `QueueStoppedError`: a stopped queue cannot start again.
   */
  start(): Promise<void>;
  /**
   * Starts nothing new, waits for running jobs up to `timeoutMs` (default 5_000), then
   * aborts them (they are `interrupted`, no attempt spent), writes everything and closes
   * the store. Later calls to `enqueue` and the like reject with `QueueStoppedError`.
   */
  stop(options?: {
    /** How long to wait for running jobs before aborting them, in ms. @default 5_000 */
    timeoutMs?: number;
  }): Promise<void>;
  /**
   * Validates the payload, writes the job durably, then resolves with its snapshot. On bad
   * input it rejects with a typed error (`InvalidPayloadError`, `PayloadTooLargeError`,
   * `InvalidOptionsError`, `DuplicateJobIdError`) and writes nothing; before `start()`
   * resolved and after `stop()` it rejects with `QueueStoppedError`.
   */
  enqueue<T extends Jobs[number]>(
    type: T,
    payload: T extends JobType<string, infer P, any> ? PayloadInput<P> : never,
    options?: EnqueueOptions,
  ): Promise<SnapshotOfType<T>>;
  /** The same, with the job type given by name; a name no definition has rejects with `UnknownJobError`. */
  enqueue<N extends Names<Jobs>>(
    name: N,
    payload: ByName<Jobs, N> extends JobType<string, infer P, any> ? PayloadInput<P> : never,
    options?: EnqueueOptions,
  ): Promise<SnapshotOfType<ByName<Jobs, N>>>;
  /**
   * Like `enqueue` for many jobs, in one atomic store write: all are enqueued or none is.
   * Resolves with the snapshots in the order of `items`.
   */
  enqueueMany(
    items: Array<{
      /** The job type, or its name. */
      type: Jobs[number] | Names<Jobs>;
      /** The payload, checked as `enqueue` checks it. */
      payload: unknown;
      /** As for `enqueue`. @default {} */
      options?: EnqueueOptions;
    }>,
  ): Promise<AnySnapshot<Jobs>[]>;
  /**
   * Ends an unfinished job as `cancelled`, and the jobs that depend on it. A running handler
   * is aborted (`CancelledError`) without waiting for it to settle; its late result is
   * discarded. Resolves with `false` when the job was already finished, is unknown, or is
   * of a type this queue has no definition for.
   */
  cancel(id: string): Promise<boolean>;
  /**
   * Cancels every unfinished job that matches all the fields given (at least one is
   * required, else it rejects with `InvalidOptionsError`). Resolves with how many matching
   * jobs it cancelled; their dependents are cancelled too but not counted.
   */
  cancelWhere(filter: {
    /** The job type name. */
    name?: string;
    /** A tag the job carries. */
    tag?: string;
    /** The job's unique-work key. */
    uniqueKey?: string;
  }): Promise<number>;
  /** The job's snapshot, synchronously from memory; `undefined` for an id the queue does not hold. */
  get(id: string): AnySnapshot<Jobs> | undefined;
  /** Synchronous: the jobs that match `filter` (all jobs without one), ordered by creation. */
  list(filter?: ListFilter): AnySnapshot<Jobs>[];
  /**
   * Resolves with the job's snapshot once it is final (at once if it already is); for a
   * periodic job, once it is cancelled. Rejects with `UnknownJobError` for an id the queue
   * never had, and with `signal.reason` when the signal aborts. The listener is in place
   * before the state is checked, so no completion is missed.
   */
  waitFor(
    id: string,
    options?: {
      /** Stops waiting when aborted. @default none */
      signal?: AbortSignal;
    },
  ): Promise<AnySnapshot<Jobs>>;
  /**
   * Runs due work until `deadline` minus a safety margin (the smaller of
   * `windowSafetyMarginMs` and a quarter of the window), starting only jobs expected to fit,
   * then aborts what still runs (`WindowExpiredError`, no attempt spent). Resolves with the
   * report before the deadline, always; it never rejects. Adapters call it on each OS wake-up.
   */
  runWindow(window: {
    /** The instant the OS ends the window. */
    deadline: number;
    /** Aborted when the OS ends the window early; the window then closes at once. @default none */
    signal?: AbortSignal;
    /** The kind of window. @default 'refresh' */
    kind?: WakeWindow['kind'];
  }): Promise<WindowReport>;
  /** Adds a listener for `event`. Returns the queue, for chaining. */
  on<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  /** Removes a listener added with `on` or `once`. Returns the queue. */
  off<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  /** Adds a listener that is removed after its first call. Returns the queue. */
  once<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  /** Called once per batch of changes (for UI stores). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Counts by state, per-type runs, failures and durations, and windows run and expired. */
  stats(): QueueStats;
}
