import {
  CancelledError,
  ConstraintsUnmetError,
  CorruptRecordError,
  DuplicateJobIdError,
  InterruptedError,
  InvalidOptionsError,
  InvalidPayloadError,
  NightshiftError,
  PayloadTooLargeError,
  PermanentError,
  QueueStoppedError,
  QueueUnavailableError,
  type SerializedError,
  StoreError,
  TimeoutError,
  UnknownJobError,
  WindowExpiredError,
} from '@nightshift/core';

type ErrorClass = new (message: string) => NightshiftError;

const BY_CODE: Record<string, ErrorClass> = {
  CANCELLED: CancelledError,
  CONSTRAINTS_UNMET: ConstraintsUnmetError,
  CORRUPT_RECORD: CorruptRecordError,
  DUPLICATE_ID: DuplicateJobIdError,
  INTERRUPTED: InterruptedError,
  INVALID_OPTIONS: InvalidOptionsError,
  INVALID_PAYLOAD: InvalidPayloadError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  PERMANENT: PermanentError,
  STOPPED: QueueStoppedError,
  UNAVAILABLE: QueueUnavailableError,
  STORE: StoreError,
  TIMEOUT: TimeoutError,
  UNKNOWN_JOB: UnknownJobError,
  WINDOW_EXPIRED: WindowExpiredError,
};

/** An error as it crosses a BroadcastChannel: its name, message and code (plus a corrupt record's id). */
export function toWireError(error: unknown): SerializedError & { id?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: SerializedError & { id?: string } = { name: error.name, message: error.message };
  const { code, id } = error as { code?: unknown; id?: unknown };
  if (typeof code === 'string') wire.code = code;
  if (typeof id === 'string') wire.id = id;
  return wire;
}

/**
 * The error a forwarding tab rethrows: an instance of the same Nightshift class, so that
 * `instanceof` and `code` work in every tab as in the one that runs the jobs. The original
 * stack stays in that tab.
 */
export function fromWireError(wire: SerializedError & { id?: string }): Error {
  const Kind = wire.code === undefined ? undefined : BY_CODE[wire.code];
  let error: Error;
  if (Kind) error = new Kind(wire.message);
  else if (wire.code !== undefined) error = new NightshiftError(wire.code, wire.message);
  else error = new Error(wire.message);
  if (error.name !== wire.name) error.name = wire.name;
  if (wire.id !== undefined) (error as { id?: string }).id = wire.id;
  return error;
}
