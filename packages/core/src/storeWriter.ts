import { StoreError } from './errors';
import type { Clock, Store, StoreOp } from './types';

interface Waiter {
  done: () => void;
  /** Present for writes a caller waits on: they are never retried, the caller gets the error. */
  fail?: (error: StoreError) => void;
}

interface Batch {
  ops: Map<string, StoreOp>;
  waiters: Waiter[];
  /** A caller's write stays its own batch, so its failure cannot take engine changes down with it. */
  caller: boolean;
}

const opId = (op: StoreOp) => ('put' in op ? op.put.id : op.delete);

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

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly onError: (error: StoreError) => void,
    private readonly onBatch: () => void,
  ) {}

  /** Queues `ops`; `done` runs once they landed, in write order. */
  write(ops: StoreOp[], waiter: Waiter): void {
    const last = this.queue[this.queue.length - 1];
    const caller = waiter.fail !== undefined;
    // A batch in flight is sealed; only a later one can still grow.
    const open = last && last !== this.inFlight && !last.caller && !caller ? last : undefined;
    const batch = open ?? { ops: new Map<string, StoreOp>(), waiters: [], caller };
    // The last op on an id wins; ops on different ids are independent, so their order is free.
    for (const op of ops) batch.ops.set(opId(op), op);
    batch.waiters.push(waiter);
    if (!open) this.queue.push(batch);
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

  /** Stops retrying; what is still queued stays unwritten (a stopped or crashed queue). */
  dispose(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.cancelTick?.();
    this.cancelTick = undefined;
  }

  private flush(): void {
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
      promise = this.store.write([...batch.ops.values()]);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(this.onLanded, this.onFailed);
  }

  // Made once: one write is in flight at a time, so the handlers find it in `inFlight`.
  private readonly onLanded = (): void => this.landed(this.inFlight!);
  private readonly onFailed = (cause: unknown): void => this.failed(this.inFlight!, cause);

  private landed(batch: Batch): void {
    this.queue.shift();
    this.retryDelayMs = 0;
    for (const w of batch.waiters) w.done();
    this.inFlight = undefined;
    this.onBatch();
    this.flush();
  }

  private failed(batch: Batch, cause: unknown): void {
    const error =
      cause instanceof StoreError
        ? cause
        : new StoreError(`store write failed: ${describe(cause)}`, { cause });
    if (batch.caller) {
      this.queue.shift();
      this.inFlight = undefined;
      for (const w of batch.waiters) w.fail!(error);
      this.flush();
      return;
    }
    this.onError(error);
    // A caller must not wait behind retries: its write fails at once, as the store does.
    for (let i = this.queue.length - 1; i > 0; i--) {
      const queued = this.queue[i]!;
      if (!queued.caller) continue;
      this.queue.splice(i, 1);
      for (const w of queued.waiters) w.fail!(error);
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
