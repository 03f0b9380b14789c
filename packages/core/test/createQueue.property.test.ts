import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/memoryStore';
import { playScript, stepArb } from './engineScript';

/** Scripts per property in CI; `NIGHTSHIFT_PROPERTY_RUNS=100000` runs many more by hand. */
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const RUNS = Number(env?.NIGHTSHIFT_PROPERTY_RUNS ?? 2_000);

describe('the engine under random device scripts (memory store)', () => {
  it('keeps its invariants through conditions, wake-ups, cancels, store faults, stops and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(stepArb, { minLength: 10, maxLength: 80, size: 'max' }),
        async (seed, steps) => {
          const store = createMemoryStore();
          const { violations } = await playScript(seed, steps, { open: () => store });
          expect(violations).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    // Thousands of scripts: seconds on a quiet machine, many more on a busy one.
  }, 300_000);

  it('gives the same event log for the same seed and script', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(stepArb, { minLength: 10, maxLength: 60, size: 'max' }),
        async (seed, steps) => {
          const play = () => {
            const store = createMemoryStore();
            return playScript(seed, steps, { open: () => store });
          };
          expect((await play()).log).toEqual((await play()).log);
        },
      ),
      { numRuns: Math.ceil(RUNS / 20) },
    );
  }, 300_000);
});
