import { androidPolicy, createScenario, iosPolicy, simulate } from '@nightshift/simulator';
import { deviceDayApp } from './app';
const scenario = createScenario({ seed: 7, days: 7, killsPerDay: 2, forceQuitsPerDay: 1, installedDaysAgo: 30 });
const P = { ios: () => iosPolicy(), android: () => androidPolicy(), iosOpt: () => iosPolicy({preset:'optimistic'}), andOpt: () => androidPolicy({preset:'optimistic'}) };
for (let round = 0; round < 4; round++) for (const [k, p] of Object.entries(P)) {
  const t = performance.now(); const r = await simulate({ scenario, policy: p(), app: deviceDayApp });
  console.log(round, k, Math.round(performance.now() - t), 'ms', r.metrics.windows.granted, 'windows', r.events.length, 'events');
}
