import { describe, expect, it } from 'vitest';
import { hashRandom } from '../src/hashRandom';

describe('hashRandom', () => {
  it('gives the same draw for the same seed and keys, another for others, always in [0, 1)', () => {
    expect(hashRandom(7, 3, 14)).toBe(hashRandom(7, 3, 14));
    expect(hashRandom(7, 3, 14)).not.toBe(hashRandom(7, 3, 15));
    expect(hashRandom(7, 3, 14)).not.toBe(hashRandom(8, 3, 14));
    // Instants beyond 2^32 ms still tell apart.
    expect(hashRandom(1, 2 ** 40)).not.toBe(hashRandom(1, 2 ** 40 + 2 ** 32));
    const draws = Array.from({ length: 10_000 }, (_, i) => hashRandom(1, i));
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    // Close to uniform: each tenth holds about a tenth.
    for (let k = 0; k < 10; k++) {
      const share = draws.filter((d) => d >= k / 10 && d < (k + 1) / 10).length / draws.length;
      expect(Math.abs(share - 0.1)).toBeLessThan(0.02);
    }
  });
});
