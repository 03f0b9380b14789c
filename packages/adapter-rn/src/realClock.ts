import { type Clock, systemPlatform } from '@nightshift/core';

/**
 * How long due timers may run back to back through `setImmediate` before one goes through
 * `setTimeout(0)` and lets React Native draw a frame: a quarter of a 60 Hz frame.
 */
export const IMMEDIATE_STREAK_MS = 4;

/**
 * The wall clock: `Date.now` and `setTimeout`.
 *
 * - A timer whose instant is already due fires on the next turn through `setImmediate`,
 *   never through a 1 ms `setTimeout`, so a queue that pumps through its clock stays fast.
 *   But React Native runs `setImmediate` callbacks before the JS thread returns to native
 *   (in the new architecture they are microtasks), so a queue running jobs back to back that
 *   way would never let a frame through. After {@link IMMEDIATE_STREAK_MS} of due timers
 *   without a real timer in between, the next due timer goes through `setTimeout(0)`.
 * - A timer more than about 24.8 days ahead is chained through several `setTimeout`s.
 * - Cancelling is idempotent, and a cancelled timer never fires.
 *
 * This is the default clock of {@link createReactNativePlatform} and of the schedulers.
 *
 * @example
 * const clock = realClock();
 * const cancel = clock.setTimer(clock.now() + 1_000, () => console.log('a second later'));
 * cancel();
 */
export function realClock(): Clock {
  const base = systemPlatform().clock;
  // When the thread last went back to native: a timer of the host's own fired.
  let yielded = Date.now();
  const native = (callback: () => void) => () => {
    yielded = Date.now();
    callback();
  };
  return {
    now: base.now,
    setTimer(at, callback) {
      const now = base.now();
      if (at > now) return base.setTimer(at, native(callback));
      if (now - yielded < IMMEDIATE_STREAK_MS) return base.setTimer(at, callback);
      const handle = setTimeout(native(callback), 0);
      return () => clearTimeout(handle);
    },
  };
}
