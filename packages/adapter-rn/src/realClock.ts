import type { Clock } from '@nightshift/core';

// setTimeout keeps its delay in a signed 32-bit integer (about 24.8 days); a longer
// delay overflows and fires at once, so long waits are chained.
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The wall clock: `Date.now` and `setTimeout`.
 *
 * - A timer whose instant is already due fires on the next turn of the event loop
 *   (`setImmediate` where the runtime has it, as Hermes does, else a resolved promise), never
 *   through a 1 ms `setTimeout`, so a queue that pumps through its clock stays fast.
 * - A timer more than about 24.8 days ahead is chained through several `setTimeout`s.
 * - Cancelling is idempotent, and a cancelled timer never fires.
 *
 * This is the default clock of {@link createReactNativePlatform} and of the schedulers.
 * It mirrors `systemPlatform().clock` of `@nightshift/core`; it lives here so the adapter
 * does not depend on that export.
 *
 * @example
 * const clock = realClock();
 * const cancel = clock.setTimer(clock.now() + 1_000, () => console.log('a second later'));
 * cancel();
 */
export function realClock(): Clock {
  const g = globalThis as {
    setImmediate?: (callback: () => void) => unknown;
    clearImmediate?: (handle: unknown) => void;
  };
  return {
    now: () => Date.now(),
    setTimer(at, callback) {
      let cancelled = false;
      let handle: ReturnType<typeof setTimeout> | undefined;
      let immediate: unknown;
      const fire = () => {
        if (cancelled) return;
        cancelled = true;
        callback();
      };
      const arm = () => {
        if (cancelled) return;
        const wait = at - Date.now();
        handle =
          wait > MAX_TIMEOUT_MS ? setTimeout(arm, MAX_TIMEOUT_MS) : setTimeout(fire, Math.max(0, wait));
      };
      if (at <= Date.now()) {
        if (g.setImmediate) immediate = g.setImmediate(fire);
        else void Promise.resolve().then(fire);
      } else {
        arm();
      }
      return () => {
        cancelled = true;
        if (handle !== undefined) clearTimeout(handle);
        if (immediate !== undefined) g.clearImmediate?.(immediate);
      };
    },
  };
}
