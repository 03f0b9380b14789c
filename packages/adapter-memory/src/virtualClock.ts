import type { Clock } from '@nightshift/core';
import { type TimerEntry, TimerHeap } from './timerHeap';

/**
 * Options of {@link VirtualClock.runUntilIdle} (and `MemoryPlatform.runUntilIdle`).
 *
 * @example
 * await platform.runUntilIdle({ maxMs: 7 * 86_400_000 }); // up to a virtual week
 */
export interface RunUntilIdleOptions {
  /**
   * How far virtual time may move before giving up, so a timer that keeps rescheduling
   * itself cannot loop forever. Timers due later stay pending.
   *
   * @default 86_400_000 (24 hours)
   * @example
   * await clock.runUntilIdle({ maxMs: 60 * 60_000 }); // at most one virtual hour
   */
  maxMs?: number;
}

/**
 * A {@link Clock} whose time moves only when told to.
 *
 * Timers fire in time order (ties in the order they were set), each at its own instant:
 * inside a callback, `now()` equals the instant the timer was set for, or the instant it
 * was set at when that was already past. Nothing fires inside `setTimer`; a timer that is
 * already due fires on the next `advance`. Between two timers the clock yields a real
 * macrotask turn, so promise chains started by one callback settle before the next fires.
 * No real time passes. Calls that move time are serialized: a second `advance` starts
 * when the first has finished, from the instant the first reached.
 *
 * A callback that throws stops the move there: the promise rejects with that error, time
 * stays at that timer's instant and later timers stay pending.
 */
export interface VirtualClock extends Clock {
  /** The virtual time, in epoch milliseconds. */
  now(): number;
  /**
   * Schedules `callback` once at `at`; an instant already past means "as soon as time
   * next moves". Returns a function that cancels the timer (harmless once it fired).
   *
   * @example
   * const cancel = clock.setTimer(clock.now() + 1_000, () => console.log('one second later'));
   */
  setTimer(at: number, callback: () => void): () => void;
  /**
   * Moves time forward by `ms` (≥ 0), firing every timer due on the way; `advance(0)`
   * fires what is due now.
   *
   * @example
   * await clock.advance(60_000);
   */
  advance(ms: number): Promise<void>;
  /** Moves time forward to the instant `at` (an instant already past only fires what is due). */
  advanceTo(at: number): Promise<void>;
  /**
   * Jumps from timer to timer until none is pending, or until the next one lies more than
   * `maxMs` ahead of where it started. Time stops at the last timer fired.
   */
  runUntilIdle(options?: RunUntilIdleOptions): Promise<void>;
  /** How many timers are set and neither fired nor cancelled. */
  pending(): number;
  /** The instant of the earliest pending timer, `undefined` when none is. */
  nextTimerAt(): number | undefined;
  /**
   * Drops every pending timer, as a killed process would. Cancel functions handed out
   * before stay harmless; timers set afterwards work normally.
   */
  clear(): void;
}

type Schedule = (callback: () => void) => unknown;

// Captured at load, so a test that installs fake timers afterwards cannot stall the clock.
const macrotask: Schedule = pickMacrotask();

function pickMacrotask(): Schedule {
  const g = globalThis as { setImmediate?: Schedule; MessageChannel?: typeof MessageChannel };
  const immediate = g.setImmediate;
  if (typeof immediate === 'function') return (cb) => immediate(cb);
  const Channel = g.MessageChannel;
  if (typeof Channel === 'function') {
    return (cb) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        cb();
      };
      channel.port2.postMessage(null);
    };
  }
  const timeout = globalThis.setTimeout;
  return (cb) => timeout(cb, 0);
}

// A macrotask runs only once the microtask queue is empty, however long the chain is.
function settle(): Promise<void> {
  return new Promise((resolve) => macrotask(resolve));
}

function finite(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

const noop = (): void => {};

/**
 * Creates a {@link VirtualClock} starting at `now`.
 *
 * @param now - the starting instant in epoch milliseconds. @default 0
 * @example
 * const clock = createVirtualClock(0);
 * clock.setTimer(500, () => console.log(clock.now())); // 500
 * await clock.advance(1_000);
 */
export function createVirtualClock(now = 0): VirtualClock {
  let current = finite('now', now);
  let heap = new TimerHeap();
  let live = 0;
  let seq = 0;
  let generation = 0;
  let tail: Promise<unknown> = Promise.resolve();

  function serialize(task: () => Promise<void>): Promise<void> {
    const run = tail.then(task);
    tail = run.then(noop, noop);
    return run;
  }

  // Fires timers due by `limit`, one at a time, settling promises before each look.
  async function fireUntil(limit: number): Promise<void> {
    for (;;) {
      await settle();
      const top = heap.peek();
      if (top === undefined || top.at > limit) return;
      heap.pop();
      live--;
      // Marks it spent, so a late cancel neither recounts it nor touches the heap.
      top.cancelled = true;
      current = top.at;
      top.callback();
    }
  }

  return {
    now: () => current,

    setTimer(at, callback) {
      if (typeof at !== 'number' || Number.isNaN(at)) {
        throw new RangeError(`setTimer needs an instant, got ${String(at)}`);
      }
      if (typeof callback !== 'function') throw new TypeError('setTimer needs a callback');
      // A past instant is treated as "now", so it queues behind timers already due now.
      const entry: TimerEntry = { at: Math.max(at, current), seq: seq++, callback, cancelled: false };
      const born = generation;
      heap.push(entry);
      live++;
      return () => {
        if (entry.cancelled || born !== generation) return;
        entry.cancelled = true;
        live--;
        heap.noteCancelled();
      };
    },

    advance(ms) {
      try {
        if (finite('ms', ms) < 0) throw new RangeError(`advance needs ms >= 0, got ${ms}`);
      } catch (error) {
        return Promise.reject(error);
      }
      return serialize(async () => {
        const target = current + ms;
        await fireUntil(target);
        current = target;
      });
    },

    advanceTo(at) {
      try {
        finite('at', at);
      } catch (error) {
        return Promise.reject(error);
      }
      return serialize(async () => {
        const target = Math.max(at, current);
        await fireUntil(target);
        current = target;
      });
    },

    runUntilIdle({ maxMs = 86_400_000 } = {}) {
      try {
        if (finite('maxMs', maxMs) < 0) throw new RangeError(`maxMs must be >= 0, got ${maxMs}`);
      } catch (error) {
        return Promise.reject(error);
      }
      return serialize(() => fireUntil(current + maxMs));
    },

    pending: () => live,

    nextTimerAt: () => heap.peek()?.at,

    clear() {
      generation++;
      heap = new TimerHeap();
      live = 0;
    },
  };
}
