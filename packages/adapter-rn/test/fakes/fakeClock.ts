import type { Clock } from '@nightshift/core';

/** Lets every pending promise continuation run (setImmediate runs after the microtask queue). */
export function flush(): Promise<void> {
  // Typed by hand: the package compiles without Node's types, so src cannot use them.
  const { setImmediate } = globalThis as unknown as { setImmediate(callback: () => void): unknown };
  return new Promise((resolve) => setImmediate(resolve));
}

/** A virtual clock: time moves only through `advance`, timers fire in instant order. */
export interface FakeClock extends Clock {
  advance(ms: number): Promise<void>;
  pending(): number;
}

export function fakeClock(start = 1_000_000): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; seq: number; callback: () => void }>();
  const next = () => {
    let best: { id: number; at: number; seq: number } | undefined;
    for (const [id, t] of timers) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))
        best = { id, at: t.at, seq: t.seq };
    }
    return best;
  };
  return {
    now: () => now,
    setTimer(at, callback) {
      const id = ++seq;
      timers.set(id, { at, seq: id, callback });
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
    pending: () => timers.size,
  };
}
