import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, retryDelay } from '../src/backoff';

const noJitter = (kind: 'exponential' | 'linear' | 'fixed') => ({ kind, initialDelayMs: 1_000, jitter: 0 });

describe('retryDelay', () => {
  it('doubles an exponential delay after each failed attempt', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(noJitter('exponential'), n, null, Math.random))).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it('uses the multiplier when one is given', () => {
    expect(retryDelay({ ...noJitter('exponential'), multiplier: 3 }, 3, null, Math.random)).toBe(9_000);
  });

  it('grows a linear delay by the initial delay each attempt', () => {
    expect([1, 2, 3].map((n) => retryDelay(noJitter('linear'), n, null, Math.random))).toEqual([
      1_000, 2_000, 3_000,
    ]);
  });

  it('keeps a fixed delay the same', () => {
    expect([1, 5, 9].map((n) => retryDelay(noJitter('fixed'), n, null, Math.random))).toEqual([
      1_000, 1_000, 1_000,
    ]);
  });

  it('caps the delay at maxDelayMs', () => {
    expect(retryDelay({ ...noJitter('exponential'), maxDelayMs: 5_000 }, 10, null, Math.random)).toBe(5_000);
  });

  it('spreads the delay by the random source within the jitter', () => {
    const b = { kind: 'fixed' as const, initialDelayMs: 1_000, jitter: 0.5 };
    expect(retryDelay(b, 1, null, () => 0)).toBe(500);
    expect(retryDelay(b, 1, null, () => 0.5)).toBe(1_000);
    expect(retryDelay(b, 1, null, () => 0.999_999)).toBe(1_500);
  });

  it('follows the documented default: exponential from 30 s with 10 % jitter', () => {
    expect(retryDelay(undefined, 2, null, () => 0.5)).toBe(60_000);
    expect(DEFAULT_RETRY).toMatchObject({
      maxAttempts: 3,
      backoff: { initialDelayMs: 30_000, multiplier: 2, jitter: 0.1 },
    });
  });

  it('passes the attempt number and the error to a function backoff and uses its result as it is', () => {
    const seen: unknown[] = [];
    const delay = retryDelay(
      (attempt, error) => {
        seen.push(attempt, error);
        return 123_456_789;
      },
      2,
      'boom',
      () => 0,
    );
    expect(delay).toBe(123_456_789);
    expect(seen).toEqual([2, 'boom']);
  });

  it('keeps every jittered delay within [d(1-j), d(1+j)] and under the cap', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('exponential', 'linear', 'fixed') as fc.Arbitrary<'exponential' | 'linear' | 'fixed'>,
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        fc.integer({ min: 1, max: 100_000_000 }),
        (kind, initialDelayMs, attempt, jitter, r, maxDelayMs) => {
          const exact = retryDelay({ kind, initialDelayMs, jitter: 0, maxDelayMs }, attempt, null, () => r);
          const spread = retryDelay({ kind, initialDelayMs, jitter, maxDelayMs }, attempt, null, () => r);
          expect(exact).toBeLessThanOrEqual(maxDelayMs);
          expect(spread).toBeGreaterThanOrEqual(Math.floor(exact * (1 - jitter)));
          expect(spread).toBeLessThanOrEqual(Math.ceil(exact * (1 + jitter)));
        },
      ),
    );
  });
});
