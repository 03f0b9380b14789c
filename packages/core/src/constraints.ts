import type { Conditions, Constraints } from './types';

/** The conditions a platform without a `ConditionsSource` reports: online, charging, active. */
export const DEFAULT_CONDITIONS: Readonly<Conditions> = Object.freeze({
  network: 'unmetered',
  charging: true,
  batteryLow: false,
  deviceIdle: false,
  storageLow: false,
  appState: 'active',
});

/** Whether `conditions` satisfy every constraint in `constraints`. Pure. */
export function constraintsMet(constraints: Constraints | undefined, conditions: Conditions): boolean {
  if (!constraints) return true;
  if (constraints.network === 'connected' && conditions.network === 'none') return false;
  if (constraints.network === 'unmetered' && conditions.network !== 'unmetered') return false;
  if (constraints.charging && !conditions.charging) return false;
  if (constraints.batteryNotLow && conditions.batteryLow) return false;
  if (constraints.deviceIdle && !conditions.deviceIdle) return false;
  if (constraints.storageNotLow && conditions.storageLow) return false;
  return true;
}

/** A stable key for a constraint set, so jobs that need the same things share a ready heap. */
export function constraintsKey(constraints: Constraints | undefined): string {
  if (!constraints) return '';
  const { network, charging, batteryNotLow, deviceIdle, storageNotLow } = constraints;
  return `${network ?? ''}|${charging ? 1 : 0}${batteryNotLow ? 1 : 0}${deviceIdle ? 1 : 0}${storageNotLow ? 1 : 0}`;
}
