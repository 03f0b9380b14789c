/** What the Battery Status API's `BatteryManager` offers (`navigator.getBattery()`). */
export interface BatteryLike {
  /** Plugged in. */
  readonly charging: boolean;
  /** Charge, in 0..1. */
  readonly level: number;
}

/** The battery's part of the conditions. */
export interface BatteryConditions {
  /** Plugged in. */
  charging: boolean;
  /** At or under {@link LOW_BATTERY_LEVEL}. */
  batteryLow: boolean;
}

/** The battery level at or under which `batteryLow` holds, as on Android and in adapter-rn. */
export const LOW_BATTERY_LEVEL = 0.15;

/**
 * Maps a battery reading to the conditions: `charging` as the browser says, `batteryLow`
 * at a level of 15 % or less. Without a reading (the API is missing, as in Firefox and
 * Safari, or not answered yet), both read as satisfied: charging, not low.
 *
 * @example
 * batteryFrom(await navigator.getBattery()); // { charging: true, batteryLow: false }
 */
export function batteryFrom(battery: BatteryLike | undefined): BatteryConditions {
  if (!battery) return { charging: true, batteryLow: false };
  return { charging: battery.charging, batteryLow: battery.level <= LOW_BATTERY_LEVEL };
}
