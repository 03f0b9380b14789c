import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../src/seededRandom';

const take = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('createSeededRandom', () => {
  it('replays the same sequence for the same seed', () => {
    expect(take(createSeededRandom(42), 100)).toEqual(take(createSeededRandom(42), 100));
  });

  it('gives different sequences for different seeds', () => {
    expect(take(createSeededRandom(1), 10)).not.toEqual(take(createSeededRandom(2), 10));
  });

  it('is mulberry32, so sequences stay the same across releases and engines', () => {
    expect(take(createSeededRandom(1), 3)).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ]);
    expect(take(createSeededRandom(0), 2)).toEqual([0.26642920868471265, 0.0003297457005828619]);
  });

  it('returns numbers in [0, 1), spread evenly', () => {
    const values = take(createSeededRandom(3), 20_000);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) {
      expect(v >= 0 && v < 1).toBe(true);
      buckets[Math.floor(v * 10)]!++;
    }
    // 2 000 expected per bucket; ±15% is far outside chance for a uniform source.
    for (const count of buckets) expect(Math.abs(count - 2_000)).toBeLessThan(300);
  });

  it('reduces seeds to 32 bits: a seed and the same seed plus 2^32 agree', () => {
    expect(take(createSeededRandom(5 + 2 ** 32), 5)).toEqual(take(createSeededRandom(5), 5));
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => createSeededRandom(Number.NaN)).toThrow(RangeError);
    expect(() => createSeededRandom(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
