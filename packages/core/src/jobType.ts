import type { Constraints, Json, JsonProblem, NotJson, RetryPolicy } from './types';

/** What a Standard Schema's `validate` returns: the value, or the issues. */
export type StandardResult<Output> =
  | {
      /** The valid, possibly transformed, value. */
      readonly value: Output;
      /** Absent on success. */
      readonly issues?: undefined;
    }
  | {
      /** Why the value is invalid; the messages go into the `InvalidPayloadError`. */
      readonly issues: ReadonlyArray<{
        /** What is wrong. */
        readonly message: string;
      }>;
    };

/**
 * The `~standard` interface of Standard Schema v1 (zod, valibot, arktype, …): pass such a
 * schema as a job's `validate` and Nightshift checks payloads with it, no adapter needed.
 *
 * @example
 * import { z } from 'zod';
 * const upload = defineJob({ name: 'upload', validate: z.object({ file: z.string() }), run });
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties, under a key that cannot clash with a library's own. */
  readonly '~standard': {
    /** The Standard Schema version: 1. */
    readonly version: 1;
    /** The library that made the schema (`zod`, `valibot`, …). */
    readonly vendor: string;
    /**
     * Checks a value: a result with `value` (the parsed payload) when it is valid, or one
     * with `issues` when it is not. May be asynchronous.
     */
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    /** Type-level only: the schema's input and output types, for inference. */
    readonly types?:
      | {
          /** The type the schema accepts. */
          readonly input: Input;
          /** The type the schema produces. */
          readonly output: Output;
        }
      | undefined;
  };
}

/** What a handler sees of its job and its run. */
export interface JobContext {
  /** The job's id. */
  readonly id: string;
  /** The job type's name. */
  readonly name: string;
  /**
   * 1 + the attempts this job has spent (in this period, for a periodic job): 1 on the first
   * run, 2 on the first retry; an interrupted run spends none, so its rerun sees the same number.
   */
  readonly attempt: number;
  /** Aborted on cancel, timeout, window expiry, lost constraints and `stop()`; `reason` says which. */
  readonly signal: AbortSignal;
  /**
   * When the background window this run belongs to ends; `undefined` in the foreground.
   * Read it when needed: a run handed over to a later window reports that window's deadline.
   */
  readonly deadline: number | undefined;
  /** What the last `saveCheckpoint` of this job stored, across attempts and restarts. */
  readonly checkpoint: Json | undefined;
  /**
   * Durably stores resumable state; resolves once the store wrote it. `data` must be JSON:
   * a value with a Date, a function, `undefined` inside and the like is a type error, and
   * rejects with `InvalidPayloadError` at run time.
   */
  saveCheckpoint<T>(data: T & NotJson<'checkpoint', JsonProblem<T>>): Promise<void>;
  /** Reports progress in 0..1; emits `progress` at once, written with the job's next state change. */
  progress(value: number, message?: string): void;
  /** Results of the jobs named in `after`, by id. */
  readonly dependencies: Record<string, Json>;
}

/**
 * How to define a job type; the options of {@link defineJob}, which checks them and throws
 * `InvalidOptionsError` for bad ones.
 *
 * @example
 * const syncInbox = defineJob({
 *   name: 'sync-inbox',
 *   constraints: { network: 'connected' },
 *   retry: { maxAttempts: 5, backoff: { kind: 'exponential', initialDelayMs: 30_000, maxDelayMs: 5 * 3_600_000 } },
 *   timeoutMs: 20_000,
 *   async run(payload: { since: number }, ctx) {
 *     const res = await fetch(`/inbox?since=${payload.since}`, { signal: ctx.signal });
 *     if (res.status === 401) throw new PermanentError('signed out');
 *     return { count: (await res.json()).length };
 *   },
 * });
 */
export interface JobDefinition<Name extends string, P, R> {
  /** Stable: it is persisted with every job. Unique among a queue's jobs; non-empty. Required. */
  name: Name;
  /**
   * The work. Its result is persisted and must be JSON (or `undefined`, which leaves
   * `result` absent); a result that is not JSON fails the job permanently. Throw
   * `RetryLaterError` or `PermanentError` to steer retries. Required.
   */
  run: (payload: P, ctx: JobContext) => R | Promise<R>;
  /**
   * A Standard Schema or a function that returns the payload or throws. Checked at
   * `enqueue` (rejects with `InvalidPayloadError`) and again before each run (a payload
   * that no longer validates fails the job permanently).
   * @default none
   */
  validate?: StandardSchemaV1<unknown, P> | ((input: unknown) => P);
  /** What the device must offer before a job of this type runs. @default none */
  constraints?: Constraints;
  /** @default `{ maxAttempts: 3, backoff: { kind: 'exponential', initialDelayMs: 30_000, multiplier: 2, maxDelayMs: 18_000_000, jitter: 0.1 } }` */
  retry?: RetryPolicy;
  /**
   * Per attempt, in ms (> 0); on expiry the signal aborts with a `TimeoutError` and the
   * attempt fails (retryable). The retry waits until the handler has settled: stop on
   * `ctx.signal`, or a handler that hangs holds its own job back.
   * @default none
   */
  timeoutMs?: number;
  /** Higher runs first among due jobs; an integer. @default 0 */
  priority?: number;
  /** Most runs of this type at once, an integer ≥ 1. @default unlimited */
  concurrency?: number;
  /**
   * Expected duration of a run, in ms (≥ 0): in a background window, a job is not started
   * when this exceeds the time left.
   * @default learned: the median of this type's recent successful runs
   */
  estimatedDurationMs?: number;
}

/**
 * What `defineJob` adds to a definition's type: nothing when the payload and the result are
 * JSON, else one required key per problem, so that the definition fails to type-check with
 * messages such as `payload is not JSON: $.when is a Date: store date.toISOString() or
 * date.getTime()`. A payload or result of `undefined` (no payload, no result) is fine.
 */
export type JsonChecked<P, R> = NotJson<'payload', JsonProblem<Exclude<P, undefined>>> &
  NotJson<'result', JsonProblem<Exclude<R, undefined | void>>>;

/** A defined job type; pass it to `createQueue({ jobs })` and to `enqueue`. */
export interface JobType<Name extends string = string, P = any, R = any> extends JobDefinition<Name, P, R> {
  /** Marks a value made by `defineJob`. */
  readonly kind: 'nightshift.job';
}

/** The payload type of a job type. */
export type PayloadOf<T> = T extends JobType<string, infer P, any> ? P : never;
/** The result type of a job type (`Awaited` of what `run` returns). */
export type ResultOf<T> = T extends JobType<string, any, infer R> ? Awaited<R> : never;
