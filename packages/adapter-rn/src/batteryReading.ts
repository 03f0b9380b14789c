/** What a battery source tells the conditions source. */
export interface BatteryReading {
  /** Charging, or full while plugged in. */
  readonly charging: boolean;
  /** The level is at or below the low threshold, or the OS power saver is on. */
  readonly batteryLow: boolean;
}

/**
 * A source of battery readings for {@link createReactNativePlatform}. Build one with
 * {@link expoBatterySource} or {@link deviceInfoBatterySource}, or write your own.
 *
 * Subscriptions start the underlying listeners lazily and stop them when the last
 * subscriber leaves.
 */
export interface BatterySource {
  /** The latest reading, or `undefined` before the first one arrived. */
  get(): BatteryReading | undefined;
  /** Calls `listener` with every new reading; returns the unsubscribe function. */
  subscribe(listener: (reading: BatteryReading) => void): () => void;
}

/** The raw values both battery sources read, before mapping. */
export interface RawBatteryState {
  /** 0..1; negative (expo-battery and react-native-device-info report -1) when unknown. */
  level?: number | undefined;
  /** The device charges or is full while plugged in. */
  pluggedIn?: boolean | undefined;
  /** iOS Low Power Mode or Android Battery Saver. */
  lowPowerMode?: boolean | undefined;
}

/** The level at or below which the battery counts as low (`0.15`, what Android calls low). */
export const LOW_BATTERY_LEVEL = 0.15;

/**
 * Maps raw battery values to a reading: a level ≤ `lowLevel` (0.15 by default) or the
 * power saver gives `batteryLow`; charging or full gives `charging`. An unknown level
 * (missing or negative, as on simulators) is not low, an unknown state is not charging.
 *
 * @example
 * batteryReadingFrom({ level: 0.1, pluggedIn: true, lowPowerMode: false }); // { charging: true, batteryLow: true }
 */
export function batteryReadingFrom(
  raw: RawBatteryState,
  lowLevel: number = LOW_BATTERY_LEVEL,
): BatteryReading {
  const level = raw.level;
  const levelLow = typeof level === 'number' && level >= 0 && level <= lowLevel;
  return { charging: raw.pluggedIn === true, batteryLow: levelLow || raw.lowPowerMode === true };
}

/** Whether two readings say the same. */
export function sameBatteryReading(a: BatteryReading | undefined, b: BatteryReading | undefined): boolean {
  return a === b || (!!a && !!b && a.charging === b.charging && a.batteryLow === b.batteryLow);
}
