import type { Platform } from '../types';

/**
 * A platform whose time stands still at `now` and whose due timers fire on a later
 * microtask: enough for the store suite to drive a real queue through work that waits on
 * nothing but its store. Deterministic, with no host timer, no Node built-in and nothing
 * from `@nightshift/adapter-memory` (which depends on this package). A timer set for a
 * later instant never fires; the suite plans no such work.
 */
export function instantPlatform(now: number): Platform {
  let seed = 1;
  return {
    clock: {
      now: () => now,
      setTimer(at, callback) {
        let live = true;
        if (at <= now) {
          Promise.resolve().then(() => {
            if (live) callback();
          });
        }
        return () => {
          live = false;
        };
      },
    },
    // Park–Miller: the same ids on every run.
    random: () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return (seed - 1) / 2_147_483_646;
    },
    yieldToHost: () => Promise.resolve(),
  };
}
