/** A JSON value: what payloads, results and checkpoints must be. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Timestamps are epoch milliseconds from `platform.clock.now()`. */
export interface Clock {
  now(): number;
  /** Calls `callback` once at `at` (at once, on a later turn, if `at` is past). Returns a cancel function. */
  setTimer(at: number, callback: () => void): () => void;
}

export type NetworkState = 'none' | 'metered' | 'unmetered';
export type AppState = 'active' | 'background';

/** What the device is like right now. */
export interface Conditions {
  network: NetworkState;
  charging: boolean;
  batteryLow: boolean;
  deviceIdle: boolean;
  storageLow: boolean;
  appState: AppState;
}

export interface ConditionsSource {
  get(): Conditions;
  subscribe(listener: (conditions: Conditions) => void): () => void;
}

/** What a job needs from the device before it may run. */
export interface Constraints {
  /** `connected`: any network; `unmetered`: wifi or ethernet that is not metered. */
  network?: 'connected' | 'unmetered';
  charging?: boolean;
  batteryNotLow?: boolean;
  deviceIdle?: boolean;
  storageNotLow?: boolean;
}

/** The one wake-up the queue keeps asked for. */
export interface WakeRequest {
  /** The earliest instant any waiting job could run (may be in the past: as soon as possible). */
  earliestAt: number;
  /** True only when every job due by `earliestAt` needs a network. */
  network: boolean;
  /** True only when every job due by `earliestAt` needs the device charging. */
  charging: boolean;
}

export type WindowKind = 'refresh' | 'processing';

/** A background window the OS granted. */
export interface WakeWindow {
  deadline: number;
  signal?: AbortSignal;
  kind: WindowKind;
}

export interface OsScheduler {
  request(wake: WakeRequest | null): void | Promise<void>;
  onWake(handler: (window: WakeWindow) => Promise<WindowReport>): () => void;
}

/** What an adapter provides to the engine. */
export interface Platform {
  clock: Clock;
  /** @default always `DEFAULT_CONDITIONS` */
  conditions?: ConditionsSource;
  /** @default none: the queue runs in the foreground only */
  scheduler?: OsScheduler;
  /** Uniform in [0, 1). Jitter and ids use it. @default Math.random */
  random?: () => number;
  /**
   * The smallest period the OS honours. A periodic job asking for less is raised to it,
   * with a `logger.warn`. @default 0
   */
  minPeriodMs?: number;
}

export type JobState = 'enqueued' | 'blocked' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

export interface Backoff {
  kind: 'exponential' | 'linear' | 'fixed';
  initialDelayMs: number;
  /** @default 2 */
  multiplier?: number;
  /** @default 18_000_000 (5 h) */
  maxDelayMs?: number;
  /** A uniform spread in [1 − jitter, 1 + jitter]. @default 0.1 */
  jitter?: number;
}

/** `(attempt, error) => delayMs`, with `attempt` the number of the attempt that just failed. */
export type BackoffFunction = (attempt: number, error: unknown) => number;

export interface RetryPolicy {
  /** @default 3 */
  maxAttempts?: number;
  /** @default `{ kind: 'exponential', initialDelayMs: 30_000, multiplier: 2, maxDelayMs: 18_000_000, jitter: 0.1 }` */
  backoff?: Backoff | BackoffFunction;
}

export interface RepeatOptions {
  everyMs: number;
  /** The job runs in the last `flexMs` of each period. @default everyMs */
  flexMs?: number;
}

/** A job as the engine stores it: the snapshot's fields plus the engine's own. */
export interface JobRecord {
  id: string;
  name: string;
  payload: Json;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  createdAt: number;
  updatedAt: number;
  runAt: number;
  priority: number;
  tags: string[];
  uniqueKey?: string;
  repeat?: { everyMs: number; flexMs: number };
  after?: string[];
  progress?: { value: number; message?: string };
  result?: Json;
  error?: SerializedError;
  interruptions: number;
  /** Enqueue order, a tie-breaker after priority and `runAt`. */
  seq: number;
  constraints?: Constraints;
  /** Per-job retry override; a function backoff is not persisted. */
  retry?: { maxAttempts?: number; backoff?: Backoff };
  timeoutMs?: number;
  checkpoint?: Json;
  /** Times in a row `start()` found this job `running`. */
  crashes?: number;
  /** Results of the jobs in `after` that succeeded, by id. */
  dependencyResults?: Record<string, Json>;
  /** Start of the current period of a periodic job: anchor + k × everyMs. */
  periodStart?: number;
  /** Start of the first period, the grid that later periods stay on. */
  anchor?: number;
  /** When the job reached a final state (retention deletes the earliest first). */
  finishedAt?: number;
  /** Duration of the last successful attempt, to learn expected durations across restarts. */
  lastRunMs?: number;
}

export interface CorruptEntry {
  id: string;
  corrupt: string;
}

export type StoreOp = { put: JobRecord } | { delete: string };

export interface Store {
  load(): Promise<Array<JobRecord | CorruptEntry>>;
  /** Atomic: every op lands or none does. */
  write(ops: StoreOp[]): Promise<void>;
  close?(): Promise<void>;
}

/** A frozen, public view of one job. */
export interface JobSnapshot<Name extends string = string, P = Json, R = Json> {
  readonly id: string;
  readonly name: Name;
  readonly payload: P;
  readonly state: JobState;
  /** Attempts spent (in the current period, for a periodic job). */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly runAt: number;
  readonly priority: number;
  readonly tags: readonly string[];
  readonly uniqueKey?: string;
  readonly repeat?: { readonly everyMs: number; readonly flexMs: number };
  readonly after?: readonly string[];
  readonly progress?: { readonly value: number; readonly message?: string };
  readonly result?: R;
  readonly error?: SerializedError;
  readonly interruptions: number;
}

export interface WindowReport {
  startedAt: number;
  endedAt: number;
  deadline: number;
  ran: number;
  succeeded: number;
  failed: number;
  interrupted: number;
  deferred: number;
  nextWakeAt: number | null;
  result: 'new-data' | 'no-data' | 'failed';
}

export interface TypeStats {
  runs: number;
  succeeded: number;
  failed: number;
  /** Median duration of successful runs, `undefined` before the first. */
  durationP50?: number;
  durationP95?: number;
  /** What window admission expects a run of this type to take. */
  expectedDurationMs?: number;
}

export interface QueueStats {
  counts: Record<JobState, number>;
  byType: Record<string, TypeStats>;
  windows: { run: number; expired: number };
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
