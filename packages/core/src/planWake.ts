import type { Constraints, WakeRequest } from './types';

/**
 * The one OS wake-up request that covers every waiting job. Pure.
 *
 * `dueNow` holds the constraints of each group of jobs already due; `upcoming` the instant
 * of the earliest job not yet due and the constraints of each job due at that instant.
 * The network and charging flags are set only when every job due by `earliestAt` needs
 * them, so a job that needs neither is never held back by the OS.
 */
export function planWake(
  now: number,
  dueNow: ReadonlyArray<Constraints | undefined>,
  upcoming: { at: number; constraints: ReadonlyArray<Constraints | undefined> } | undefined,
): WakeRequest | null {
  const set = dueNow.length > 0 ? dueNow : upcoming?.constraints;
  if (!set || set.length === 0) return null;
  const earliestAt = dueNow.length > 0 ? now : upcoming!.at;
  let network = true;
  let charging = true;
  for (const c of set) {
    if (!c?.network) network = false;
    if (!c?.charging) charging = false;
  }
  return { earliestAt, network, charging };
}

/**
 * Whether a new plan differs from the last one sent. Two "as soon as possible" plans (both
 * due by `now`) are the same plan: otherwise a busy queue would re-request on every tick.
 */
export function sameWake(a: WakeRequest | null | undefined, b: WakeRequest | null, now: number): boolean {
  if (a === undefined) return false;
  if (a === null || b === null) return a === b;
  if (a.network !== b.network || a.charging !== b.charging) return false;
  return a.earliestAt === b.earliestAt || (a.earliestAt <= now && b.earliestAt <= now);
}
