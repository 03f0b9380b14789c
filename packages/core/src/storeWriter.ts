import { isNightshiftError, StoreError } from './errors';
import type { Clock, Store, StoreOp, StoreWriteOptions } from './types';

interface Waiter {
  done: () => void;
  /** Present for writes a caller waits on: they are never retried, the caller gets the error. */
  fail?: (error: StoreError) => void;
}

/** One `write` call: its ops as given (not copied) and who waits for them. */
interface Part {
  ops: StoreOp[];
  waiter: Waiter;
  next: Part | undefined;
}

/**
 * The writes that go to the store as one transaction, as a list of their parts: a tick's
 * batch costs a small object per write, not a map and two growing arrays.
 */
interface Batch {
  head: Part;
  tail: Part;
  /** Ops in all parts. */
  size: number;
  /** A caller's write stays its own batch, so its failure cannot take engine changes down with it. */
  caller: boolean;
}

const opId = (op: StoreOp) => ('put' in op ? op.put.id : op.delete);

/**
 * What a batch sends: its parts' ops in write order, only the last op on an id (ops on
 * different ids are independent, so their order is free). A small batch (a tick at
 * concurrency 1) is checked pairwise, which allocates nothing.
 */
function batchOps(batch: Batch): StoreOp[] {
  let ops = batch.head.ops;
  if (batch.head !== batch.tail) {
    ops = new Array(batch.size);
    let i = 0;
    for (let part: Part | undefined = batch.head; part; part = part.next)
      for (const op of part.ops) ops[i++] = op;
  }
  // A caller's write is one call's ops, which never name an id twice (see `enqueue.ts` and
  // `cancelJobs.ts`): 10,000 of them need no map. The engine's batches gather many commits.
  if (batch.caller) return ops;
  let repeated = ops.length > 8;
  for (let i = 1; i < ops.length && !repeated; i++)
    for (let j = 0; j < i && !repeated; j++) repeated = opId(ops[j]!) === opId(ops[i]!);
  if (!repeated) return ops;
  const byId = new Map<string, StoreOp>();
  for (const op of ops) byId.set(opId(op), op);
  return [...byId.values()];
}

function failAll(batch: Batch, error: StoreError): void {
  for (let part: Part | undefined = batch.head; part; part = part.next) part.waiter.fail!(error);
}

/**
 * Serialises every store write and groups the engine's own changes: what piles up while a
 * write is in flight goes out as one transaction. Engine writes that fail are retried with
 * backoff on the platform clock until they land; a caller's write fails at once.
 */
export class StoreWriter {
  private readonly queue: Batch[] = [];
  private inFlight: Batch | undefined;
  /** How the next flush is due: a microtask for a caller's write, the clock's next tick for the engine's. */
  private scheduled: 'microtask' | 'tick' | undefined;
  private cancelTick: (() => void) | undefined;
  private retryDelayMs = 0;
  private cancelRetry: (() => void) | undefined;
  private drained: Array<() => void> = [];
  /**
   * Set by the engine while it runs a tick of its own, which ends with `flushNow`: its
   * writes meanwhile need no timer to flush them.
   */
  holding = false;
  /** The process died: nothing more reaches the store, and nobody hears back from it. */
  private dead = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onError: (error: StoreError) => void,
    private readonly onBatch: () => void,
    /** Passed to every `store.write`: a store may serialize a large write in slices before its transaction. */
    private readonly writeOptions: StoreWriteOptions = {},
  ) {}

  /** Queues `ops`, which the writer keeps as they are (do not change them after); `done` runs once they landed, in write order. */
  write(ops: StoreOp[], waiter: Waiter): void {
    if (this.dead) return;
    const last = this.queue[this.queue.length - 1];
    const caller = waiter.fail !== undefined;
    // A batch in flight is sealed; only a later one can still grow.
    const open = last && last !== this.inFlight && !last.caller && !caller ? last : undefined;
    const part: Part = { ops, waiter, next: undefined };
    if (open) {
      open.tail.next = part;
      open.tail = part;
      open.size += ops.length;
    } else this.queue.push({ head: part, tail: part, size: ops.length, caller });
    if (caller && this.cancelRetry) {
      // The store failed an engine write a moment ago: try again now rather than keep a caller waiting.
      this.cancelRetry();
      this.cancelRetry = undefined;
      this.inFlight = undefined;
      this.flush();
      return;
    }
    if (this.inFlight) return;
    if (caller) this.flushSoon();
    else if (!this.scheduled && !this.holding) {
      // Group commit: every change the engine makes until the clock's next tick (one turn of
      // the event loop on a real clock) goes out in one transaction.
      this.scheduled = 'tick';
      this.cancelTick = this.clock.setTimer(this.clock.now(), () => {
        this.cancelTick = undefined;
        this.scheduled = undefined;
        if (!this.inFlight) this.flush();
      });
    }
  }

  /**
   * Flushes after the current microtasks: someone is waiting for this write, or the engine
   * ends a tick of its own and everything of that tick is already queued.
   */
  flushSoon(): void {
    if (!this.pending || this.inFlight) return;
    if (this.scheduled === 'microtask') return;
    this.cancelTick?.();
    this.cancelTick = undefined;
    this.scheduled = 'microtask';
    Promise.resolve().then(() => {
      this.scheduled = undefined;
      if (!this.inFlight) this.flush();
    });
  }

  /** Flushes at once: the engine's own tick ended, everything of that tick is queued. */
  flushNow(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.cancelTick?.();
    this.cancelTick = undefined;
    this.scheduled = undefined;
    this.flush();
  }

  /** Resolves once every queued write landed (or was given up by its caller). */
  idle(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    if (this.scheduled === 'tick') this.flushSoon();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  get pending(): boolean {
    return this.inFlight !== undefined || this.queue.length > 0;
  }

  /**
   * The process died (the memory platform's `crash()`): what is queued is dropped, a write
   * in flight is never heard back from, nothing is retried, and no waiter is ever called.
   */
  kill(): void {
    this.dead = true;
    this.queue.length = 0;
    this.drained = [];
    this.dispose();
  }

  /** Stops retrying; what is still queued stays unwritten (a stopped queue). */
  dispose(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.cancelTick?.();
    this.cancelTick = undefined;
  }

  private flush(): void {
    if (this.dead) return;
    const batch = this.queue[0];
    if (!batch) {
      const drained = this.drained;
      this.drained = [];
      for (const resolve of drained) resolve();
      return;
    }
    this.inFlight = batch;
    let promise: Promise<void>;
    try {
      promise = this.store.write(batchOps(batch), this.writeOptions);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(this.onLanded, this.onFailed);
  }

  // Made once: one write is in flight at a time, so the handlers find it in `inFlight`.
  private readonly onLanded = (): void => this.landed(this.inFlight!);
  private readonly onFailed = (cause: unknown): void => this.failed(this.inFlight!, cause);

  private landed(batch: Batch): void {
    if (this.dead) return;
    this.queue.shift();
    this.retryDelayMs = 0;
    for (let part: Part | undefined = batch.head; part; part = part.next) part.waiter.done();
    this.inFlight = undefined;
    this.onBatch();
    this.flush();
  }

  private failed(batch: Batch, cause: unknown): void {
    if (this.dead) return;
    const error = isNightshiftError(cause, 'STORE')
      ? cause
      : new StoreError(`store write failed: ${describe(cause)}`, { cause });
    if (batch.caller) {
      this.queue.shift();
      this.inFlight = undefined;
      failAll(batch, error);
      this.flush();
      return;
    }
    this.onError(error);
    // A caller must not wait behind retries: its write fails at once, as the store does.
    for (let i = this.queue.length - 1; i > 0; i--) {
      const queued = this.queue[i]!;
      if (!queued.caller) continue;
      this.queue.splice(i, 1);
      failAll(queued, error);
    }
    // Up to 30 s between tries: a locked or full database usually clears up on its own.
    this.retryDelayMs = Math.min(30_000, this.retryDelayMs === 0 ? 50 : this.retryDelayMs * 2);
    this.cancelRetry = this.clock.setTimer(this.clock.now() + this.retryDelayMs, () => {
      this.cancelRetry = undefined;
      this.inFlight = undefined;
      this.flush();
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
