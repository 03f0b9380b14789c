import { type Engine, whileAlive } from './engine';

/**
 * How long a slice of work over many jobs may hold the thread on the reference machine
 * before the engine yields to the host: a quarter of a 60 Hz frame, so that a phone several
 * times slower still keeps its frames (contract: Responsiveness).
 */
export const SLICE_MS = 4;

/**
 * Most items in one slice, whatever the clock says: a virtual clock does not move during
 * synchronous work, and a coarse real one may not either, so the count bounds every slice.
 * About 1 to 3 ms of the heaviest per-item work (start()'s) on the reference machine.
 */
export const SLICE_ITEMS = 1_024;

/** The clock is read once per this many items (a read costs ~50 ns). */
const CHECK_EVERY = 32;

/**
 * Cuts work over many jobs into slices and yields to the host between them. Use it as
 * `if (slicer.spent()) await slicer.next();` after each item. A queue killed while it
 * yields (the memory platform's `crash()`) never resumes.
 */
export class Slicer {
  private items = 0;
  private since: number;
  /** How many times it yielded: for the bench and the tests. */
  yields = 0;

  constructor(private readonly e: Engine) {
    this.since = e.clock.now();
  }

  /** Counts one item; true when this slice is spent and the caller should yield. */
  spent(): boolean {
    const n = ++this.items;
    if (n % CHECK_EVERY !== 0) return false;
    return n >= SLICE_ITEMS || this.e.clock.now() - this.since >= SLICE_MS;
  }

  /** Yields to the host, then starts a new slice. */
  async next(): Promise<void> {
    this.yields++;
    await whileAlive(this.e, this.e.yieldToHost());
    this.items = 0;
    this.since = this.e.clock.now();
  }
}
