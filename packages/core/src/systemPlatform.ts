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
  return {
    clock: {
      now: () => Date.now(),
      setTimer(at, callback) {
        let cancelled = false;
        let handle: ReturnType<typeof setTimeout> | undefined;
        const fire = () => {
          if (!cancelled) callback();
        };
        const arm = () => {
          const wait = at - Date.now();
          if (wait > MAX_TIMEOUT) {
            handle = setTimeout(arm, MAX_TIMEOUT);
          } else {
            handle = setTimeout(fire, Math.max(0, wait));
          }
        };
        if (at <= Date.now()) {
          // A 1 ms setTimeout per job would cap a pumping queue at ~1,000 jobs/s.
          if (g.setImmediate) {
            const immediate = g.setImmediate(fire);
            return () => {
              cancelled = true;
              g.clearImmediate?.(immediate);
            };
          }
          Promise.resolve().then(fire);
          return () => {
            cancelled = true;
          };
        }
        arm();
        return () => {
          cancelled = true;
          if (handle !== undefined) clearTimeout(handle);
        };
      },
    },
    random: Math.random,
  };
}
