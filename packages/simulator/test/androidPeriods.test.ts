import { describe, expect, it } from 'vitest';
import { jobPeriod, workManagerNextRun } from '../src/androidPeriods';
import type { PastWindow } from '../src/wakePolicy';
import { MIN } from './policyState';

const run = (at: number, end = at + 20_000): PastWindow => ({ at, end, kind: 'refresh' });
const I = 15 * MIN;

describe('jobPeriod (JobScheduler periodic, flex = interval)', () => {
  it('starts with the period after scheduling: anywhere from now to 15 minutes on', () => {
    expect(jobPeriod(0, I, I, [])).toEqual({ earliest: 0, latest: I, index: 0 });
  });

  it('keeps the grid when runs finish within their period, and moves it when one finishes late', () => {
    expect(jobPeriod(0, I, I, [run(5 * MIN)])).toEqual({ earliest: I, latest: 2 * I, index: 1 });
    const late = run(40 * MIN);
    expect(jobPeriod(0, I, I, [late])).toEqual({ earliest: late.end, latest: late.end + I, index: 1 });
  });

  it('ignores runs from before it was scheduled, and a smaller flex narrows the window to the end', () => {
    expect(jobPeriod(HALF, I, 5 * MIN, [run(0)])).toEqual({
      earliest: HALF + 10 * MIN,
      latest: HALF + I,
      index: 0,
    });
  });
});
const HALF = 30 * MIN;

describe('workManagerNextRun (expo-background-task)', () => {
  it('runs 25 s after enqueue, then 15 minutes after each run ended', () => {
    expect(workManagerNextRun(1_000, I, 25_000, [])).toBe(26_000);
    expect(workManagerNextRun(0, I, 25_000, [run(25_000, 40_000)])).toBe(40_000 + I);
    // A run before this enqueue (the work was cancelled and enqueued again) does not count.
    expect(workManagerNextRun(HALF, I, 25_000, [run(0)])).toBe(HALF + 25_000);
  });
});
