import { createMemoryPlatform } from '@nightshift/adapter-memory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../src/engine';
import { Slicer } from '../src/slices';
import { sortByKey } from '../src/sortByKey';

function slicer() {
  const platform = createMemoryPlatform();
  let yields = 0;
  const e = createEngine({
    platform: { ...platform, yieldToHost: async () => void yields++ },
    jobs: [],
  });
  return { slicer: new Slicer(e), yields: () => yields };
}

describe('sortByKey', () => {
  it('sorts like a stable sort, for any keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.nat(),
            fc.integer({ min: 0, max: 2 ** 40 }),
            fc.double({ min: 0, max: 1e6, noNaN: true }),
          ),
        ),
        async (keys) => {
          const items = keys.map((k, i) => ({ k, i }));
          const before = [...items];
          const sorted = await sortByKey(items, (x) => x.k, slicer().slicer);
          expect(sorted).toEqual([...items].sort((a, b) => a.k - b.k || a.i - b.i));
          // The caller's array is left as it was.
          expect(items).toEqual(before);
        },
      ),
    );
  });

  it('sorts 100,000 jobs in random order in slices, yielding between them', async () => {
    const { slicer: s, yields } = slicer();
    const items = Array.from({ length: 100_000 }, (_, i) => ({ seq: (i * 7_919) % 100_000 }));
    const sorted = await sortByKey(items, (x) => x.seq, s);
    expect(sorted.map((x) => x.seq)).toEqual(Array.from({ length: 100_000 }, (_, i) => i));
    expect(yields()).toBeGreaterThan(100);
  });

  it('returns items already in order as they are, in one pass', async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({ seq: i }));
    expect(await sortByKey(items, (x) => x.seq, slicer().slicer)).toBe(items);
  });
});
