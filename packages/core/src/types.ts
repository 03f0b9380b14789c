/** A JSON value: what payloads, results and checkpoints must be. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Why values of type `T` are not JSON, as `$.path is …` strings (a union when several parts
 * are wrong), or `never` when `T` is JSON. `defineJob` and `saveCheckpoint` use it, so that
 * a payload, result or checkpoint the queue would refuse at run time is a type error first.
 * It accepts interfaces as well as type aliases, and optional properties (a key that is
 * absent is fine), but refuses a property that must be present while its type allows
 * `undefined` (`{ note: string | undefined }`): the queue refuses `undefined` inside a
 * value, where `JSON.stringify` would silently drop the key. `any` and `unknown` pass.
 * Nesting is checked 10 levels deep.
 *
 * @example
 * type A = JsonProblem<{ at: Date }>; // '$.at is a Date: store date.toISOString() or date.getTime()'
 * type B = JsonProblem<{ email: string; tags?: string[] }>; // never
 */
export type JsonProblem<
  T,
  Path extends string = '$',
  Levels extends unknown[] = [],
> = Levels['length'] extends 10
  ? never
  : unknown extends T
    ? never
    : T extends Json
      ? never
      : T extends undefined
        ? `${Path} is undefined: leave the key out, or use null`
        : T extends Date
          ? `${Path} is a Date: store date.toISOString() or date.getTime()`
          : T extends bigint
            ? `${Path} is a BigInt: store it as a string`
            : T extends symbol
              ? `${Path} is a symbol`
              : T extends (...args: never) => unknown
                ? `${Path} is a function`
                : T extends ReadonlyMap<unknown, unknown>
                  ? `${Path} is a Map: store an array of entries or a plain object`
                  : T extends ReadonlySet<unknown>
                    ? `${Path} is a Set: store an array`
                    : T extends readonly unknown[]
                      ? JsonProblem<T[number], `${Path}[]`, [...Levels, 0]>
                      : T extends object
                        ? JsonObjectProblem<T, Path, Levels>
                        : never;

/** {@link JsonProblem} of each key of an object type; `Levels` counts the nesting so far. */
export type JsonObjectProblem<T, Path extends string, Levels extends unknown[]> = {
  [K in keyof T]-?: K extends string
    ? JsonProblem<
        // An optional key may be absent; when present it holds the rest.
        {} extends Pick<T, K> ? Exclude<T[K], undefined> : T[K],
        `${Path}.${K}`,
        [...Levels, 0]
      >
    : `${Path} has a symbol key`;
}[keyof T];

/**
 * `unknown` when `Problem` is `never`, else an object type with one required key per
 * problem, named `"<what> is not JSON: <problem>"`: a value that lacks those keys (every
 * value) fails to type-check with that name in the message.
 */
export type NotJson<What extends string, Problem> = [Problem] extends [never]
  ? unknown
  : { [K in Problem & string as `${What} is not JSON: ${K}`]: never };

/**
 * The platform's time source. Every instant the engine stores or reports (`createdAt`,
 * `runAt`, a window's `deadline`, …) is epoch milliseconds from `now()`, and every delay
 * it waits for goes through `setTimer`, so a virtual clock drives the whole queue.
 *
 * @example
 * // A clock over the host's timers; `systemPlatform().clock` is the full version
 * // (next-turn firing for due instants, chaining past setTimeout's 24.8-day limit).
 * const clock: Clock = {
 *   now: () => host.now(),
 *   setTimer(at, callback) {
 *     const handle = host.schedule(callback, Math.max(0, at - host.now()));
 *     return () => host.cancel(handle);
 *   },
 * };
 */
export interface Clock {
  /** The current instant, in epoch milliseconds. */
  now(): number;
  /** Calls `callback` once at `at` (at once, on a later turn, if `at` is past). Returns a cancel function. */
  setTimer(at: number, callback: () => void): () => void;
}

/**
 * The device's network: `none` (no usable connection), `metered` (connected, but the data
 * may cost: cellular, an expensive hotspot, or a connection whose kind is not known yet) or
 * `unmetered` (wifi or ethernet that is not metered).
 */
export type NetworkState = 'none' | 'metered' | 'unmetered';
/**
 * `active`: the app is in the foreground and the queue runs due jobs on its own.
 * `background`: the queue starts nothing on its own and works only inside `runWindow`
 * calls (OS wake-ups).
 */
export type AppState = 'active' | 'background';

/** What the device is like right now. */
export interface Conditions {
  /** The current connection; see {@link NetworkState}. */
  network: NetworkState;
  /** Plugged in (charging, or full while plugged in). */
  charging: boolean;
  /** The battery is low, or the OS power saver is on. */
  batteryLow: boolean;
  /** The device is idle (not in use, screen off for a while). */
  deviceIdle: boolean;
  /** The device is running out of storage. */
  storageLow: boolean;
  /** Foreground or background; decides whether the queue runs jobs on its own. */
  appState: AppState;
}

/**
 * Where the queue reads the device's {@link Conditions} from. The queue starts a waiting job
 * when a change makes its constraints hold, and aborts a running one (with a
 * `ConstraintsUnmetError`, no attempt spent) when they stop holding.
 */
export interface ConditionsSource {
  /** The conditions now; synchronous, called often, so answer from a cached value. */
  get(): Conditions;
  /**
   * Calls `listener` with the complete new conditions whenever they change. Returns the
   * function that removes the listener.
   */
  subscribe(listener: (conditions: Conditions) => void): () => void;
}

/**
 * What a job needs from the device before it may run. A job starts only while the
 * platform's {@link Conditions} satisfy every constraint given, and a running job whose
 * constraints stop holding is aborted with a `ConstraintsUnmetError` and goes back to
 * `enqueued` as interrupted, which costs no attempt. `false` and an absent key both mean
 * "no requirement".
 *
 * @example
 * // Upload photos only on wifi while charging.
 * const upload = defineJob({ name: 'upload', constraints: { network: 'unmetered', charging: true }, run });
 */
export interface Constraints {
  /**
   * `connected`: any network (`metered` or `unmetered`); `unmetered`: wifi or ethernet
   * that is not metered.
   * @default none: the job also runs offline
   */
  network?: 'connected' | 'unmetered';
  /** Runs only while the device is plugged in. @default false */
  charging?: boolean;
  /** Runs only while the battery is not low (and the power saver is off). @default false */
  batteryNotLow?: boolean;
  /** Runs only while the device is idle. @default false */
  deviceIdle?: boolean;
  /** Runs only while storage is not low. @default false */
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

/**
 * The kind of background window: `refresh` is a short one (iOS BGAppRefreshTask,
 * background fetch: about 30 s), `processing` a longer one (iOS BGProcessingTask, Android
 * WorkManager: minutes).
 */
export type WindowKind = 'refresh' | 'processing';

/** A background window the OS granted. */
export interface WakeWindow {
  /** The instant the OS ends the window; the queue stops starting and aborts runs a safety margin before it. */
  deadline: number;
  /** Aborted when the OS ends the window early (an expiration handler); the window then closes at once. */
  signal?: AbortSignal;
  /** Which kind of window the OS granted. */
  kind: WindowKind;
}

/**
 * The OS background scheduler, as an adapter exposes it. The queue keeps one wake-up
 * request current (see {@link WakeRequest}) and runs a window each time the OS wakes the app.
 * Without one, the queue runs in the foreground only.
 *
 * @example
 * // `nativeTasks` stands for the app's bridge to the OS task API.
 * const scheduler: OsScheduler = {
 *   request: (wake) => (wake ? nativeTasks.schedule(wake.earliestAt) : nativeTasks.cancel()),
 *   onWake(handler) {
 *     return nativeTasks.onRun(async (taskId, budgetMs) => {
 *       await handler({ deadline: clock.now() + budgetMs, kind: 'refresh' });
 *       nativeTasks.finish(taskId); // exactly once, after the window resolved
 *     });
 *   },
 * };
 */
export interface OsScheduler {
  /**
   * Asks the OS for the next wake-up, replacing the previous request; `null` means nothing
   * waits, so any scheduled wake-up can be cancelled. The queue calls it only when the
   * answer changes. A rejection is reported through the queue's `error` event.
   */
  request(wake: WakeRequest | null): void | Promise<void>;
  /**
   * Registers the handler to call on each OS wake-up; the handler runs a window and
   * resolves with its report before `deadline`. The adapter tells the OS the work is done
   * once it resolved. Returns the function that unregisters the handler.
   */
  onWake(handler: (window: WakeWindow) => Promise<WindowReport>): () => void;
}

/**
 * What an adapter provides to the engine: time, device conditions and OS wake-ups.
 * `systemPlatform()` (core), `createMemoryPlatform()` (adapter-memory) and
 * `createReactNativePlatform()` (adapter-rn) build one.
 *
 * @example
 * const platform: Platform = { clock: systemPlatform().clock, random: Math.random };
 */
export interface Platform {
  /** Time and timers. Required. */
  clock: Clock;
  /** Device conditions. @default always `DEFAULT_CONDITIONS` (online, charging, active) */
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
  /**
   * Lets the host run other work (a frame, a touch, another timer) before the engine goes
   * on with a long piece of work over many jobs. The engine calls it between slices.
   * A platform whose host cannot yield may leave it out.
   * @default what `systemPlatform()` yields with: the host's next macrotask (see docs/performance.md)
   */
  yieldToHost?: () => Promise<void>;
  /**
   * For a platform that simulates a killed process (the memory platform's `crash()`):
   * calls `listener` when the process that registered it dies. A queue registers when it
   * is made; once called, it never acts again (no event, no handler, no write, no timer),
   * whatever store it was given, and it lets its store go. Real platforms leave it out: a
   * real kill stops the code itself. Returns the function that removes the listener.
   * @default none: the process never dies under the queue
   */
  onCrash?(listener: () => void): () => void;
}

/**
 * Where a job is in its life. `enqueued`: waiting for its time, its constraints or a free
 * slot; `blocked`: waiting for the jobs in `after`; `running`: a handler runs it. The final
 * states are `succeeded`, `failed` and `cancelled`; a periodic job goes from `running`
 * back to `enqueued` and ends only when cancelled.
 */
export type JobState = 'enqueued' | 'blocked' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The JSON form of an error, as kept on a job and passed to `retrying`, `failed` and `interrupted` listeners. */
export interface SerializedError {
  /** The error's class name, such as `TimeoutError`. */
  name: string;
  /** The error's message. */
  message: string;
  /** The stable code of a `NightshiftError` (`TIMEOUT`, `PERMANENT`, …), or any string `code` the error had. */
  code?: string;
}

/**
 * A computed retry schedule. After failed attempt n the delay is `initialDelayMs ×
 * multiplier^(n−1)` (exponential), `initialDelayMs × n` (linear) or `initialDelayMs`
 * (fixed), capped at `maxDelayMs`, then spread by a uniform factor in
 * `[1 − jitter, 1 + jitter]` drawn from the platform's random source.
 *
 * @example
 * // 10 s, 20 s, 40 s, … at most 10 min, exactly (no jitter)
 * const backoff: Backoff = { kind: 'exponential', initialDelayMs: 10_000, maxDelayMs: 600_000, jitter: 0 };
 */
export interface Backoff {
  /** How the delay grows with the attempt number. Required. */
  kind: 'exponential' | 'linear' | 'fixed';
  /** The delay after the first failed attempt, in ms (≥ 0). Required. */
  initialDelayMs: number;
  /** Growth factor of `exponential` (> 0); the other kinds ignore it. @default 2 */
  multiplier?: number;
  /** The cap on the delay before jitter, in ms. @default 18_000_000 (5 h) */
  maxDelayMs?: number;
  /** A uniform spread in [1 − jitter, 1 + jitter], within 0..1; `0` makes the schedule exact. @default 0.1 */
  jitter?: number;
}

/** `(attempt, error) => delayMs`, with `attempt` the number of the attempt that just failed. */
export type BackoffFunction = (attempt: number, error: unknown) => number;

/**
 * How often and when a failed job is tried again. `RetryLaterError` overrides the delay of
 * one retry, `PermanentError` skips the remaining attempts. Only the final failure emits
 * `failed`; each retry emits `retrying`.
 *
 * @example
 * const retry: RetryPolicy = { maxAttempts: 5, backoff: { kind: 'linear', initialDelayMs: 60_000 } };
 * const custom: RetryPolicy = { backoff: (attempt) => [1_000, 10_000, 60_000][attempt - 1] ?? 300_000 };
 */
export interface RetryPolicy {
  /** Attempts in all, the first run included (an integer ≥ 1); when the last one fails, the job ends `failed`. @default 3 */
  maxAttempts?: number;
  /**
   * A {@link Backoff} schedule, or a function of the failed attempt's number and its error
   * whose result is used as the delay as it is (no cap, no jitter). A function given to
   * `enqueue` is not persisted: after a restart the job uses its definition's backoff.
   * @default `{ kind: 'exponential', initialDelayMs: 30_000, multiplier: 2, maxDelayMs: 18_000_000, jitter: 0.1 }`
   */
  backoff?: Backoff | BackoffFunction;
}

/**
 * Makes a job periodic: it runs once per period of `everyMs`, in the last `flexMs` of it.
 * The first period starts when the job is enqueued (or at `runAt` / after `delayMs`);
 * periods missed while the app could not run are coalesced into one run, and the schedule
 * stays on its grid. A periodic job ends only when cancelled.
 *
 * @example
 * // Every 6 hours, at any time in the last 2 hours of each period.
 * await queue.enqueue(syncInbox, { since: 0 }, { uniqueKey: 'sync', repeat: { everyMs: 6 * 3_600_000, flexMs: 2 * 3_600_000 } });
 */
export interface RepeatOptions {
  /**
   * The period, in ms (> 0). Required. A platform may raise it to the OS minimum
   * (`Platform.minPeriodMs`), with a `logger.warn`.
   */
  everyMs: number;
  /** The job runs in the last `flexMs` of each period (> 0, at most `everyMs`). @default everyMs: the whole period */
  flexMs?: number;
}

/** A job as the engine stores it: the snapshot's fields plus the engine's own. */
export interface JobRecord {
  /** The job's unique id; stores key the record by it. */
  id: string;
  /** The job type's name. */
  name: string;
  /** The payload, as enqueued (`null` when none was given). */
  payload: Json;
  /** Where the job is in its life. */
  state: JobState;
  /** Attempts spent (in the current period, for a periodic job). */
  attempts: number;
  /** Attempts allowed in all (per period, for a periodic job). */
  maxAttempts: number;
  /** When the job was enqueued. */
  createdAt: number;
  /** When the record last changed. */
  updatedAt: number;
  /** The earliest instant the job may start: its delay, its retry time, or its period's due instant. */
  runAt: number;
  /** Higher runs first among due jobs. */
  priority: number;
  /** The job's tags, for `list` and `cancelWhere`. */
  tags: string[];
  /** The unique-work key, if the job was enqueued with one. */
  uniqueKey?: string;
  /** The period of a periodic job, with `flexMs` resolved. */
  repeat?: {
    /** The period, in ms. */
    everyMs: number;
    /** The job runs in the last `flexMs` of each period. */
    flexMs: number;
  };
  /** Ids of the jobs this one waits for. */
  after?: string[];
  /** The last reported progress. */
  progress?: {
    /** In 0..1. */
    value: number;
    /** The message given with it, if any. */
    message?: string;
  };
  /** The handler's result, once succeeded (absent when it returned `undefined`). */
  result?: Json;
  /** The last error, after a failed or interrupted attempt. */
  error?: SerializedError;
  /** Interruptions of any kind since the job last finished an attempt. */
  interruptions: number;
  /** Enqueue order, a tie-breaker after priority and `runAt`. */
  seq: number;
  /** Per-job constraints from `enqueue`; absent means the definition's apply. */
  constraints?: Constraints;
  /** Per-job retry override; a function backoff is not persisted. */
  retry?: {
    /** Overrides the definition's `maxAttempts`. */
    maxAttempts?: number;
    /** Overrides the definition's backoff. */
    backoff?: Backoff;
  };
  /** Per-job timeout from `enqueue`; absent means the definition's applies. */
  timeoutMs?: number;
  /** What the last `ctx.saveCheckpoint` stored. */
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

/** The second argument of `Store.write`. */
export interface StoreWriteOptions {
  /** Yields to the host (the platform's `yieldToHost`); a store may call it between slices of serializing. */
  yieldToHost?: () => Promise<void>;
}

/**
 * A stored entry that `load()` could not decode. The queue reports it as a
 * `CorruptRecordError` through its `error` event, never writes over it, and refuses a new
 * job with its id (`DuplicateJobIdError`).
 */
export interface CorruptEntry {
  /** The key the entry is stored under. */
  id: string;
  /** Why it could not be read, for the error message. */
  corrupt: string;
}

/** One change in a {@link Store.write}: store (insert or replace) a record, or delete the record with this id. */
export type StoreOp =
  | {
      /** The record to store under its `id`. */
      put: JobRecord;
    }
  | {
      /** The id of the record to delete; deleting an absent id is not an error. */
      delete: string;
    };

/**
 * Where the queue persists its jobs. One process owns a store at a time. Core offers
 * `createMemoryStore()` and `createKeyValueStore(kv)`; `@nightshift/store-sqlite` a durable
 * SQLite store. `runStoreConformance` (in `@nightshift/core/testing`) checks a custom one.
 *
 * @example
 * const rows = new Map<string, string>(); // id → JSON text
 * const store: Store = {
 *   async load() {
 *     return [...rows].map(([id, text]) => readRecord(id, text));
 *   },
 *   async write(ops) {
 *     const next = new Map(rows); // all or nothing
 *     for (const op of ops) 'put' in op ? next.set(op.put.id, JSON.stringify(op.put)) : next.delete(op.delete);
 *     rows.clear();
 *     for (const [id, text] of next) rows.set(id, text);
 *   },
 * };
 */
export interface Store {
  /**
   * Every stored job, read fresh (the queue may change what it gets). An entry that cannot
   * be decoded comes back as a {@link CorruptEntry} instead of failing the whole load.
   */
  load(): Promise<Array<JobRecord | CorruptEntry>>;
  /**
   * The same entries as `load()`, in pages of a few thousand, so that no single read or
   * decode holds the JavaScript thread for long. The engine prefers it to `load()`.
   */
  loadPages?(): AsyncIterable<Array<JobRecord | CorruptEntry>>;
  /**
   * Atomic: every op lands or none does. Resolves once the ops are stored. A store may use
   * `options.yieldToHost` to serialize a large write in slices before its one transaction.
   */
  write(ops: StoreOp[], options?: StoreWriteOptions): Promise<void>;
  /** Waits for pending work and releases what the store holds; `queue.stop()` calls it. */
  close?(): Promise<void>;
}

/** A frozen, public view of one job. */
export interface JobSnapshot<Name extends string = string, P = Json, R = Json> {
  /** The job's unique id (caller-chosen, or random). */
  readonly id: string;
  /** The job type's name. */
  readonly name: Name;
  /** The payload, as enqueued. */
  readonly payload: P;
  /** Where the job is in its life. */
  readonly state: JobState;
  /** Attempts spent (in the current period, for a periodic job). */
  readonly attempts: number;
  /** Attempts allowed in all (per period, for a periodic job). */
  readonly maxAttempts: number;
  /** When the job was enqueued. */
  readonly createdAt: number;
  /** When the job last changed. */
  readonly updatedAt: number;
  /** The earliest instant the job may start: its delay, its retry time, or its period's due instant. */
  readonly runAt: number;
  /** Higher runs first among due jobs. */
  readonly priority: number;
  /** The job's tags (`[]` when none were given). */
  readonly tags: readonly string[];
  /** The unique-work key, if the job was enqueued with one. */
  readonly uniqueKey?: string;
  /** The period of a periodic job, with `flexMs` resolved. */
  readonly repeat?: {
    /** The period, in ms (possibly raised to the platform's minimum). */
    readonly everyMs: number;
    /** The job runs in the last `flexMs` of each period. */
    readonly flexMs: number;
  };
  /** Ids of the jobs this one waits for. */
  readonly after?: readonly string[];
  /** The last progress the handler reported with `ctx.progress`. */
  readonly progress?: {
    /** In 0..1. */
    readonly value: number;
    /** The message given with it, if any. */
    readonly message?: string;
  };
  /** The handler's result, once succeeded; absent when it returned `undefined`. */
  readonly result?: R;
  /** The last error, after a failed or interrupted attempt. */
  readonly error?: SerializedError;
  /**
   * Interruptions of any kind (crash, window expiry, lost constraints, `stop()`) since the
   * job last finished an attempt. They spend no attempt.
   */
  readonly interruptions: number;
}

/**
 * What one background window did; `runWindow` resolves with it before the deadline, and
 * the `window-end` event carries it.
 */
export interface WindowReport {
  /** When the window opened. */
  startedAt: number;
  /** When the window closed. */
  endedAt: number;
  /** The deadline the window was given. */
  deadline: number;
  /** Runs started in this window. */
  ran: number;
  /** Runs in this window that succeeded. */
  succeeded: number;
  /** Runs in this window that failed, whether or not a retry follows. */
  failed: number;
  /** Runs cut short by the window's end (no attempt spent). */
  interrupted: number;
  /**
   * Jobs that were due but did not fit (their expected duration exceeded the time left)
   * and were still waiting when the window closed; they stay `enqueued` at no attempt's cost.
   */
  deferred: number;
  /** The earliest instant any waiting job could run, as asked of the OS; `null` when nothing waits. */
  nextWakeAt: number | null;
  /** `new-data` if any run succeeded, `failed` if runs failed and none succeeded, else `no-data`. */
  result: 'new-data' | 'no-data' | 'failed';
}

/** Per-type counters of a queue since it was created, in {@link QueueStats.byType}. */
export interface TypeStats {
  /** Runs started. */
  runs: number;
  /** Runs that succeeded. */
  succeeded: number;
  /** Attempts that failed, retried or not. */
  failed: number;
  /** Median duration of recent successful runs, `undefined` before the first. */
  durationP50?: number;
  /** 95th percentile duration of recent successful runs, `undefined` before the first. */
  durationP95?: number;
  /** What window admission expects a run of this type to take. */
  expectedDurationMs?: number;
}

/** What `queue.stats()` returns. */
export interface QueueStats {
  /** Jobs the queue holds, by state. */
  counts: Record<JobState, number>;
  /** Counters and durations per job type name. */
  byType: Record<string, TypeStats>;
  /** Background windows since the queue was created. */
  windows: {
    /** `runWindow` calls. */
    run: number;
    /** Windows that reached their stop point (the deadline minus the safety margin) or that the OS ended early through their signal. */
    expired: number;
  };
}

/**
 * Receives the queue's diagnostics. `console` fits. Each method gets a message and
 * structured fields (the job id, the error, …).
 *
 * @example
 * const queue = createQueue({ platform, jobs, logger: console });
 */
export interface Logger {
  /** Tracing detail. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Notable events. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something was adjusted or looks wrong (a period raised to the OS minimum, …). */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** The engine's own failures (a store write that failed, a listener that threw) when no `error` listener is attached. */
  error(message: string, fields?: Record<string, unknown>): void;
}
