import type { Run } from './run';
import type { StoreWriter } from './storeWriter';
import type { Clock } from './types';

/** Work for the engine's next tick: an outcome to apply, or a started run whose handler is to be called. */
type Work = (() => void) | Run;

/**
 * The engine's next turn on the platform clock: one timer runs every piece of work deferred
 * meanwhile, then one pump for the slots that work freed, then one store write for
 * everything it changed. The engine acts only from here, from another platform callback, or
 * inside a call the user made: never from a bare promise continuation, so a process the
 * memory platform killed (it drops every timer) never calls a handler or applies an outcome.
 */
export class Tick {
  // The arrays keep their length and are overwritten (setting an array's `length` is a
  // runtime call in V8); the two swap, so a tick allocates none.
  private work: Array<Work | undefined> = [];
  private count = 0;
  private spare: Array<Work | undefined> = [];
  private timer: (() => void) | undefined;
  private pumpTimer: (() => void) | undefined;
  /** Inside the tick: a pump asked for now runs at its end, with no timer of its own. */
  private inside = false;
  private pumpWanted = false;
  private dead = false;

  constructor(
    private readonly clock: Clock,
    private readonly writer: StoreWriter,
    private readonly invoke: (run: Run) => void,
    private readonly pump: () => void,
  ) {}

  /** Runs `work` on the clock's next tick; one timer serves every call made meanwhile. */
  defer(work: Work): void {
    if (this.dead) return;
    this.work[this.count++] = work;
    if (!this.timer) this.timer = this.clock.setTimer(this.clock.now(), this.onTimer);
  }

  /** Asks for a pump on the clock's next tick (at the end of this one, when inside it). */
  requestPump(): void {
    if (this.pumpTimer || this.dead) return;
    if (this.inside) {
      this.pumpWanted = true;
      return;
    }
    this.pumpTimer = this.clock.setTimer(this.clock.now(), this.onPumpTimer);
  }

  /** Drops a pump asked for and not yet run (the queue stops, or pumps right now). */
  cancelPump(): void {
    this.pumpTimer?.();
    this.pumpTimer = undefined;
    this.pumpWanted = false;
  }

  /** The process died: nothing deferred runs, and nothing more is deferred. */
  kill(): void {
    this.dead = true;
    this.timer?.();
    this.timer = undefined;
    this.cancelPump();
  }

  private readonly onPumpTimer = (): void => {
    this.pumpTimer = undefined;
    if (!this.dead) this.pump();
  };

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.dead) return;
    const batch = this.work;
    const count = this.count;
    this.work = this.spare;
    this.count = 0;
    this.inside = true;
    this.writer.holding = true;
    let i = 0;
    try {
      for (; i < count; i++) {
        const work = batch[i]!;
        // Dropped as it runs, so the spare array holds on to nothing.
        batch[i] = undefined;
        if (typeof work === 'function') work();
        else this.invoke(work);
      }
      this.inside = false;
      // Outcomes applied above freed slots: fill them in this same tick rather than the next.
      if (this.pumpWanted || this.pumpTimer) {
        this.cancelPump();
        this.pump();
      }
    } finally {
      // Also when something above threw: a writer left holding would never flush again.
      this.inside = false;
      for (; i < count; i++) batch[i] = undefined;
      this.spare = batch;
      this.writer.holding = false;
      // This tick's changes are all queued: write them now rather than a tick later.
      this.writer.flushNow();
    }
  };
}
