const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The timings of Android's deep Doze. Defaults are AOSP `DeviceIdleController.Constants`
 * (frameworks/base apex/jobscheduler/service/java/com/android/server/DeviceIdleController.java):
 * `DEFAULT_INACTIVE_TIMEOUT` 30 min, `DEFAULT_IDLE_AFTER_INACTIVE_TIMEOUT` 30 min,
 * `DEFAULT_IDLE_TIMEOUT` 60 min, `DEFAULT_MAX_IDLE_TIMEOUT` 6 h, `DEFAULT_IDLE_FACTOR` 2,
 * `DEFAULT_IDLE_PENDING_TIMEOUT` 5 min, `DEFAULT_MAX_IDLE_PENDING_TIMEOUT` 10 min,
 * `DEFAULT_IDLE_PENDING_FACTOR` 2.
 *
 * @example
 * const quick: DozeTimings = { ...DOZE_TIMINGS, inactiveMs: 0, idleAfterInactiveMs: 0 };
 */
export interface DozeTimings {
  /** Screen off, unplugged: how long before the device starts watching for motion. */
  inactiveMs: number;
  /** Then how long without motion before it enters deep idle. */
  idleAfterInactiveMs: number;
  /** The first idle period. */
  idleMs: number;
  /** The longest idle period. */
  maxIdleMs: number;
  /** Each idle period is this many times the one before, up to `maxIdleMs`. */
  idleFactor: number;
  /** The first maintenance window, when jobs run. */
  maintenanceMs: number;
  /** The longest maintenance window. */
  maxMaintenanceMs: number;
  /** Each maintenance window is this many times the one before, up to `maxMaintenanceMs`. */
  maintenanceFactor: number;
}

/** AOSP's defaults (see {@link DozeTimings}). */
export const DOZE_TIMINGS: Readonly<DozeTimings> = {
  inactiveMs: 30 * MIN,
  idleAfterInactiveMs: 30 * MIN,
  idleMs: HOUR,
  maxIdleMs: 6 * HOUR,
  idleFactor: 2,
  maintenanceMs: 5 * MIN,
  maxMaintenanceMs: 10 * MIN,
  maintenanceFactor: 2,
};

/** Where an instant falls in Doze's cycle. */
export interface DozePhase {
  /** `awake`: jobs run as usual; `idle`: jobs wait; `maintenance`: jobs run until `until`. */
  state: 'awake' | 'idle' | 'maintenance';
  /** When this phase ends (`Infinity` when the device is not dozing at all). */
  until: number;
}

/**
 * Android's deep Doze as a function of time: once the device has been still, screen-off
 * and unplugged since `idleSince`, it enters deep idle after `inactiveMs +
 * idleAfterInactiveMs`, then alternates idle periods (1 h, 2 h, 4 h, then 6 h each) with
 * maintenance windows (5 min, then 10 min each) in which deferred jobs run. Pure.
 *
 * Light Doze (screen off but moving: maintenance every 5 to 15 minutes) is not modelled:
 * it delays a job by at most its 15-minute period.
 *
 * @param idleSince - since when the device has been still, screen-off and unplugged; `undefined` when it is not.
 * @param at - the instant asked about.
 * @param timings - the cycle's timings. @default DOZE_TIMINGS
 * @returns the phase at `at` and when it ends.
 * @example
 * dozePhase(0, 90 * 60_000); // { state: 'idle', until: 7_200_000 }
 */
export function dozePhase(
  idleSince: number | undefined,
  at: number,
  timings: DozeTimings = DOZE_TIMINGS,
): DozePhase {
  // A cycle that takes no time would never end: treat it as no Doze.
  if (idleSince === undefined || !(timings.idleMs + timings.maintenanceMs > 0))
    return { state: 'awake', until: Number.POSITIVE_INFINITY };
  let start = idleSince + timings.inactiveMs + timings.idleAfterInactiveMs;
  if (at < start) return { state: 'awake', until: start };
  let idle = timings.idleMs;
  let maintenance = timings.maintenanceMs;
  for (;;) {
    const idleEnd = start + Math.min(idle, timings.maxIdleMs);
    if (at < idleEnd) return { state: 'idle', until: idleEnd };
    const maintenanceEnd = idleEnd + Math.min(maintenance, timings.maxMaintenanceMs);
    if (at < maintenanceEnd) return { state: 'maintenance', until: maintenanceEnd };
    start = maintenanceEnd;
    idle = Math.min(idle * timings.idleFactor, timings.maxIdleMs);
    maintenance = Math.min(maintenance * timings.maintenanceFactor, timings.maxMaintenanceMs);
  }
}
