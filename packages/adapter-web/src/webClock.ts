import type { Clock } from '@nightshift/core';

// setTimeout keeps its delay in a signed 32-bit integer; a longer one fires at once.
const MAX_TIMEOUT = 2_147_483_647;

interface Slot {
  callback: () => void;
  cancelled: boolean;
}

/**
 * The browser's clock: `Date.now` and `setTimeout`, in a page, a dedicated worker or a
 * service worker.
 *
 * - A timer whose instant is already due fires on the next task, through a
 *   `MessageChannel` message: never inside `setTimer`, never through `setTimeout(0)`,
 *   which nested timers clamp to 4 ms and hidden tabs to a second or more, and never
 *   through a microtask, which would run a queue that pumps through its clock without
 *   ever letting the page render. Due timers set in one task fire together in the next.
 * - A timer never fires before its instant: if `setTimeout` comes back early by the wall
 *   clock, it waits for the rest.
 * - A timer more than about 24.8 days ahead is chained through several `setTimeout`s.
 *
 * Browsers throttle `setTimeout` in hidden tabs (to once a second, and to once a minute
 * after five minutes hidden in Chromium), so a delayed job may start that much late in a
 * hidden tab. Due work is not delayed: it goes through the message channel.
 *
 * @example
 * const clock = webClock();
 * const cancel = clock.setTimer(clock.now() + 1_000, () => console.log('a second later'));
 * cancel();
 */
export function webClock(): Clock {
  let due: Slot[] = [];
  let posted = false;
  const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
  const flush = () => {
    posted = false;
    const batch = due;
    due = [];
    for (const slot of batch) if (!slot.cancelled) slot.callback();
  };
  if (channel) {
    channel.port1.onmessage = flush;
    // Node's MessagePort would keep a test process alive; browsers have no unref.
    (channel.port1 as { unref?: () => void }).unref?.();
  }
  const soon = (slot: Slot) => {
    due.push(slot);
    if (posted) return;
    posted = true;
    if (channel) channel.port2.postMessage(null);
    else setTimeout(flush, 0);
  };

  // The last reading: an instant at or before it is due without reading the clock again.
  let last = 0;
  return {
    now: () => (last = Date.now()),
    setTimer(at, callback) {
      const slot: Slot = { callback, cancelled: false };
      if (at <= last || at <= (last = Date.now())) {
        soon(slot);
        return () => {
          slot.cancelled = true;
        };
      }
      let handle: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        const wait = at - Date.now();
        if (wait <= 0) {
          if (!slot.cancelled) callback();
          return;
        }
        handle = setTimeout(arm, Math.min(wait, MAX_TIMEOUT));
      };
      arm();
      return () => {
        slot.cancelled = true;
        if (handle !== undefined) clearTimeout(handle);
      };
    },
  };
}
