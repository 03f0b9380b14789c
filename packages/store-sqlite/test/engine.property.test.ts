import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { playScript, stepArb } from '../../core/test/engineScript';
import { betterSqlite3, createSqliteStore } from '../src';

/** Scripts in CI; `NIGHTSHIFT_PROPERTY_RUNS=20000` runs many more by hand. */
const RUNS = Math.ceil(Number(process.env.NIGHTSHIFT_PROPERTY_RUNS ?? 2_000) / 4);

describe('the engine under random device scripts (SQLite store)', () => {
  it('keeps its invariants through conditions, wake-ups, cancels, store faults, stops and crashes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(stepArb, { minLength: 10, maxLength: 80, size: 'max' }),
        async (seed, steps) => {
          const db = new Database(':memory:');
          try {
            // A new store over the same database at every start: a new process opening the app's file.
            const { violations } = await playScript(seed, steps, {
              open: () => createSqliteStore({ driver: betterSqlite3(db) }),
            });
            expect(violations).toEqual([]);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: RUNS },
    );
    // Thousands of scripts: seconds on a quiet machine, many more on a busy one.
  }, 300_000);
});
