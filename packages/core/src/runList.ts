import type { Entry } from './jobIndex';
import type { Run } from './run';

/**
 * The jobs running now, in the order they started: a list linked through their runs.
 * A `Set` would do, but a set that gains and loses one member per job leaves a deleted
 * slot behind each time and reallocates its table every few jobs; linking the runs
 * allocates nothing.
 */
export class RunList {
  private head: Run | undefined;
  private tail: Run | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a run; it must not be in the list already. */
  add(run: Run): void {
    run.prev = this.tail;
    run.next = undefined;
    if (this.tail) this.tail.next = run;
    else this.head = run;
    this.tail = run;
    this.count++;
  }

  /** Removes a run that is in the list. */
  delete(run: Run): void {
    if (run.prev) run.prev.next = run.next;
    else this.head = run.next;
    if (run.next) run.next.prev = run.prev;
    else this.tail = run.prev;
    run.prev = undefined;
    run.next = undefined;
    this.count--;
  }

  /** The running jobs, oldest run first; a copy, so the caller may end runs while it walks it. */
  entries(): Entry[] {
    const out: Entry[] = new Array(this.count);
    let i = 0;
    for (let run = this.head; run; run = run.next) out[i++] = run.entry;
    return out;
  }
}
