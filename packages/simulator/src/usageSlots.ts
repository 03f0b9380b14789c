const DAY = 86_400_000;

/**
 * How the user's opens of the app spread over the day: the time of day is cut into slots of
 * `slotMs`, and each slot's weight is the share of the recent days on which the user opened
 * the app in it (0..1). iOS learns this to launch an app's refresh shortly before the user
 * usually opens it (WWDC 2020, "Background execution demystified": app usage is one of the
 * seven factors). Days run from instant 0 on, in steps of 24 h. Pure.
 *
 * @param opens - every instant the user opened the app, oldest first.
 * @param now - the instant asked at; later opens are ignored.
 * @param options - `historyMs`: how far back to look; `slotMs`: the slot length; `since`: no
 *   day before it counts (the install date).
 * @returns one weight per slot of the day (`86_400_000 / slotMs` of them).
 * @example
 * // Opened at 7:10 on each of the last two days: the 7:00 slot weighs 1.
 * const w = usageSlots([7.17 * 3_600_000, 31.17 * 3_600_000], 48 * 3_600_000, { historyMs: 2 * 86_400_000, slotMs: 1_800_000, since: 0 });
 * w[14]; // 1
 */
export function usageSlots(
  opens: readonly number[],
  now: number,
  options: { historyMs: number; slotMs: number; since: number },
): number[] {
  const { historyMs, slotMs } = options;
  const perDay = Math.max(1, Math.round(DAY / slotMs));
  const weights = new Array<number>(perDay).fill(0);
  const from = Math.max(now - historyMs, options.since);
  const days = Math.max(1, Math.ceil((now - from) / DAY));
  const seen = new Set<number>();
  for (let i = opens.length - 1; i >= 0; i--) {
    const at = opens[i]!;
    if (at > now) continue;
    if (at < from) break;
    const day = Math.floor(at / DAY);
    const slot = Math.min(perDay - 1, Math.floor((at - day * DAY) / slotMs));
    const key = day * perDay + slot;
    if (seen.has(key)) continue;
    seen.add(key);
    weights[slot]!++;
  }
  return weights.map((count) => Math.min(1, count / days));
}
