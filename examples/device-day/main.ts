/**
 * A simulated day of a realistic app (see app.ts) on a phone that has had it for a month and
 * opens it ten times a day, under the realistic iOS and Android models with
 * react-native-background-fetch: prints each summary with its timeline, then what to expect
 * in the field (background runs a day, over eight seeds), and writes an HTML report to out/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  androidPolicy,
  createScenario,
  describeSpread,
  iosPolicy,
  renderHtml,
  renderTerminal,
  type ScenarioOptions,
  type SeedSpread,
  type SimulationResult,
  simulate,
  spreadOverSeeds,
  type WakePolicy,
} from '@nightshift/simulator';
import { deviceDayApp } from './app';

const here = dirname(fileURLToPath(import.meta.url));
/** Installed weeks ago and used daily: the steady state. */
const usage: ScenarioOptions = {
  days: 1,
  network: 'commute',
  installedDaysAgo: 30,
  sessionsPerDay: 10,
  killsPerDay: 2,
  forceQuitsPerDay: 1,
};
const SHOWN_SEED = 7;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

const platforms: Array<{ policy: () => WakePolicy }> = [
  { policy: () => iosPolicy({ adapter: 'background-fetch' }) },
  { policy: () => androidPolicy({ adapter: 'background-fetch' }) },
];

const shown: SimulationResult[] = [];
const spreads: SeedSpread[] = [];
for (const { policy } of platforms) {
  const started = performance.now();
  const results: SimulationResult[] = [];
  for (const seed of SEEDS) {
    const result = await simulate({
      scenario: createScenario({ ...usage, seed }),
      policy: policy(),
      app: deviceDayApp,
    });
    if (result.metrics.violations.length > 0 || result.errors.length > 0) process.exitCode = 1;
    results.push(result);
  }
  const wallMs = Math.round(performance.now() - started);
  const day = results[SEEDS.indexOf(SHOWN_SEED)]!;
  console.log(renderTerminal(day));
  console.log(`(simulated ${SEEDS.length} days of 24 h in ${wallMs} ms of wall time)\n`);
  shown.push(day);
  spreads.push(spreadOverSeeds(results));
}

console.log('What to expect in the field:');
for (const spread of spreads) for (const line of describeSpread(spread)) console.log(`  ${line}`);

const out = join(here, 'out', 'device-day.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderHtml(shown, { title: 'Nightshift device day: iOS vs Android', spreads }));
console.log(`\nHTML report: ${out}  (opens offline in any browser)`);
