/**
 * A short human reading of a duration: `850 ms`, `12 s`, `4.5 min`, `2.3 h`. Pure.
 *
 * @param ms - the duration in milliseconds; `undefined` gives `–`.
 * @returns the text.
 * @example
 * formatDuration(90_000); // "1.5 min"
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${trim(ms / 1_000)} s`;
  if (abs < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

function trim(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

/**
 * The wall-clock reading of a simulated instant, counting days from the start (taken as
 * midnight of day 1): `d1 07:42`. Pure.
 *
 * @param at - the instant.
 * @param startAt - the simulation's start. @default 0
 * @returns the text.
 * @example
 * formatClock(31 * 3_600_000); // "d2 07:00"
 */
export function formatClock(at: number, startAt = 0): string {
  const t = Math.max(0, at - startAt);
  const day = Math.floor(t / 86_400_000) + 1;
  const minutes = Math.floor((t % 86_400_000) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `d${day} ${hh}:${mm}`;
}
