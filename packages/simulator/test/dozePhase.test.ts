import { describe, expect, it } from 'vitest';
import { DOZE_TIMINGS, dozePhase } from '../src/dozePhase';
import { HOUR, MIN } from './policyState';

describe('dozePhase', () => {
  it('is awake until an hour after the phone went still, screen-off and unplugged', () => {
    expect(dozePhase(undefined, 5 * HOUR)).toEqual({ state: 'awake', until: Number.POSITIVE_INFINITY });
    expect(dozePhase(0, 59 * MIN)).toEqual({ state: 'awake', until: HOUR });
  });

  it('alternates idle periods of 1, 2, 4, then 6 h with maintenance windows of 5, then 10 minutes', () => {
    const phases: Array<[string, number]> = [];
    for (let at = HOUR; at < 26 * HOUR; ) {
      const p = dozePhase(0, at);
      phases.push([p.state, (p.until - at) / MIN]);
      at = p.until;
    }
    expect(phases.slice(0, 9)).toEqual([
      ['idle', 60],
      ['maintenance', 5],
      ['idle', 120],
      ['maintenance', 10],
      ['idle', 240],
      ['maintenance', 10],
      ['idle', 360],
      ['maintenance', 10],
      ['idle', 360],
    ]);
  });

  it('takes other timings', () => {
    const quick = { ...DOZE_TIMINGS, inactiveMs: 0, idleAfterInactiveMs: 0 };
    expect(dozePhase(0, 0, quick)).toEqual({ state: 'idle', until: HOUR });
  });
});
