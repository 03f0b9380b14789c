import { InvalidOptionsError } from '@nightshift/core';
import {
  type BatteryReading,
  type BatterySource,
  batteryReadingFrom,
  LOW_BATTERY_LEVEL,
  type RawBatteryState,
  sameBatteryReading,
} from './batteryReading';
import { lazyListeners } from './lazyListeners';

/**
 * The part of `expo-battery` the source uses: pass the module namespace
 * (`import * as Battery from 'expo-battery'`).
 */
export interface ExpoBatteryLike {
  /** The enum of battery states; `CHARGING` (2) and `FULL` (3) count as charging. */
  readonly BatteryState: {
    /** Plugged in and charging. */
    readonly CHARGING: number;
    /** Plugged in and full. */
    readonly FULL: number;
  };
  /** 0..1, or -1 where the level is unknown (simulators, web). */
  getBatteryLevelAsync(): Promise<number>;
  /** One of `BatteryState`. */
  getBatteryStateAsync(): Promise<number>;
  /** iOS Low Power Mode or Android Battery Saver. */
  isLowPowerModeEnabledAsync(): Promise<boolean>;
  /** Calls `listener` when the level changes. */
  addBatteryLevelListener(listener: (event: { batteryLevel: number }) => void): {
    /** Stops the listener. */
    remove(): void;
  };
  /** Calls `listener` when the charging state changes. */
  addBatteryStateListener(listener: (event: { batteryState: number }) => void): {
    /** Stops the listener. */
    remove(): void;
  };
  /** Calls `listener` when the power saver is switched on or off. */
  addLowPowerModeListener(listener: (event: { lowPowerMode: boolean }) => void): {
    /** Stops the listener. */
    remove(): void;
  };
}

/**
 * Options of {@link expoBatterySource}.
 *
 * @example
 * const battery = expoBatterySource(Battery, { lowLevel: 0.2 });
 */
export interface ExpoBatterySourceOptions {
  /**
   * The level at or below which the battery counts as low, within 0..1.
   * @default 0.15
   */
  lowLevel?: number;
}

/**
 * A battery source over `expo-battery`: a level ≤ 0.15 or Low Power Mode (iOS) / Battery
 * Saver (Android) gives `batteryLow`; `CHARGING` or `FULL` gives `charging`.
 *
 * On the first subscriber it adds the level, state and low-power listeners and reads the
 * three values once; the last unsubscribe removes the listeners. A value that an event
 * delivered is never overwritten by the older answer of that first read. Until the first
 * value arrives, the battery reads as neither charging nor low.
 *
 * @example
 * import * as Battery from 'expo-battery';
 * const platform = createReactNativePlatform({ appState: AppState, netInfo: NetInfo, battery: expoBatterySource(Battery) });
 */
export function expoBatterySource(
  Battery: ExpoBatteryLike,
  options: ExpoBatterySourceOptions = {},
): BatterySource {
  if (!Battery || typeof Battery.addBatteryStateListener !== 'function') {
    throw new InvalidOptionsError(
      'expoBatterySource needs the expo-battery module (import * as Battery from "expo-battery")',
    );
  }
  const lowLevel = options.lowLevel ?? LOW_BATTERY_LEVEL;
  if (!Number.isFinite(lowLevel) || lowLevel < 0 || lowLevel > 1) {
    throw new InvalidOptionsError(
      `expoBatterySource lowLevel must be within 0..1, got ${String(options.lowLevel)}`,
    );
  }
  const raw: RawBatteryState = {};
  let known = false;
  let reading: BatteryReading | undefined;
  // Which fields an event already set this session: the initial read must not roll them back.
  let fresh = new Set<keyof RawBatteryState>();
  let session = 0;

  const update = (patch: RawBatteryState) => {
    Object.assign(raw, patch);
    known = true;
    const next = batteryReadingFrom(raw, lowLevel);
    if (sameBatteryReading(reading, next)) return;
    reading = next;
    listeners.emit(next);
  };
  const pluggedIn = (state: number) =>
    state === Battery.BatteryState.CHARGING || state === Battery.BatteryState.FULL;

  const listeners = lazyListeners<BatteryReading>(() => {
    const mine = ++session;
    fresh = new Set();
    const fromEvent = (patch: RawBatteryState) => {
      for (const key of Object.keys(patch) as Array<keyof RawBatteryState>) fresh.add(key);
      update(patch);
    };
    const subs = [
      Battery.addBatteryLevelListener((e) => fromEvent({ level: e.batteryLevel })),
      Battery.addBatteryStateListener((e) => fromEvent({ pluggedIn: pluggedIn(e.batteryState) })),
      Battery.addLowPowerModeListener((e) => fromEvent({ lowPowerMode: e.lowPowerMode })),
    ];
    Promise.all([
      Battery.getBatteryLevelAsync(),
      Battery.getBatteryStateAsync(),
      Battery.isLowPowerModeEnabledAsync(),
    ]).then(
      ([level, state, lowPowerMode]) => {
        if (mine !== session) return;
        const patch: RawBatteryState = {};
        if (!fresh.has('level')) patch.level = level;
        if (!fresh.has('pluggedIn')) patch.pluggedIn = pluggedIn(state);
        if (!fresh.has('lowPowerMode')) patch.lowPowerMode = lowPowerMode;
        update(patch);
      },
      // A failed read leaves the battery unknown (not charging, not low); events still update it.
      () => {},
    );
    return () => {
      session++;
      for (const sub of subs) sub.remove();
    };
  });

  return {
    get: () => (known ? reading : undefined),
    subscribe: (listener) => listeners.subscribe(listener),
  };
}
