/**
 * The brand of Nightshift's errors. `Symbol.for` gives every copy of the package the same
 * key: an app that loads both the ESM and the CommonJS build (or two versions) still has
 * one brand, where `instanceof` would compare two unrelated classes.
 */
const BRAND = Symbol.for('nightshift.error');
// The classes `kind()` makes; their direct subclasses are the exported error kinds.
const kinds = new WeakSet<object>();

/**
 * The base of every error Nightshift throws or reports. `code` is stable across
 * versions, so match on it rather than on `message` or the class name.
 *
 * `instanceof` works across copies of the package (ESM and CommonJS builds loaded side by
 * side): `error instanceof PermanentError` is true for a `PermanentError` from the other
 * copy too, since it checks the brand and the `code`. {@link isNightshiftError} does the
 * same as a function.
 */
export class NightshiftError extends Error {
  /** The stable code of the error kind, such as `TIMEOUT`; kept on a job's `error.code`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /** Recognises Nightshift's errors by brand and `code`, so that two copies of the package agree. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, often a subclass.
    return isInstance(this, value);
  }
}

function isInstance(cls: Function, value: unknown): boolean {
  if (cls === NightshiftError) return isNightshiftError(value);
  // An exported kind matches by code; a class a user derived from one keeps plain `instanceof`.
  return kinds.has(Object.getPrototypeOf(cls))
    ? isNightshiftError(value, (cls as unknown as { code: string }).code)
    : Function.prototype[Symbol.hasInstance].call(cls, value);
}
Object.defineProperty(NightshiftError.prototype, BRAND, { value: true });

/**
 * Whether `value` is an error Nightshift made (from any copy of the package), with the
 * given `code` when one is passed: what `instanceof` checks on Nightshift's error classes,
 * as a function that narrows by code.
 *
 * @example
 * queue.on('error', (error) => {
 *   if (isNightshiftError(error, 'STORE')) showDiskFullBanner();
 * });
 * @example
 * try { await queue.enqueue(upload, input); }
 * catch (error) { if (isNightshiftError(error, 'INVALID_PAYLOAD')) form.showError(error.message); else throw error; }
 */
export function isNightshiftError<C extends keyof ErrorsByCode>(
  value: unknown,
  code: C,
): value is ErrorsByCode[C];
export function isNightshiftError(value: unknown, code?: string): value is NightshiftError;
export function isNightshiftError(value: unknown, code?: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [BRAND]?: unknown })[BRAND] === true &&
    (code === undefined || (value as { code?: unknown }).code === code)
  );
}

function kind<C extends string>(code: C, name: string) {
  const Kind = class extends NightshiftError {
    /** The stable code of this error kind; kept on a job's `error.code`. */
    static readonly code: C = code;
    /** The stable code of this error kind; kept on a job's `error.code`. */
    declare readonly code: C;
    constructor(message: string, options?: { cause?: unknown }) {
      super(code, message, options);
      // Minifiers rename classes; the name is part of the persisted `error` field.
      this.name = name;
    }
  };
  kinds.add(Kind);
  return Kind;
}

/** Options that make no sense: thrown synchronously by `createQueue`, or rejected by `enqueue`. */
export class InvalidOptionsError extends kind('INVALID_OPTIONS', 'InvalidOptionsError') {}
/** A payload or result that is not JSON, or that its `validate` refused. */
export class InvalidPayloadError extends kind('INVALID_PAYLOAD', 'InvalidPayloadError') {}
/** A payload larger than the queue's `maxPayloadBytes`. */
export class PayloadTooLargeError extends kind('PAYLOAD_TOO_LARGE', 'PayloadTooLargeError') {}
/** An `id` that the queue (or a corrupt record in its store) already holds. */
export class DuplicateJobIdError extends kind('DUPLICATE_ID', 'DuplicateJobIdError') {}
/** A job name no definition has, or an id the queue never had. */
export class UnknownJobError extends kind('UNKNOWN_JOB', 'UnknownJobError') {}
/** A store that failed to load or write; the store's own error is the `cause`. */
export class StoreError extends kind('STORE', 'StoreError') {}
/**
 * `start()` on a store that another queue of the same JS context is running on. Two queues
 * on one store would each run the other's jobs: share one queue (the app and its headless
 * task call the same factory), or `stop()` the first.
 */
export class StoreInUseError extends kind('STORE_IN_USE', 'StoreInUseError') {}
/** A call made before `start()` resolved or after `stop()`. */
export class QueueStoppedError extends kind('STOPPED', 'QueueStoppedError') {}
/** Thrown by a handler: the job fails at once, with no retry. */
export class PermanentError extends kind('PERMANENT', 'PermanentError') {}
/** An attempt that ran past its `timeoutMs`. */
export class TimeoutError extends kind('TIMEOUT', 'TimeoutError') {}
/** A run cut short because its background window ended. */
export class WindowExpiredError extends kind('WINDOW_EXPIRED', 'WindowExpiredError') {}
/** A run cut short because the device no longer meets the job's constraints. */
export class ConstraintsUnmetError extends kind('CONSTRAINTS_UNMET', 'ConstraintsUnmetError') {}
/** A run cut short by `cancel()`. */
export class CancelledError extends kind('CANCELLED', 'CancelledError') {}
/** A run cut short by `stop()` or by the process dying. */
export class InterruptedError extends kind('INTERRUPTED', 'InterruptedError') {}
/** A stored record that cannot be decoded; it is left in the store as it is. */
export class CorruptRecordError extends kind('CORRUPT_RECORD', 'CorruptRecordError') {
  /** The id of the record, when the store could tell it. */
  id?: string;
}

/**
 * No context runs the queue in time: a tab that forwards calls to the one that runs the
 * jobs (web) waited past `handoverTimeoutMs`. A retry with the same job id is safe.
 */
export class QueueUnavailableError extends kind('UNAVAILABLE', 'QueueUnavailableError') {}

/**
 * Thrown by a handler to retry after exactly `delayMs`, ignoring the backoff policy.
 * It still spends an attempt.
 *
 * @example
 * if (res.status === 429) throw new RetryLaterError(Number(res.headers.get('retry-after')) * 1000);
 */
export class RetryLaterError extends kind('RETRY_LATER', 'RetryLaterError') {
  /** The delay before the retry, in ms: finite and ≥ 0, else the constructor throws `InvalidOptionsError`. */
  readonly delayMs: number;
  constructor(delayMs: number, message = `retry in ${delayMs} ms`) {
    super(message);
    if (!Number.isFinite(delayMs) || delayMs < 0) {
      throw new InvalidOptionsError(`RetryLaterError needs a finite delay >= 0, got ${String(delayMs)}`);
    }
    this.delayMs = delayMs;
  }
}

/** Each error kind by its `code`, for {@link isNightshiftError}. */
export interface ErrorsByCode {
  /** {@link InvalidOptionsError} */
  INVALID_OPTIONS: InvalidOptionsError;
  /** {@link InvalidPayloadError} */
  INVALID_PAYLOAD: InvalidPayloadError;
  /** {@link PayloadTooLargeError} */
  PAYLOAD_TOO_LARGE: PayloadTooLargeError;
  /** {@link DuplicateJobIdError} */
  DUPLICATE_ID: DuplicateJobIdError;
  /** {@link UnknownJobError} */
  UNKNOWN_JOB: UnknownJobError;
  /** {@link StoreError} */
  STORE: StoreError;
  /** {@link StoreInUseError} */
  STORE_IN_USE: StoreInUseError;
  /** {@link QueueStoppedError} */
  STOPPED: QueueStoppedError;
  /** {@link PermanentError} */
  PERMANENT: PermanentError;
  /** {@link RetryLaterError} */
  RETRY_LATER: RetryLaterError;
  /** {@link TimeoutError} */
  TIMEOUT: TimeoutError;
  /** {@link WindowExpiredError} */
  WINDOW_EXPIRED: WindowExpiredError;
  /** {@link ConstraintsUnmetError} */
  CONSTRAINTS_UNMET: ConstraintsUnmetError;
  /** {@link CancelledError} */
  CANCELLED: CancelledError;
  /** {@link InterruptedError} */
  INTERRUPTED: InterruptedError;
  /** {@link CorruptRecordError} */
  CORRUPT_RECORD: CorruptRecordError;
  /** {@link QueueUnavailableError} */
  UNAVAILABLE: QueueUnavailableError;
}

/** The `{ name, message, code? }` form of an error, as kept on a job. */
export function serializeError(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string'
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}
