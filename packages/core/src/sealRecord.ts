import { deepFreeze } from './snapshot';
import type { JobRecord } from './types';

/**
 * Freezes an engine-made record so nobody can change it any more; a store in this package
 * then keeps it by reference instead of copying it. A transition shares every nested value
 * with a sealed record except the few it makes anew, so only those are frozen here: O(1).
 */
export function sealRecord(rec: JobRecord): JobRecord {
  Object.freeze(rec);
  if (rec.error) Object.freeze(rec.error);
  if (rec.progress) Object.freeze(rec.progress);
  if (rec.dependencyResults) Object.freeze(rec.dependencyResults);
  return rec;
}

/** Seals a record whose nested values are not known to be frozen (a new or a loaded one). */
export function sealNewRecord(rec: JobRecord): JobRecord {
  return deepFreeze(rec);
}

/**
 * Seals a record that `enqueue` just built: its payload is frozen already, and only the
 * small option objects it made need freezing.
 */
export function sealBuiltRecord(rec: JobRecord): JobRecord {
  Object.freeze(rec.tags);
  if (rec.constraints) Object.freeze(rec.constraints);
  if (rec.retry) deepFreeze(rec.retry);
  if (rec.repeat) Object.freeze(rec.repeat);
  if (rec.after) Object.freeze(rec.after);
  if (rec.error) Object.freeze(rec.error);
  return Object.freeze(rec);
}

/**
 * Whether a record may be kept by reference: frozen, with its nested values frozen too.
 * Engine records always are; a caller's record that is frozen only on top is copied.
 */
export function isSealed(rec: JobRecord): boolean {
  return (
    Object.isFrozen(rec) &&
    Object.isFrozen(rec.payload) &&
    Object.isFrozen(rec.tags) &&
    (rec.result === undefined || Object.isFrozen(rec.result)) &&
    (rec.checkpoint === undefined || Object.isFrozen(rec.checkpoint)) &&
    (rec.error === undefined || Object.isFrozen(rec.error))
  );
}
