import { deepFreeze } from './snapshot';
import type { JobRecord } from './types';

/**
 * Marks records the engine made. The engine never changes a record once made (a
 * transition makes a new one, and shares every nested value, which is frozen), so a store
 * in this package may keep a marked record by reference instead of copying it. A symbol
 * key: JSON never sees it, and spreading a marked record carries the mark along.
 */
export const SEALED: unique symbol = Symbol('nightshift.sealed');

type Marked = JobRecord & { [SEALED]?: true };

/** Seals a record made by a transition: only the nested values it made anew need freezing. */
export function sealRecord(rec: JobRecord): JobRecord {
  if (rec.error && !Object.isFrozen(rec.error)) Object.freeze(rec.error);
  if (rec.progress && !Object.isFrozen(rec.progress)) Object.freeze(rec.progress);
  if (rec.dependencyResults && !Object.isFrozen(rec.dependencyResults)) Object.freeze(rec.dependencyResults);
  if ((rec as Marked)[SEALED] !== true) (rec as Marked)[SEALED] = true;
  return rec;
}

/**
 * Freezes what a loaded record holds, by name: no list of keys per record, on a start that
 * loads 100,000. The record is not marked: the engine never writes a loaded record back as
 * it is (a change writes the new record of a transition, which is marked), so the mark
 * would buy nothing and cost each record a property added after `JSON.parse` made it.
 */
export function freezeLoadedRecord(rec: JobRecord): JobRecord {
  deepFreeze(rec.payload);
  deepFreeze(rec.tags);
  deepFreeze(rec.repeat);
  deepFreeze(rec.after);
  deepFreeze(rec.progress);
  deepFreeze(rec.result);
  deepFreeze(rec.error);
  deepFreeze(rec.constraints);
  deepFreeze(rec.retry);
  deepFreeze(rec.checkpoint);
  deepFreeze(rec.dependencyResults);
  return rec;
}

/**
 * Seals a record that `enqueue` just built: its payload is frozen already, and only the
 * small option objects it made need freezing.
 */
export function sealBuiltRecord(rec: JobRecord): JobRecord {
  // Empty tags are one shared, frozen array; others are a fresh copy. No `isFrozen` call per job.
  if (rec.tags.length > 0) Object.freeze(rec.tags);
  if (rec.constraints) Object.freeze(rec.constraints);
  if (rec.retry) deepFreeze(rec.retry);
  if (rec.repeat) Object.freeze(rec.repeat);
  if (rec.after) Object.freeze(rec.after);
  if (rec.error) Object.freeze(rec.error);
  (rec as Marked)[SEALED] = true;
  return rec;
}

/** Whether the engine made this record, so it may be kept by reference. */
export function isSealed(rec: JobRecord): boolean {
  return (rec as Marked)[SEALED] === true;
}
