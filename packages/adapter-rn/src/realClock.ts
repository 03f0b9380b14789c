import { type Clock, systemPlatform } from '@nightshift/core';

/**
 * The wall clock: `Date.now` and `setTimeout`.
 *
 * - A timer whose instant is already due fires on the next turn of the event loop
 *   (`setImmediate` where the runtime has it, as Hermes does, else a resolved promise), never
 *   through a 1 ms `setTimeout`, so a queue that pumps through its clock stays fast.
 * - A timer more than about 24.8 days ahead is chained through several `setTimeout`s.
 * - Cancelling is idempotent, and a cancelled timer never fires.
 *
 * This is the default clock of {@link createReactNativePlatform} and of the schedulers:
 * `systemPlatform().clock` of `@nightshift/core`, under the name the adapter's options use.
 *
 * @example
 * const clock = realClock();
 * const cancel = clock.setTimer(clock.now() + 1_000, () => console.log('a second later'));
 * cancel();
 */
export function realClock(): Clock {
  return systemPlatform().clock;
}
