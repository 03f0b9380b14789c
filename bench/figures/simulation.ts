import { androidPolicy, createScenario, iosPolicy, simulate, type WakePolicy } from '@nightshift/simulator';
import { deviceDayApp } from '../../examples/device-day/app';
import { type Figure, timeMs } from '../lib/runner';

const WEEK_MS = 7 * 86_400_000;
const scenario = createScenario({
  seed: 7,
  days: 7,
  killsPerDay: 2,
  forceQuitsPerDay: 1,
  installedDaysAgo: 30,
});

/** Wall time of one simulated week of the device-day example app under `policy`. */
const weekMs = (policy: () => WakePolicy) =>
  timeMs(() => simulate({ scenario, policy: policy(), app: deviceDayApp }));

// The realistic presets with react-native-background-fetch, as the device-day demo runs them.
const POLICIES = {
  ios: () => iosPolicy({ adapter: 'background-fetch' }),
  android: () => androidPolicy({ adapter: 'background-fetch' }),
};

export default async function figures(): Promise<Figure[]> {
  return [
    {
      id: 'simulation',
      title:
        'one simulated week of the device-day app (5 job types, kills, realistic iOS / Android models) in virtual time',
      unit: 'wall ms / simulated week',
      better: 'lower',
      target: { text: 'a week < 1 s', met: (r) => Object.values(r.subjects).every((s) => s.median < 1_000) },
      subjects: Object.fromEntries(
        Object.entries(POLICIES).map(([name, policy]) => [name, { measure: () => weekMs(policy) }]),
      ),
    },
    {
      id: 'simulation-speed',
      title: 'simulation speed of the device-day app over a simulated week',
      unit: 'simulated s / wall s',
      better: 'higher',
      target: {
        text: '> 604,800 (a week < 1 s)',
        met: (r) => Object.values(r.subjects).every((s) => s.median > WEEK_MS / 1_000),
      },
      subjects: Object.fromEntries(
        Object.entries(POLICIES).map(([name, policy]) => [
          name,
          { measure: async () => WEEK_MS / (await weekMs(policy)) },
        ]),
      ),
    },
  ];
}
