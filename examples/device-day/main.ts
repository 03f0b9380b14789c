/**
 * A simulated day of a realistic app (see app.ts) under the iOS and the Android wake-up
 * models: prints each summary with its timeline and writes an HTML report to out/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  androidPolicy,
  createScenario,
  iosPolicy,
  renderHtml,
  renderTerminal,
  simulate,
} from '@nightshift/simulator';
import { deviceDayApp } from './app';

const here = dirname(fileURLToPath(import.meta.url));
const scenario = createScenario({
  seed: 7,
  days: 1,
  network: 'commute',
  killsPerDay: 2,
  forceQuitsPerDay: 1,
});

const results = [];
for (const policy of [iosPolicy(), androidPolicy()]) {
  const started = performance.now();
  const result = await simulate({ scenario, policy, app: deviceDayApp });
  const wallMs = Math.round(performance.now() - started);
  console.log(renderTerminal(result));
  console.log(`(simulated 24 h in ${wallMs} ms of wall time)\n`);
  if (result.metrics.violations.length > 0) process.exitCode = 1;
  results.push(result);
}

const out = join(here, 'out', 'device-day.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderHtml(results, { title: 'Nightshift device day: ios vs android' }));
console.log(`HTML report: ${out}  (opens offline in any browser)`);
