/**
 * The first week after install: the same app (see app.ts) and the same user as main.ts, but
 * the app was installed at midnight before the first day. iOS runs no refresh until it has
 * watched the user for a while; Android's standby bucket and Doze apply from the start.
 * Prints, per day, how often each job ran in the background (median and range over five
 * seeds), then what to expect over the week, and writes an HTML report of one seed to out/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  androidPolicy,
  createScenario,
  describeSpread,
  formatRate,
  iosPolicy,
  renderHtml,
  type SeedSpread,
  type SimulationResult,
  simulate,
  spreadOverSeeds,
  type WakePolicy,
} from '@nightshift/simulator';
import { deviceDayApp } from './app';

const here = dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;
const DAYS = 7;
const SEEDS = [1, 2, 3, 4, 5];

/** Successful runs of `name` that started inside an OS window, on day `d` (0-based). */
function backgroundOnDay(result: SimulationResult, name: string, d: number): number {
  const { windows, runs } = result.timeline;
  return runs.filter(
    (r) =>
      r.name === name &&
      r.outcome === 'succeeded' &&
      Math.floor((r.start - result.timeline.startAt) / DAY) === d &&
      windows.some((w) => r.start >= w.start && r.start <= w.end),
  ).length;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const platforms: Array<{ label: string; policy: () => WakePolicy }> = [
  { label: 'iOS', policy: () => iosPolicy({ adapter: 'background-fetch' }) },
  { label: 'Android', policy: () => androidPolicy({ adapter: 'background-fetch' }) },
];

const spreads: SeedSpread[] = [];
const shown: SimulationResult[] = [];
for (const { label, policy } of platforms) {
  const results: SimulationResult[] = [];
  for (const seed of SEEDS) {
    const scenario = createScenario({ seed, days: DAYS, installedDaysAgo: 0, network: 'commute' });
    const result = await simulate({ scenario, policy: policy(), app: deviceDayApp });
    if (result.metrics.violations.length > 0 || result.errors.length > 0) process.exitCode = 1;
    results.push(result);
  }
  shown.push(results[0]!);
  spreads.push(spreadOverSeeds(results));
  const name = 'sync-inbox';
  console.log(
    `${label}: ${name} runs in the background, per day since install (median, range over ${SEEDS.length} seeds)`,
  );
  for (let d = 0; d < DAYS; d++) {
    const counts = results.map((r) => backgroundOnDay(r, name, d));
    const bar = '█'.repeat(Math.round(median(counts)));
    console.log(
      `  day ${d + 1}  ${formatRate(median(counts)).padStart(4)}  (${Math.min(...counts)}–${Math.max(...counts)})  ${bar}`,
    );
  }
  console.log('');
}

console.log(`What to expect in the first ${DAYS} days:`);
for (const spread of spreads) for (const line of describeSpread(spread)) console.log(`  ${line}`);

const out = join(here, 'out', 'first-days.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  renderHtml(shown, { title: 'Nightshift: the first week after install', spreads, dayWidth: 700 }),
);
console.log(`\nHTML report: ${out}`);
