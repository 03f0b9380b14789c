import type { Constraints, Json, RetryPolicy } from './types';

/** The `~standard` interface of Standard Schema v1 (zod, valibot, arktype, …). */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Output; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<{ readonly message: string }> }
      | Promise<
          | { readonly value: Output; readonly issues?: undefined }
          | { readonly issues: ReadonlyArray<{ readonly message: string }> }
        >;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a handler sees of its job and its run. */
export interface JobContext {
  readonly id: string;
  readonly name: string;
  /** 1 on the first run, 2 on the first retry; an interrupted run's rerun sees the same number. */
  readonly attempt: number;
  /** Aborted on cancel, timeout, window expiry, lost constraints and `stop()`; `reason` says which. */
  readonly signal: AbortSignal;
  /** When the current background window ends; `undefined` in the foreground. */
  readonly deadline: number | undefined;
  /** What the last `saveCheckpoint` of this job stored, across attempts and restarts. */
  readonly checkpoint: Json | undefined;
  /** Durably stores resumable state; resolves once the store wrote it. */
  saveCheckpoint(data: Json): Promise<void>;
  /** Reports progress in 0..1; emits `progress` at once, written with the job's next state change. */
  progress(value: number, message?: string): void;
  /** Results of the jobs named in `after`, by id. */
  readonly dependencies: Record<string, Json>;
}

/** How to define a job type. See {@link defineJob}. */
export interface JobDefinition<Name extends string, P, R> {
  /** Stable: it is persisted with every job. Unique among a queue's jobs. */
  name: Name;
  /** The work. Its result is persisted and must be JSON (or `undefined`). */
  run: (payload: P, ctx: JobContext) => R | Promise<R>;
  /**
   * Checked at `enqueue` (rejects with `InvalidPayloadError`) and again before each run.
   * @default none
   */
  validate?: StandardSchemaV1<unknown, P> | ((input: unknown) => P);
  /** @default none */
  constraints?: Constraints;
  /** @default `{ maxAttempts: 3, backoff: { kind: 'exponential', initialDelayMs: 30_000 } }` */
  retry?: RetryPolicy;
  /** Per attempt. @default none */
  timeoutMs?: number;
  /** Higher runs first among due jobs. @default 0 */
  priority?: number;
  /** Most runs of this type at once. @default unlimited */
  concurrency?: number;
  /** Hint for window admission. @default learned from past successful runs */
  estimatedDurationMs?: number;
}

/** A defined job type; pass it to `createQueue({ jobs })` and to `enqueue`. */
export interface JobType<Name extends string = string, P = any, R = any> extends JobDefinition<Name, P, R> {
  /** Marks a value made by `defineJob`. */
  readonly kind: 'nightshift.job';
}

/** The payload type of a job type. */
export type PayloadOf<T> = T extends JobType<string, infer P, any> ? P : never;
/** The result type of a job type (`Awaited` of what `run` returns). */
export type ResultOf<T> = T extends JobType<string, any, infer R> ? Awaited<R> : never;
