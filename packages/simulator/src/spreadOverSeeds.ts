import type { SimulationResult } from './simulate';

/** How often one job type ran in the background, over several seeds. */
export interface BackgroundRate {
  /** The job type. */
  name: string;
  /** The median over the seeds of successful background runs per simulated day. */
  perDay: number;
  /** The lowest seed's runs per day. */
  min: number;
  /** The highest seed's runs per day. */
  max: number;
}

/** The background runs of one policy and usage, over several seeds: what to expect in the field. */
export interface SeedSpread {
  /** The policy's name. */
  policy: string;
  /** How many simulations (seeds) it summarises. */
  seeds: number;
  /** Simulated days per simulation. */
  days: number;
  /** One entry per job type, in the order types first appeared. */
  rates: BackgroundRate[];
}

const DAY = 86_400_000;

/**
 * Summarises simulations of one policy that differ only in their seed: for each job type,
 * the successful runs that started inside an OS window, per day, as the median and the
 * range over the seeds. One seed is one possible day of one user; several show what a
 * developer can expect across users with that usage. Pure.
 *
 * @param results - simulations of the same policy, app and usage, one per seed.
 * @returns the spread; `seeds` is 0 for no results.
 * @throws RangeError when the results come from different policies.
 * @example
 * const runs = await Promise.all([1, 2, 3].map((seed) =>
 *   simulate({ scenario: createScenario({ seed }), policy: iosPolicy(), app })));
 * describeSpread(spreadOverSeeds(runs)); // ['sync runs about 5 times a day in the background on ios (background-fetch) with this usage (4–6 over 3 seeds)']
 */
export function spreadOverSeeds(results: readonly SimulationResult[]): SeedSpread {
  const first = results[0];
  if (!first) return { policy: '', seeds: 0, days: 0, rates: [] };
  const names: string[] = [];
  const perSeed = new Map<string, number[]>();
  for (const r of results) {
    if (r.policy !== first.policy)
      throw new RangeError(`spreadOverSeeds needs one policy, got "${first.policy}" and "${r.policy}"`);
    for (const name of Object.keys(r.metrics.byType)) {
      if (perSeed.has(name)) continue;
      names.push(name);
      perSeed.set(name, []);
    }
  }
  for (const r of results) {
    const days = r.metrics.durationMs / DAY;
    for (const name of names) perSeed.get(name)!.push((r.metrics.byType[name]?.background ?? 0) / days);
  }
  const rates = names.map((name) => {
    const values = [...perSeed.get(name)!].sort((a, b) => a - b);
    const mid = values.length >> 1;
    const perDay = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
    return { name, perDay, min: values[0]!, max: values[values.length - 1]! };
  });
  return { policy: first.policy, seeds: results.length, days: first.metrics.durationMs / DAY, rates };
}

/** Rounds a rate for a sentence: whole numbers from 10 on, one decimal below. */
export function formatRate(perDay: number): string {
  return perDay >= 10 ? String(Math.round(perDay)) : String(Math.round(perDay * 10) / 10);
}

/**
 * One sentence per job type: "sync runs about 5 times a day in the background on ios
 * (background-fetch) with this usage (4–6 over 8 seeds)". Pure.
 *
 * @param spread - from {@link spreadOverSeeds}.
 * @returns the sentences, one per job type.
 * @example
 * for (const line of describeSpread(spreadOverSeeds(results))) console.log(line);
 */
export function describeSpread(spread: SeedSpread): string[] {
  const over = `over ${spread.seeds} seed${spread.seeds === 1 ? '' : 's'}`;
  return spread.rates.map((r) => {
    if (r.max === 0)
      return `${r.name} does not run in the background on ${spread.policy} with this usage (none ${over})`;
    const about = formatRate(r.perDay);
    if (about === '0')
      return `${r.name} rarely runs in the background on ${spread.policy} with this usage (${formatRate(r.min)}–${formatRate(r.max)} a day ${over})`;
    const times = about === '1' ? 'time' : 'times';
    return `${r.name} runs about ${about} ${times} a day in the background on ${spread.policy} with this usage (${formatRate(r.min)}–${formatRate(r.max)} ${over})`;
  });
}
