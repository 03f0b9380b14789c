import { describe, expect, it } from 'vitest';
import { usageSlots } from '../src/usageSlots';
import { DAY, HOUR, MIN } from './policyState';

describe('usageSlots', () => {
  const options = { historyMs: 7 * DAY, slotMs: 30 * MIN, since: 0 };

  it('weighs each half hour of the day by the share of recent days the app was opened in it', () => {
    const opens = [];
    for (let d = 3; d < 10; d++) opens.push(d * DAY + 7 * HOUR + 10 * MIN);
    for (let d = 7; d < 10; d++) opens.push(d * DAY + 19 * HOUR, d * DAY + 19 * HOUR + 5 * MIN);
    const w = usageSlots(opens, 10 * DAY, options);
    expect(w).toHaveLength(48);
    expect(w[14]).toBe(1);
    // Three of seven days; two opens in one slot on one day count once.
    expect(w[38]).toBeCloseTo(3 / 7);
    expect(w.filter((x) => x > 0)).toHaveLength(2);
  });

  it('forgets opens older than the history, counts no day before install, and ignores the future', () => {
    expect(usageSlots([DAY + HOUR], 10 * DAY, options)[2]).toBe(0);
    const fresh = usageSlots([9 * DAY + HOUR, 11 * DAY], 10 * DAY, { ...options, since: 9 * DAY });
    expect(fresh[2]).toBe(1);
    expect(fresh[0]).toBe(0);
  });
});
