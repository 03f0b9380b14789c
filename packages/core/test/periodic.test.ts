import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPeriodStart, periodDueAt } from '../src/periodic';

describe('periodDueAt', () => {
  it('is due at once with the default flex (the whole period)', () => {
    expect(periodDueAt(1_000, { everyMs: 600, flexMs: 600 })).toBe(1_000);
  });

  it('is due in the last flexMs of the period', () => {
    expect(periodDueAt(1_000, { everyMs: 600, flexMs: 100 })).toBe(1_500);
  });
});

describe('nextPeriodStart', () => {
  it('follows on from the previous scheduled period, not from when the run ended', () => {
    expect(nextPeriodStart(0, 0, 100, 30)).toBe(100);
    expect(nextPeriodStart(0, 100, 100, 170)).toBe(200);
  });

  it('coalesces missed periods into the one that contains now', () => {
    expect(nextPeriodStart(0, 0, 100, 1_050)).toBe(1_000);
  });

  it('keeps the next period when a long run ended inside it', () => {
    expect(nextPeriodStart(0, 0, 100, 150)).toBe(100);
  });

  it('always stays on the grid and never falls behind now by a whole period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.integer({ min: 0, max: 1e8 }),
        (anchor, every, k, late) => {
          const periodStart = anchor + k * every;
          const now = periodStart + late;
          const next = nextPeriodStart(anchor, periodStart, every, now);
          expect((next - anchor) % every).toBe(0);
          expect(next).toBeGreaterThan(periodStart);
          expect(next + every).toBeGreaterThan(now);
        },
      ),
    );
  });
});
