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

/** Options of {@link createQueue}. */
export interface QueueOptions<Jobs extends readonly JobType[] = readonly JobType[]> {
  /** Clock, conditions and OS scheduler. */
  platform: Platform;
  /** Persistence. @default createMemoryStore() */
  store?: Store;
  /** The job types this queue runs; names must be unique. */
  jobs: Jobs;
  /** Most jobs running at once. @default 1 */
  concurrency?: number;
  /**
   * How many finished jobs stay readable per final state; the earliest finished go first.
   * @default { succeeded: { maxCount: 100 }, failed: { maxCount: 1000 }, cancelled: { maxCount: 100 } }
   */
  retention?: Partial<Record<'succeeded' | 'failed' | 'cancelled', { maxCount: number }>>;
  /** Larger payloads are refused at enqueue with `PayloadTooLargeError`. @default 65_536 */
  maxPayloadBytes?: number;
  /** A window stops this long before its deadline (at most a quarter of its budget). @default 2_000 */
  windowSafetyMarginMs?: number;
  /** Receives the engine's diagnostics. @default none (errors go to `console.error`) */
  logger?: Logger;
}

/** Options of `queue.enqueue`. */
export interface EnqueueOptions {
  /** Caller-chosen unique id. @default a random id */
  id?: string;
  /** Earliest start, relative to now. Not with `runAt`. @default 0 */
  delayMs?: number;
  /** Earliest start, an instant. Not with `delayMs`. @default now */
  runAt?: number;
  /** @default the definition's */
  priority?: number;
  /** @default the definition's */
  constraints?: Constraints;
  /** @default the definition's */
  retry?: RetryPolicy;
  /** @default the definition's */
  timeoutMs?: number;
  /** For `list` and `cancelWhere`. @default [] */
  tags?: string[];
  /** Unique work: at most one unfinished job per key across the queue (see `onConflict`). */
  uniqueKey?: string;
  /** What to do when an unfinished job holds `uniqueKey`. @default 'keep' */
  onConflict?: 'keep' | 'replace' | 'append';
  /** Makes the job periodic. */
  repeat?: RepeatOptions;
  /** Ids this job waits for; it is `blocked` until all succeed. */
  after?: string[];
}

type Names<Jobs extends readonly JobType[]> = Jobs[number]['name'];
type ByName<Jobs extends readonly JobType[], N> = Extract<Jobs[number], { name: N }>;
type SnapshotOfType<T> = T extends JobType<infer N, infer P, infer R> ? JobSnapshot<N, P, R> : never;
/** The snapshot of any job of the queue: a union discriminated by `name`. */
export type AnySnapshot<Jobs extends readonly JobType[]> = SnapshotOfType<Jobs[number]>;

/** The queue's events and their listeners. */
export interface QueueEvents<S = JobSnapshot> {
  enqueued: (job: S) => void;
  started: (job: S) => void;
  progress: (job: S, value: number, message: string | undefined) => void;
  succeeded: (job: S, result: Json | undefined) => void;
  retrying: (job: S, error: SerializedError, nextRunAt: number) => void;
  failed: (job: S, error: SerializedError) => void;
  cancelled: (job: S) => void;
  interrupted: (job: S, reason: SerializedError) => void;
  'window-start': (window: WakeWindow & { startedAt: number }) => void;
  'window-end': (report: WindowReport) => void;
  idle: () => void;
  error: (error: Error) => void;
}

export interface ListFilter {
  state?: JobState | JobState[];
  name?: string;
  tag?: string;
}

export interface Queue<Jobs extends readonly JobType[] = readonly JobType[]> {
  start(): Promise<void>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
  enqueue<T extends Jobs[number]>(
    type: T,
    payload: T extends JobType<string, infer P, any> ? P : never,
    options?: EnqueueOptions,
  ): Promise<SnapshotOfType<T>>;
  enqueue<N extends Names<Jobs>>(
    name: N,
    payload: ByName<Jobs, N> extends JobType<string, infer P, any> ? P : never,
    options?: EnqueueOptions,
  ): Promise<SnapshotOfType<ByName<Jobs, N>>>;
  enqueueMany(
    items: Array<{ type: Jobs[number] | Names<Jobs>; payload: unknown; options?: EnqueueOptions }>,
  ): Promise<AnySnapshot<Jobs>[]>;
  cancel(id: string): Promise<boolean>;
  cancelWhere(filter: { name?: string; tag?: string; uniqueKey?: string }): Promise<number>;
  get(id: string): AnySnapshot<Jobs> | undefined;
  list(filter?: ListFilter): AnySnapshot<Jobs>[];
  waitFor(id: string, options?: { signal?: AbortSignal }): Promise<AnySnapshot<Jobs>>;
  runWindow(window: {
    deadline: number;
    signal?: AbortSignal;
    kind?: WakeWindow['kind'];
  }): Promise<WindowReport>;
  on<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  off<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  once<E extends keyof QueueEvents<AnySnapshot<Jobs>>>(
    event: E,
    listener: QueueEvents<AnySnapshot<Jobs>>[E],
  ): this;
  /** Called once per batch of changes (for UI stores). Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  stats(): QueueStats;
}
