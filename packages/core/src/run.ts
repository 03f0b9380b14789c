import type { Engine } from './engine';
import { InterruptedError, InvalidOptionsError } from './errors';
import type { Entry } from './jobIndex';
import type { JobContext } from './jobType';
import { assertJson, cloneJson } from './json';
import type { RunState } from './runState';
import { deepFreeze, snapshotOf } from './snapshot';
import { transition } from './transitions';
import type { Json } from './types';
import type { OpenWindow } from './windowSet';

/**
 * One attempt in progress, and what its handler sees as `ctx`: one object per attempt.
 * Its identity is its token: a late outcome of another run is discarded. A class, so every
 * run has one shape. Its two methods are made on first use and bound, so a handler may
 * destructure them (`const { progress } = ctx`), and a run that never calls them never
 * pays for them.
 */
export class Run implements JobContext {
  // `declare`: set in the constructor, so no field initialisers run (they cost a
  // defineProperty each in the down-levelled build).
  declare readonly id: string;
  declare readonly name: string;
  declare readonly attempt: number;
  declare readonly checkpoint: Json | undefined;
  declare readonly dependencies: Record<string, Json>;
  declare readonly entry: Entry;
  declare readonly startedAt: number;
  /** Where the run is in its life; only the engine's `RunTable` changes it. */
  declare state: RunState;
  /** The window the run belongs to; a later open window takes it over when this one stops. */
  declare window: OpenWindow | undefined;
  /** Made on first use of `ctx.signal`: most handlers never read it, and each costs. */
  declare controller: AbortController | undefined;
  /** Why the run was cut short; a signal asked for afterwards is born aborted with it. */
  declare abortReason: Error | undefined;
  declare cancelTimeout: (() => void) | undefined;
  /** Neighbours in the run table's list of runs that hold a slot. */
  declare prev: Run | undefined;
  declare next: Run | undefined;
  declare private readonly e: Engine;
  declare private bound: Pick<JobContext, 'saveCheckpoint' | 'progress'> | undefined;

  constructor(e: Engine, entry: Entry, startedAt: number, window: OpenWindow | undefined) {
    const rec = entry.rec;
    this.id = rec.id;
    this.name = rec.name;
    this.attempt = rec.attempts + 1;
    this.checkpoint = rec.checkpoint;
    this.dependencies = rec.dependencyResults ?? NO_DEPENDENCIES;
    this.entry = entry;
    this.startedAt = startedAt;
    this.state = 'starting';
    this.window = window;
    this.controller = undefined;
    this.abortReason = undefined;
    this.cancelTimeout = undefined;
    this.prev = undefined;
    this.next = undefined;
    this.e = e;
    this.bound = undefined;
  }

  private methods(): Pick<JobContext, 'saveCheckpoint' | 'progress'> {
    if (!this.bound) {
      const { e, entry } = this;
      this.bound = {
        saveCheckpoint: (data) => saveCheckpoint(e, entry, this, data as Json),
        progress: (value, message) => reportProgress(e, entry, this, value, message),
      };
    }
    return this.bound;
  }

  get saveCheckpoint(): JobContext['saveCheckpoint'] {
    return this.methods().saveCheckpoint;
  }

  get progress(): JobContext['progress'] {
    return this.methods().progress;
  }

  /** Made when first asked for; born aborted if the run was already cut short. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.abortReason) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  /** A getter: a run handed over to a later window reports that window's deadline. */
  get deadline(): number | undefined {
    return this.window?.deadline;
  }
}

/** What a job with no `after` sees: one frozen object, shared. */
const NO_DEPENDENCIES: Record<string, Json> = Object.freeze({});

function reportProgress(e: Engine, entry: Entry, run: Run, value: number, message?: string): void {
  if (run.state !== 'running') return;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidOptionsError(`progress must be a number within 0..1, got ${String(value)}`);
  }
  if (message !== undefined && typeof message !== 'string')
    throw new InvalidOptionsError('progress message must be a string');
  // Held in memory: written with the job's next state change, not once per call.
  e.index.update(entry, transition(entry.rec, { type: 'progress', value, message }), e.clock.now());
  e.bus.emit('progress', snapshotOf(entry), value, message);
  e.bus.notifySoon();
}

function saveCheckpoint(e: Engine, entry: Entry, run: Run, data: Json): Promise<void> {
  if (run.state !== 'running') return Promise.reject(new InterruptedError('this run has ended'));
  try {
    assertJson(data, 'checkpoint');
  } catch (error) {
    return Promise.reject(error);
  }
  const frozen = deepFreeze(cloneJson(data));
  const before = entry.rec.checkpoint;
  const rec = transition(entry.rec, { type: 'checkpoint', now: e.clock.now(), data: frozen });
  // Kept in memory at once so the run's own next write carries it; undone if the write fails.
  e.index.update(entry, rec, e.clock.now());
  return new Promise<void>((resolve, reject) =>
    e.writer.write([{ put: rec }], {
      done: resolve,
      fail: (error) => {
        if (entry.rec.checkpoint === frozen) {
          const undone = { ...entry.rec };
          if (before === undefined) delete undone.checkpoint;
          else undone.checkpoint = before;
          e.index.update(entry, undone, e.clock.now());
        }
        reject(error);
      },
    }),
  );
}
