import { buildRecord, checkEnqueueOptions } from './buildRecord';
import { cancelChange, cancelDependents } from './cancelChanges';
import { landCancel } from './cancelJobs';
import { catchUpDependencies } from './catchUpDependencies';
import { type Change, callerWrite, commit, enforceRetention } from './commit';
import { type Engine, isPending, whileAlive } from './engine';
import {
  CancelledError,
  DuplicateJobIdError,
  InvalidOptionsError,
  InvalidPayloadError,
  isNightshiftError,
  PayloadTooLargeError,
  serializeError,
  UnknownJobError,
} from './errors';
import { newId, passChosenId } from './ids';
import { type Entry, isFinal, newEntry } from './jobIndex';
import type { JobType } from './jobType';
import { assertJson, utf8Length } from './json';
import { assertStarted } from './lifecycle';
import type { EnqueueOptions } from './queueTypes';
import { plan, requestPump } from './scheduler';
import { sealRecord } from './sealRecord';
import { Slicer } from './slices';
import { deepFreeze, snapshotOf, toSnapshot } from './snapshot';
import { transition } from './transitions';
import type { BackoffFunction, JobRecord, JobSnapshot, Json, StoreOp } from './types';
import { validatePayload } from './validatePayload';

interface Prepared {
  type: JobType;
  payload: Json;
  options: EnqueueOptions;
  backoffFn: BackoffFunction | undefined;
}

/** A job this call writes. `rec` and `op.put` change if a later item of the same call replaces it. */
interface NewJob {
  rec: JobRecord;
  type: JobType;
  replaced: readonly Change[];
  backoffFn: BackoffFunction | undefined;
  op: { put: JobRecord };
  /** Set once the write landed. */
  snap: JobSnapshot | undefined;
}

/** What one item of an `enqueueMany` call comes to. */
type Planned =
  | { existing: Entry }
  /** `keep` against a job an earlier item of the same call enqueues. */
  | { sameAs: NewJob }
  | NewJob;

/**
 * The state of one `enqueueMany` call while it is planned: the ids it takes, and per unique
 * key its unfinished jobs, oldest first: its items see each other as if enqueued one by one.
 */
interface CallPlan {
  /** Ids the caller chose. */
  claimed: Set<string>;
  holders: Map<string, NewJob[]>;
  /** Keys an earlier `replace` of this call took from the jobs the queue holds. */
  replacedKeys: Set<string>;
  ops: StoreOp[];
}

const NO_CHANGES: readonly Change[] = Object.freeze([]);
const NO_OPTIONS: EnqueueOptions = Object.freeze({});
const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * Enqueues jobs in one atomic write: all or none. Nothing reaches memory until the write
 * landed, so a failed write leaves no trace; ids and unique keys are held meanwhile.
 */
export async function enqueueMany(
  e: Engine,
  items: Array<{ type: JobType | string; payload: unknown; options?: EnqueueOptions }>,
): Promise<JobSnapshot[]> {
  assertStarted(e);
  if (!Array.isArray(items)) throw new InvalidOptionsError('enqueueMany takes an array');
  // Only jobs with a `validate` need an await; the rest are checked synchronously, in
  // slices: checking and copying 10,000 payloads would hold the thread for tens of ms.
  const slicer = new Slicer(e);
  const checked: Array<Prepared | Promise<Prepared>> = new Array(items.length);
  let validating = false;
  for (let i = 0; i < items.length; i++) {
    // An item that is not an object is refused by `prepare`, as its type is unknown.
    const item = items[i] as (typeof items)[number] | undefined;
    const p = prepare(e, item?.type as JobType | string, item?.payload, item?.options);
    if (p instanceof Promise) validating = true;
    checked[i] = p;
    if (slicer.spent()) await slicer.next();
  }
  const prepared = validating ? await whileAlive(e, Promise.all(checked)) : (checked as Prepared[]);
  assertStarted(e);
  // Indexed loops on this path: it runs per item, and `for…of` in an async function keeps its iterators.
  let keySet: Set<string> | undefined;
  for (let i = 0; i < prepared.length; i++) {
    const key = prepared[i]!.options.uniqueKey;
    if (key !== undefined) (keySet ??= new Set()).add(key);
  }
  const keys = keySet ? [...keySet] : NO_KEYS;
  // Unique keys are decided one enqueue at a time: wait for any in flight with the same key.
  for (;;) {
    const inFlight = keys.map((k) => e.pendingKeys.get(k)).find(Boolean);
    if (!inFlight) break;
    await whileAlive(e, inFlight);
  }
  assertStarted(e);
  // From here until every job of this call is in the index, its keys and the ids it chose
  // are held: another enqueue waits for the keys and refuses the ids, even while this one
  // yields between slices.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  for (const k of keys) e.pendingKeys.set(k, held);
  const call: CallPlan = { claimed: new Set(), holders: new Map(), replacedKeys: new Set(), ops: [] };
  e.pendingIds.add(call.claimed);
  const locked = new Set<Entry>();
  try {
    return await planWriteLand(e, prepared, call, locked, slicer);
  } finally {
    e.pendingIds.delete(call.claimed);
    for (const k of keys) if (e.pendingKeys.get(k) === held) e.pendingKeys.delete(k);
    release();
    for (const entry of locked) {
      entry.locked = false;
      e.index.place(entry, e.clock.now());
    }
  }
}

/**
 * Plans each item as if enqueued one by one, writes every job in one caller write, then
 * puts them in the index and emits their events in order. Planning and landing run in
 * slices; a job of this call can start only once its `enqueued` event was emitted.
 */
async function planWriteLand(
  e: Engine,
  prepared: Prepared[],
  call: CallPlan,
  locked: Set<Entry>,
  slicer: Slicer,
): Promise<JobSnapshot[]> {
  const now = e.clock.now();
  const plans: Planned[] = new Array(prepared.length);
  for (let i = 0; i < prepared.length; i++) {
    plans[i] = planEnqueue(e, prepared[i]!, now, call);
    if (slicer.spent()) await slicer.next();
    assertStarted(e);
  }
  const { ops } = call;
  if (ops.length === 0) return plans.map((p) => snapshotOf((p as { existing: Entry }).existing));
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i]!;
    if ('replaced' in p && p.replaced.length > 0) for (const c of p.replaced) locked.add(c.entry);
  }
  for (const entry of locked) {
    entry.locked = true;
    e.index.unplace(entry);
  }
  await callerWrite(e, ops);
  const yieldsBefore = slicer.yields;
  const landedAt = e.clock.now();
  const out: JobSnapshot[] = new Array(plans.length);
  const fixups: Change[] = [];
  for (let i = 0; i < plans.length; i++) {
    const planned = plans[i]!;
    if ('existing' in planned) out[i] = snapshotOf(planned.existing);
    // An earlier item of this call: its job has landed above.
    else if ('sameAs' in planned) out[i] = planned.sameAs.snap!;
    else out[i] = land(e, planned, landedAt, fixups);
    if (slicer.spent()) await slicer.next();
  }
  if (fixups.length > 0) commit(e, fixups);
  await enforceRetention(e, slicer);
  requestPump(e);
  plan(e);
  // The jobs joined the index in slices, after the write's own batch notified: tell
  // subscribers again now that every one of them is there.
  if (slicer.yields > yieldsBefore) e.bus.notifySoon();
  return out;
}

/** Puts a job whose write landed in the index and emits its events; returns its snapshot. */
function land(e: Engine, planned: NewJob, landedAt: number, fixups: Change[]): JobSnapshot {
  if (planned.replaced.length > 0)
    for (const change of planned.replaced) landCancel(e, change, landedAt, fixups);
  const entry = newEntry(planned.rec, planned.type, planned.backoffFn);
  e.index.add(entry, landedAt);
  // A job it waits on may have ended while this write was in flight.
  const caughtUp = catchUpDependencies(e, entry, landedAt);
  if (caughtUp) fixups.push(caughtUp);
  // Kept by a job that will wait (due later, or blocked): `list()` over a large backlog then
  // makes none (100,000 in one call cost 30 ms or more), and this one is made for the
  // caller anyway. A job due now starts soon and drops it: keeping it would only move it
  // out of the young generation, which costs throughput.
  const snap = toSnapshot(entry.rec);
  if (entry.rec.runAt > landedAt || entry.rec.state === 'blocked') entry.snap = snap;
  planned.snap = snap;
  e.bus.emit('enqueued', snap);
  if (entry.rec.state === 'cancelled') {
    e.index.noteFinished(entry);
    e.bus.emit('cancelled', snap);
  }
  return snap;
}

function resolveType(e: Engine, typeOrName: JobType | string): JobType {
  const name = typeof typeOrName === 'string' ? typeOrName : typeOrName?.name;
  const type = typeof name === 'string' ? e.types.get(name) : undefined;
  if (!type)
    throw new UnknownJobError(
      `no job named "${String(name)}" is defined in this queue: add it to \`jobs: [...]\` in createQueue`,
    );
  if (typeof typeOrName !== 'string' && typeOrName !== type) {
    throw new UnknownJobError(`job type "${name}" is not the one this queue was created with`);
  }
  return type;
}

/** Checks and copies one item; rejects with a typed error before anything is written. */
function prepare(
  e: Engine,
  typeOrName: JobType | string,
  payload: unknown,
  given: EnqueueOptions | undefined,
): Prepared | Promise<Prepared> {
  const type = resolveType(e, typeOrName);
  // Most items come without options: they share one empty object and skip the checks.
  const options = given === undefined ? NO_OPTIONS : given;
  if (given !== undefined) checkEnqueueOptions(given);
  if (!type.validate) return copyPayload(e, type, payload, options);
  return validatePayload(type.validate, payload).then(
    (value) => copyPayload(e, type, value, options),
    (error: unknown) => {
      throw isNightshiftError(error, 'INVALID_PAYLOAD')
        ? error
        : new InvalidPayloadError(error instanceof Error ? error.message : String(error), { cause: error });
    },
  );
}

/** Checks a payload is JSON within the size limit, and keeps a frozen copy of it. */
function copyPayload(e: Engine, type: JobType, value: unknown, options: EnqueueOptions): Prepared {
  const backoffFn = typeof options.retry?.backoff === 'function' ? options.retry.backoff : undefined;
  // A job without a payload is enqueued with `undefined`; JSON spells that null.
  if (value === undefined || value === null) return { type, payload: null, options, backoffFn };
  assertJson(value);
  const text = JSON.stringify(value);
  const bytes = utf8Length(text);
  if (bytes > e.maxPayloadBytes) {
    throw new PayloadTooLargeError(
      `payload is ${bytes} bytes; this queue takes at most ${e.maxPayloadBytes}`,
    );
  }
  return { type, payload: deepFreeze(JSON.parse(text) as Json), options, backoffFn };
}

/** What one enqueue writes and, once written, does. Synchronous: nothing changes between check and write. */
function planEnqueue(e: Engine, p: Prepared, now: number, call: CallPlan): Planned {
  const { type, options } = p;
  const { claimed, ops } = call;
  let replaced: Change[] | undefined;
  let opts = options;
  // An `append` onto a job of this same call: the one dependency not in the queue yet.
  let inCall: string | undefined;
  const key = options.uniqueKey;
  if (key !== undefined) {
    const holders = call.replacedKeys.has(key)
      ? []
      : (e.index.unique.get(key) ?? []).filter((id) => !e.index.entries.get(id)?.locked);
    // Jobs of this call are newer than any the queue holds.
    const ours = call.holders.get(key) ?? [];
    const newestOurs = ours[ours.length - 1];
    const newest = holders[holders.length - 1];
    if (newestOurs || newest !== undefined) {
      const mode = options.onConflict ?? 'keep';
      if (mode === 'keep')
        return newestOurs ? { sameAs: newestOurs } : { existing: e.index.entries.get(newest!)! };
      if (mode === 'replace') {
        const message = `replaced by a new job with uniqueKey "${key}"`;
        replaced = [];
        const seen = new Set<string>();
        for (const id of holders) {
          replaced.push(cancelChange(e.index.entries.get(id)!, message, now));
          cancelDependents(e, id, `dependency ${id} was cancelled`, now, replaced, seen);
        }
        for (const c of replaced) ops.push({ put: c.rec });
        // Ours are written cancelled instead; only others of ours (same key) depend on them.
        const error = serializeError(new CancelledError(message));
        for (const job of ours) {
          job.rec = transition(job.rec, { type: 'cancel', now, error });
          job.op.put = job.rec;
        }
        call.holders.delete(key);
        call.replacedKeys.add(key);
      } else {
        inCall = newestOurs?.rec.id;
        opts = { ...options, after: [...(options.after ?? []), inCall ?? newest!] };
      }
    }
  }
  // A chosen id is checked against every id in use, and held until the write lands. A made
  // id cannot be in use (see `ids.ts`), and is not held: nobody can know it before it lands.
  let id: string;
  if (opts.id === undefined) id = newId(e);
  else {
    id = opts.id;
    if (e.index.entries.has(id) || isPending(e, id) || e.corruptIds.has(id) || claimed.has(id)) {
      throw new DuplicateJobIdError(`a job with id "${id}" already exists`);
    }
    claimed.add(id);
    passChosenId(e, id);
  }
  let everyMs = opts.repeat?.everyMs;
  const minPeriodMs = e.platform.minPeriodMs;
  if (everyMs !== undefined && minPeriodMs !== undefined && everyMs < minPeriodMs) {
    e.logger?.warn(`repeat.everyMs ${everyMs} is below this platform's minimum; using ${minPeriodMs}`, {
      job: type.name,
    });
    everyMs = minPeriodMs;
  }
  let rec = buildRecord(type, p.payload, opts, { id, now, seq: ++e.seq, everyMs });
  if (rec.after) rec = resolveDependencies(e, rec, now, inCall);
  const op = { put: rec };
  ops.push(op);
  const job: NewJob = {
    rec,
    type,
    replaced: replaced ?? NO_CHANGES,
    backoffFn: p.backoffFn,
    op,
    snap: undefined,
  };
  if (key !== undefined && !isFinal(rec.state)) {
    const ours = call.holders.get(key);
    if (ours) ours.push(job);
    else call.holders.set(key, [job]);
  }
  return job;
}

const own = (value: Json): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

/** `after`: satisfied by jobs that succeeded; a failed or cancelled one cancels the new job at once. */
function resolveDependencies(e: Engine, rec: JobRecord, now: number, inCall: string | undefined): JobRecord {
  const results: Record<string, Json> = {};
  let cancelledBy: string | undefined;
  for (const depId of rec.after ?? []) {
    // Unfinished and not periodic: an earlier item of the same call, with the same key.
    if (depId === inCall) continue;
    const dep = e.index.entries.get(depId);
    if (!dep) throw new InvalidOptionsError(`after names "${depId}", which this queue does not hold`);
    if (dep.rec.repeat) throw new InvalidOptionsError(`after cannot name the periodic job "${depId}"`);
    // A defined property, not `results[depId] =`: an id may be `__proto__`.
    if (dep.rec.state === 'succeeded') Object.defineProperty(results, depId, own(dep.rec.result ?? null));
    else if (dep.rec.state === 'failed' || dep.rec.state === 'cancelled')
      cancelledBy ??= `dependency ${depId} ${dep.rec.state}`;
  }
  if (cancelledBy)
    return transition(rec, { type: 'cancel', now, error: serializeError(new CancelledError(cancelledBy)) });
  if (Object.keys(results).length === 0) return rec;
  const done = rec.after!.every((d) => Object.hasOwn(results, d));
  return sealRecord({ ...rec, dependencyResults: results, state: done ? 'enqueued' : 'blocked' });
}
