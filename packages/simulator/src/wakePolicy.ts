import type { Conditions, WakeRequest, WindowKind } from '@nightshift/core';
import type { StandbyBucket } from './standbyQuota';

/** A background window the OS granted earlier, as the policy sees it in {@link PolicyState.windows}. */
export interface PastWindow {
  /** When it began. */
  at: number;
  /** When it ended: the app finished, the OS ended it, or the process died. */
  end: number;
  /** The kind of window. */
  kind: WindowKind;
}

/**
 * The device's settings and the app's history on it, from the scenario: what an OS weighs
 * besides the conditions of the moment.
 */
export interface DeviceProfile {
  /** When the app was installed (before or at the simulation's start). */
  installedAt: number;
  /** The Android App Standby Bucket the app's usage puts it in. */
  bucket: StandbyBucket;
  /** iOS Low Power Mode, on for the whole simulation. */
  lowPowerMode: boolean;
  /** The iOS Background App Refresh switch for this app. */
  backgroundAppRefresh: boolean;
}

/** What an OS knows when it decides on the next wake-up. */
export interface PolicyState {
  /** The virtual time now. */
  now: number;
  /** The device now. */
  conditions: Conditions;
  /** The battery charge now, in 0..1. */
  batteryLevel: number;
  /** The last wake-up request of the app, kept by the OS across process kills; `null` when nothing waits. */
  request: WakeRequest | null;
  /**
   * Since when the OS has held a request: `scheduled` is when the request last went from
   * `null` to a request (the adapter registered its task), `flags` when its network or
   * charging flags last changed (background-fetch configures again then). `undefined`
   * while `request` is `null`.
   */
  requestSince:
    | {
        /** When the request last went from `null` to a request. */
        scheduled: number;
        /** When its network or charging flags last changed (or `scheduled`, if later). */
        flags: number;
      }
    | undefined;
  /** When the last wake-up of each kind began; `undefined` before the first. */
  lastWake: {
    /** When the last `refresh` wake-up began. */
    refresh?: number;
    /** When the last `processing` wake-up began. */
    processing?: number;
  };
  /** The windows of the last two days, oldest first (for quotas and rate limits). Do not mutate. */
  windows: readonly PastWindow[];
  /** Whether the user force-quit the app and has not opened it since. */
  forceQuit: boolean;
  /** Whether a process of the app is alive (a wake-up for a dead one launches it, headless on Android). */
  processAlive: boolean;
  /**
   * When each condition took the value it has now (the simulation's start for one that has
   * not changed): `conditionsSince.deviceIdle` is when the phone went still and screen-off (if
   * it is), `conditionsSince.charging` when it was last plugged in or unplugged. Android's Doze
   * counts from the later of the two while the phone is idle and unplugged.
   */
  conditionsSince: Readonly<Record<keyof Conditions, number>>;
  /**
   * Every instant the user opened the app, oldest first: those before the simulation (from
   * the scenario's history) and those so far. Do not mutate.
   */
  opens: readonly number[];
  /** The device's settings and the app's install date. */
  device: DeviceProfile;
  /** The scenario's seed, for draws that must not move when the policy is asked again. */
  seed: number;
  /**
   * A uniform draw in [0, 1), the same until a wake-up is granted: for opportunistic
   * delays that stay put while the policy is asked again after each change.
   */
  random: number;
}

/** A wake-up the policy will grant, unless something changes first. */
export interface PlannedWake {
  /** When it begins; at or after `now`. */
  at: number;
  /** The kind of window. */
  kind: WindowKind;
  /** How long the app gets: the window's deadline is `at + budgetMs`. */
  budgetMs: number;
  /**
   * The OS ends the window this long after it began, before its deadline (an iOS expiration
   * handler that comes early, an Android job stopped when its quota or a Doze maintenance
   * window runs out): the window's signal aborts with a `WindowExpiredError`.
   *
   * @default undefined (the window lasts until the app reports or its deadline)
   */
  expiresAfterMs?: number;
}

/** A window the OS granted, as {@link WakePolicy.keeps} sees it. */
export interface GrantedWindow extends PlannedWake {
  /** The request in force when it was granted. */
  request: WakeRequest | null;
}

/**
 * A model of how an OS grants background time. {@link simulate} asks `next` after every
 * change (a request, a change of conditions or battery level, a window ending, a kill, an
 * open) and grants the wake-up it returns when its time comes, unless it asked again
 * meanwhile. The built-in models are {@link iosPolicy} and {@link androidPolicy}; any object
 * of this shape is a custom one.
 *
 * @example
 * // An OS that wakes the app every hour for 30 s, whatever it asked for.
 * const hourly: WakePolicy = {
 *   name: 'hourly',
 *   next: (s) => s.conditions.appState === 'active' ? null : {
 *     at: Math.max(s.now, (s.lastWake.refresh ?? -Infinity) + 3_600_000),
 *     kind: 'refresh',
 *     budgetMs: 30_000,
 *   },
 * };
 */
export interface WakePolicy {
  /** Shown in reports. */
  name: string;
  /**
   * The next wake-up this OS would grant given what it knows now, or `null` for none until
   * something changes. Must be pure: the simulation asks it again and again. Time alone
   * changes nothing the simulation tells it, so the answer accounts for what time will do
   * (a quota that frees up, a Doze maintenance window, the end of a warm-up).
   */
  next(state: PolicyState): PlannedWake | null;
  /**
   * Whether an open window survives a change of conditions; `false` aborts its signal, as
   * an OS expiration handler would (iOS ends a processing task when the user picks up the
   * phone, Android stops a job whose constraints stopped holding).
   *
   * @default () => true
   */
  keeps?(window: GrantedWindow, state: PolicyState): boolean;
  /**
   * When the OS kills the app's process on its own while it sits in the background (an
   * aggressive vendor's battery saver), or `null` for never. Asked with `next`; the
   * simulation kills a live process at that instant unless something changed first.
   *
   * @default () => null
   */
  killAt?(state: PolicyState): number | null;
  /**
   * The smallest period this OS honours for periodic work, passed to the platform as
   * `minPeriodMs` so the queue raises shorter periods.
   *
   * @default undefined (no minimum)
   */
  minPeriodMs?: number;
}
