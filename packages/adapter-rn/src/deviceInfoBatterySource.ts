import type { Clock } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import {
  type BatteryReading,
  type BatterySource,
  batteryReadingFrom,
  LOW_BATTERY_LEVEL,
  sameBatteryReading,
} from './batteryReading';
import { lazyListeners } from './lazyListeners';
import { realClock } from './realClock';

/** A power state as `react-native-device-info` reports it (every field may be missing). */
export interface DeviceInfoPowerStateLike {
  /** 0..1, or -1 when unknown. */
  batteryLevel?: number;
  /** `'unknown'`, `'unplugged'`, `'charging'` or `'full'`. */
  batteryState?: string;
  /** iOS Low Power Mode or Android Battery Saver is on. */
  lowPowerMode?: boolean;
}

/**
 * The part of `react-native-device-info` the source uses: pass its default export (or the
 * module namespace).
 */
export interface DeviceInfoLike {
  /** Reads the battery level, charging state and power-saver mode. */
  getPowerState(): Promise<DeviceInfoPowerStateLike>;
}

/**
 * An event emitter on the device-info native module, such as
 * `new NativeEventEmitter(NativeModules.RNDeviceInfo)`. The source listens to its
 * `RNDeviceInfo_powerStateDidChange` event, the one `usePowerState()` uses.
 */
export interface PowerStateEmitterLike {
  /** Calls `listener` on each `eventType` event; the returned subscription stops it. */
  addListener(
    eventType: string,
    listener: (state: DeviceInfoPowerStateLike) => void,
  ): {
    /** Stops the listener. */
    remove(): void;
  };
}

/**
 * Options of {@link deviceInfoBatterySource}.
 *
 * @example
 * const battery = deviceInfoBatterySource(DeviceInfo, { pollIntervalMs: 5 * 60_000, lowLevel: 0.2 });
 */
export interface DeviceInfoBatterySourceOptions {
  /**
   * How often to read `getPowerState()` while subscribed. `0` turns polling off (use it with
   * `emitter`).
   * @default 60_000
   */
  pollIntervalMs?: number;
  /**
   * Push updates: react-native-device-info has no listener outside its React hooks, so pass an
   * emitter on its native module to get changes at once instead of at the next poll.
   * @default none (polling only)
   * @example
   * import { NativeEventEmitter, NativeModules } from 'react-native';
   * deviceInfoBatterySource(DeviceInfo, { emitter: new NativeEventEmitter(NativeModules.RNDeviceInfo) });
   */
  emitter?: PowerStateEmitterLike;
  /**
   * The level at or below which the battery counts as low, within 0..1.
   * @default 0.15
   */
  lowLevel?: number;
  /**
   * Drives polling; pass the platform's clock in tests.
   * @default realClock()
   */
  clock?: Clock;
}

/** The event `usePowerState()` of react-native-device-info listens to. */
export const POWER_STATE_EVENT = 'RNDeviceInfo_powerStateDidChange';

/**
 * A battery source over `react-native-device-info`'s `getPowerState()`: a level ≤ 0.15 or
 * low-power mode gives `batteryLow`; `charging` or `full` gives `charging`.
 *
 * That library offers change events only through its React hooks, so this source polls
 * `getPowerState()` every `pollIntervalMs` (one minute by default) while someone is
 * subscribed, and also listens to `RNDeviceInfo_powerStateDidChange` when you pass an
 * `emitter` on its native module. Polling and listening start with the first subscriber and
 * stop with the last. Until the first answer, the battery reads as neither charging nor low.
 *
 * @example
 * import DeviceInfo from 'react-native-device-info';
 * const battery = deviceInfoBatterySource(DeviceInfo, { pollIntervalMs: 120_000 });
 */
export function deviceInfoBatterySource(
  DeviceInfo: DeviceInfoLike,
  options: DeviceInfoBatterySourceOptions = {},
): BatterySource {
  if (!DeviceInfo || typeof DeviceInfo.getPowerState !== 'function') {
    throw new InvalidOptionsError(
      'deviceInfoBatterySource needs react-native-device-info (its default export)',
    );
  }
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) {
    throw new InvalidOptionsError(
      `deviceInfoBatterySource pollIntervalMs must be a finite number >= 0, got ${String(pollIntervalMs)}`,
    );
  }
  const lowLevel = options.lowLevel ?? LOW_BATTERY_LEVEL;
  if (!Number.isFinite(lowLevel) || lowLevel < 0 || lowLevel > 1) {
    throw new InvalidOptionsError(
      `deviceInfoBatterySource lowLevel must be within 0..1, got ${String(lowLevel)}`,
    );
  }
  const clock = options.clock ?? realClock();
  const emitter = options.emitter;
  let reading: BatteryReading | undefined;
  let session = 0;
  // Answers can come back out of order (a slow poll after a fresh event); only newer ones count.
  let issued = 0;
  let applied = 0;

  const apply = (state: DeviceInfoPowerStateLike, order: number) => {
    if (order < applied) return;
    applied = order;
    const next = batteryReadingFrom(
      {
        level: state.batteryLevel,
        pluggedIn:
          state.batteryState === undefined
            ? undefined
            : state.batteryState === 'charging' || state.batteryState === 'full',
        lowPowerMode: state.lowPowerMode,
      },
      lowLevel,
    );
    if (sameBatteryReading(reading, next)) return;
    reading = next;
    listeners.emit(next);
  };

  const listeners = lazyListeners<BatteryReading>(() => {
    const mine = ++session;
    let cancelTimer: (() => void) | undefined;
    const poll = () => {
      const order = ++issued;
      DeviceInfo.getPowerState().then(
        (state) => {
          if (mine === session) apply(state ?? {}, order);
        },
        // A failed read keeps the last reading; the next poll tries again.
        () => {},
      );
      if (pollIntervalMs > 0) cancelTimer = clock.setTimer(clock.now() + pollIntervalMs, poll);
    };
    const sub = emitter?.addListener(POWER_STATE_EVENT, (state) => apply(state ?? {}, ++issued));
    poll();
    return () => {
      session++;
      cancelTimer?.();
      sub?.remove();
    };
  });

  return {
    get: () => reading,
    subscribe: (listener) => listeners.subscribe(listener),
  };
}
