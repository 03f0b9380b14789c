import type { Clock } from '@nightshift/core';

/**
 * Waits one task of the host: every pending promise job (a microtask) runs first. On React
 * Native `setImmediate` is a microtask (Timers/immediateShim.js), so the adapter's test clock
 * (test/fakes/fakeClock.ts), which waits with `setImmediate` as Node's task, would not let a
 * chain of promises settle here; `setTimeout(0)` is a task on both.
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A virtual clock: time moves only through `advance`, timers fire in instant order. */
export interface TaskClock extends Clock {
  advance(ms: number): Promise<void>;
}

/** The adapter's fakeClock, waiting with {@link flush} between timers. */
export function taskClock(start = 1_000_000): TaskClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const next = () => {
    let best: { id: number; at: number } | undefined;
    for (const [id, t] of timers) if (!best || t.at < best.at) best = { id, at: t.at };
    return best;
  };
  return {
    now: () => now,
    setTimer(at, callback) {
      const id = ++seq;
      timers.set(id, { at, callback });
      return () => {
        timers.delete(id);
      };
    },
    async advance(ms) {
      const target = now + ms;
      await flush();
      for (;;) {
        const t = next();
        if (!t || t.at > target) break;
        const timer = timers.get(t.id)!;
        timers.delete(t.id);
        now = Math.max(now, t.at);
        timer.callback();
        await flush();
      }
      now = target;
      await flush();
    },
  };
}
