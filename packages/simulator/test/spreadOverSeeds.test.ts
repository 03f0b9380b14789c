import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../src/simulate';
import { describeSpread, spreadOverSeeds } from '../src/spreadOverSeeds';

const DAY = 86_400_000;
/** Only what spreadOverSeeds reads: the policy, the span and background runs per type. */
const result = (policy: string, days: number, background: Record<string, number>) =>
  ({
    policy,
    metrics: {
      durationMs: days * DAY,
      byType: Object.fromEntries(Object.entries(background).map(([name, n]) => [name, { background: n }])),
    },
  }) as unknown as SimulationResult;

describe('spreadOverSeeds', () => {
  it('gives the median and the range over the seeds of background runs a day, per job type', () => {
    const spread = spreadOverSeeds([
      result('ios', 2, { sync: 8, upload: 0 }),
      result('ios', 2, { sync: 12, upload: 1 }),
      result('ios', 2, { sync: 10 }),
    ]);
    expect(spread).toEqual({
      policy: 'ios',
      seeds: 3,
      days: 2,
      rates: [
        { name: 'sync', perDay: 5, min: 4, max: 6 },
        { name: 'upload', perDay: 0, min: 0, max: 0.5 },
      ],
    });
    expect(describeSpread(spread)).toEqual([
      'sync runs about 5 times a day in the background on ios with this usage (4–6 over 3 seeds)',
      'upload rarely runs in the background on ios with this usage (0–0.5 a day over 3 seeds)',
    ]);
  });

  it('says so when a type never ran in the background, and refuses to mix policies', () => {
    expect(describeSpread(spreadOverSeeds([result('android', 1, { upload: 0 })]))).toEqual([
      'upload does not run in the background on android with this usage (none over 1 seed)',
    ]);
    expect(() => spreadOverSeeds([result('ios', 1, {}), result('android', 1, {})])).toThrow(RangeError);
    expect(spreadOverSeeds([]).seeds).toBe(0);
  });
});
