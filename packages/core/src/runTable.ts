import type { Entry } from './jobIndex';
import type { Run } from './run';
import { RunList } from './runList';
import { holdsSlot, nextRunState, type RunEvent, type RunState } from './runState';

/**
 * Every run of the queue and the slots they hold: the one owner of run state. A run
 * enters through {@link RunTable.begin} and changes state only through
 * {@link RunTable.apply}, which follows the machine in `runState.ts`; the slot counts are
 * kept in step there and nowhere else.
 */
export class RunTable {
  /** Runs that hold a slot (`starting` or `running`), oldest first. */
  private readonly slots = new RunList();
  /** Slots held per type, only for types with a `concurrency` limit (others need no count). */
  private readonly byType = new Map<string, number>();
  /** Aborted runs whose handler has not settled yet. */
  private stoppingCount = 0;
  /** Called once when the last slot is released (`stop()` waits for it). */
  private onEmpty: (() => void) | undefined;

  /** Runs that hold a slot. */
  get size(): number {
    return this.slots.size;
  }

  /** Aborted runs whose handler has not settled yet (a handler that ignores its signal stays here). */
  get stopping(): number {
    return this.stoppingCount;
  }

  /** Whether a run of a type with this `concurrency` limit and name may start. */
  typeHasSlot(name: string, limit: number | undefined): boolean {
    return limit === undefined || (this.byType.get(name) ?? 0) < limit;
  }

  /** A new run, `starting`: it takes its slots now. */
  begin(run: Run): void {
    run.state = 'starting';
    this.slots.add(run);
    if (run.entry.type?.concurrency !== undefined) {
      const name = run.name;
      this.byType.set(name, (this.byType.get(name) ?? 0) + 1);
    }
  }

  /** Applies `event` to `run`; returns the state it left (the same one when the event does not apply). */
  apply(run: Run, event: RunEvent): RunState {
    const before = run.state;
    const next = nextRunState(before, event);
    if (next === undefined) return before;
    run.state = next;
    if (next === 'stopping') this.stoppingCount++;
    else if (before === 'stopping') this.stoppingCount--;
    if (holdsSlot(before) && !holdsSlot(next)) this.release(run);
    return before;
  }

  /** The jobs of the runs that hold a slot, oldest run first; a copy, so runs may end while it is walked. */
  entries(): Entry[] {
    return this.slots.entries();
  }

  /** Calls `callback` once no run holds a slot (at once if none does); a later call replaces it. */
  whenEmpty(callback: (() => void) | undefined): void {
    if (callback && this.slots.size === 0) callback();
    else this.onEmpty = callback;
  }

  private release(run: Run): void {
    this.slots.delete(run);
    if (run.entry.type?.concurrency !== undefined) {
      const name = run.name;
      this.byType.set(name, (this.byType.get(name) ?? 1) - 1);
    }
    if (this.slots.size === 0 && this.onEmpty) {
      const done = this.onEmpty;
      this.onEmpty = undefined;
      done();
    }
  }
}
