import type { Platform } from './types';

// setTimeout stores its delay as a signed 32-bit integer; longer waits fire at once.
const MAX_TIMEOUT = 2_147_483_647;

/**
 * The platform for a Node server or a plain web page: `Date.now` and `setTimeout`,
 * always active and online, no OS scheduler.
 *
 * @example
 * const queue = createQueue({ platform: systemPlatform(), jobs: [sendEmail] });
 */
export function systemPlatform(): Platform {
  const g = globalThis as {
    setImmediate?: (cb: () => void) => unknown;
    clearImmediate?: (handle: unknown) => void;
  };
  // The last reading: an instant at or before it is due without reading the clock again
  // (the engine sets most timers for the `now()` it just read).
  let last = 0;
  return {
    clock: {
      now: () => (last = Date.now()),
      setTimer(at, callback) {
        if (at <= last || at <= (last = Date.now())) {
          // A 1 ms setTimeout per job would cap a pumping queue at ~1,000 jobs/s.
          if (g.setImmediate) {
            const immediate = g.setImmediate(callback);
            return () => g.clearImmediate?.(immediate);
          }
          // A macrotask, not a resolved promise: jobs run back to back through microtasks
          // would never let a browser draw a frame.
          let cancelled = false;
          macrotask()(() => {
            if (!cancelled) callback();
          });
          return () => {
            cancelled = true;
          };
        }
        let handle: ReturnType<typeof setTimeout>;
        const arm = () => {
          const wait = at - Date.now();
          // Past the 32-bit limit setTimeout fires at once: wait in steps instead.
          handle =
            wait > MAX_TIMEOUT ? setTimeout(arm, MAX_TIMEOUT) : setTimeout(callback, Math.max(0, wait));
        };
        arm();
        return () => clearTimeout(handle);
      },
    },
    random: Math.random,
    yieldToHost: defaultYieldToHost,
  };
}

type Schedule = (callback: () => void) => void;

/**
 * The host's next macrotask: `setImmediate` where it exists (Node, Bun), else a
 * `MessageChannel` message (browsers, workers, Deno), else `setTimeout(0)`. Picked at each
 * use (a few `typeof` checks), so fake timers installed by a test are never bypassed.
 */
function macrotask(): Schedule {
  const g = globalThis as {
    setImmediate?: (cb: () => void) => unknown;
    MessageChannel?: typeof MessageChannel;
  };
  const immediate = g.setImmediate;
  if (typeof immediate === 'function') return (cb) => void immediate(cb);
  const Channel = g.MessageChannel;
  if (typeof Channel === 'function') {
    // A channel per yield, closed once it delivered: an open port would keep some hosts'
    // event loops alive. Yields are a few milliseconds apart, so the cost does not matter.
    return (cb) => {
      const channel = new Channel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        cb();
      };
      channel.port2.postMessage(null);
    };
  }
  return (cb) => void setTimeout(cb, 0);
}

/**
 * Resolves on the host's next macrotask, so a frame, a touch or another timer can run
 * before the engine goes on: what the engine uses between slices when the platform has no
 * `yieldToHost` of its own.
 */
export function defaultYieldToHost(): Promise<void> {
  const schedule = macrotask();
  return new Promise((resolve) => schedule(resolve));
}
