import type { PolicyState } from './wakePolicy';

/**
 * When the user last used the app: the last open at or before now, else the install (an
 * install counts as a use). Both OSes cut background work for apps left unused. Pure.
 *
 * @param s - what the policy knows.
 * @returns the instant of the last use.
 * @example
 * const idleFor = s.now - lastUse(s);
 */
export function lastUse(s: Pick<PolicyState, 'now' | 'opens' | 'device'>): number {
  for (let i = s.opens.length - 1; i >= 0; i--) {
    const at = s.opens[i]!;
    if (at <= s.now) return Math.max(at, s.device.installedAt);
  }
  return s.device.installedAt;
}
