import { runPlatformConformance } from '@nightshift/core/testing';
import { describe, it } from 'vitest';
import { createMemoryPlatform } from '../src/createMemoryPlatform';

runPlatformConformance(
  'createMemoryPlatform',
  () => {
    const platform = createMemoryPlatform({ now: 1_700_000_000_000, seed: 11 });
    return {
      platform,
      advance: (ms) => platform.advance(ms),
      setConditions: (partial) => platform.setConditions(partial),
      fireWake: (budgetMs) => platform.wake({ budgetMs }),
    };
  },
  { describe, it },
);
