import type { Conditions, WakeRequest, WindowKind } from '@nightshift/core';

/** What an OS knows when it decides on the next wake-up. */
export interface PolicyState {
  /** The virtual time now. */
  now: number;
  /** The device now. */
  conditions: Conditions;
  /** The last wake-up request of the app, kept by the OS across process kills; `null` when nothing waits. */
  request: WakeRequest | null;
  /** When the last wake-up of each kind began; `undefined` before the first. */
  lastWake: {
    /** When the last `refresh` wake-up began. */
    refresh?: number;
    /** When the last `processing` wake-up began. */
    processing?: number;
  };
  /** Whether the user force-quit the app and has not opened it since. */
  forceQuit: boolean;
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
}

/** A window the OS granted, as {@link WakePolicy.keeps} sees it. */
export interface GrantedWindow extends PlannedWake {
  /** The request in force when it was granted. */
  request: WakeRequest | null;
}

/**
 * A model of how an OS grants background time. {@link simulate} asks `next` after every
 * change (a request, a change of conditions, a window ending, a kill) and grants the wake-up
 * it returns when its time comes, unless it asked again meanwhile. The built-in models are
 * {@link iosPolicy} and {@link androidPolicy}; any object of this shape is a custom one.
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
   * something changes. Must be pure: the simulation asks it again and again.
   */
  next(state: PolicyState): PlannedWake | null;
  /**
   * Whether an open window survives a change of conditions; `false` aborts its signal, as
   * an OS expiration handler would (iOS ends a processing task when the user unplugs).
   *
   * @default () => true
   */
  keeps?(window: GrantedWindow, state: PolicyState): boolean;
  /**
   * The smallest period this OS honours for periodic work, passed to the platform as
   * `minPeriodMs` so the queue raises shorter periods.
   *
   * @default undefined (no minimum)
   */
  minPeriodMs?: number;
}
