const MIN = 60_000;
const DAY = 86_400_000;

/** An Android vendor's background restrictions on top of AOSP's. */
export type AndroidOem = 'stock' | 'samsung' | 'xiaomi';

/**
 * What a vendor adds to stock Android's rules. Sources in docs/simulation.md
 * (dontkillmyapp.com, Samsung's developer documentation).
 *
 * @example
 * androidPolicy({ oem: 'xiaomi', oemRules: { killAfterBackgroundMs: 30 * 60_000 } });
 */
export interface OemRules {
  /** A swipe from recents (a force-quit) stops background work until the app is opened. */
  forceQuitStopsWork: boolean;
  /** Background work needs a live process: the OS does not launch the app for a job (no "autostart"). */
  needsLiveProcess: boolean;
  /** The OS kills the app's process this long after it went to the background; `undefined` for never. */
  killAfterBackgroundMs: number | undefined;
  /** After this long unopened the app becomes a "sleeping app" (the restricted bucket); `undefined` for never. */
  sleepAfterUnusedMs: number | undefined;
  /** After this long unopened the app becomes a "deep sleeping app": no background work at all; `undefined` for never. */
  deepSleepAfterUnusedMs: number | undefined;
}

/**
 * - `stock`: AOSP and Pixel: a swipe from recents leaves jobs scheduled (only "Force stop"
 *   in settings cancels them).
 * - `samsung`: "Background applications that have not been used for about 3 days … will go
 *   into the sleeping mode. A bucket restriction applies" (the restricted bucket), and after
 *   "16 days" deep sleeping: "Inactive applications can't perform any activities"
 *   (developer.samsung.com, "Samsung Application Management"; dontkillmyapp.com/samsung:
 *   unused apps are put to sleep "after a few days (3 by default)").
 * - `xiaomi`: dontkillmyapp.com/xiaomi: "In default settings, background processing simply
 *   does not work right"; autostart is denied by default, so jobs run only while a process
 *   lives, and clearing the app from recents kills it. dontkillmyapp publishes no delay for
 *   MIUI's battery saver killing a backgrounded app: `killAfterBackgroundMs` (10 min) is an
 *   assumption.
 */
export const OEM_RULES: Readonly<Record<AndroidOem, Readonly<OemRules>>> = {
  stock: {
    forceQuitStopsWork: false,
    needsLiveProcess: false,
    killAfterBackgroundMs: undefined,
    sleepAfterUnusedMs: undefined,
    deepSleepAfterUnusedMs: undefined,
  },
  samsung: {
    forceQuitStopsWork: false,
    needsLiveProcess: false,
    killAfterBackgroundMs: undefined,
    sleepAfterUnusedMs: 3 * DAY,
    deepSleepAfterUnusedMs: 16 * DAY,
  },
  xiaomi: {
    forceQuitStopsWork: true,
    needsLiveProcess: true,
    killAfterBackgroundMs: 10 * MIN,
    sleepAfterUnusedMs: undefined,
    deepSleepAfterUnusedMs: undefined,
  },
};
