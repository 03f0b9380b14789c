import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { createMemoryStore, createQueue, defineJob } from '@nightshift/core';
import type { Figure } from '../lib/runner';

/**
 * Wall time from an OS wake-up to the first job started, with `waiting` due jobs held while
 * the app was in the background: the part of a short OS window the engine itself spends.
 */
async function wakeToFirstStartMs(waiting: number): Promise<number> {
  const noop = defineJob({ name: 'noop', run: () => undefined });
  const platform = createMemoryPlatform({
    now: Date.UTC(2026, 0, 1),
    conditions: { appState: 'background' },
  });
  const queue = createQueue({
    platform,
    store: createMemoryStore(),
    jobs: [noop],
    retention: { succeeded: { maxCount: 100 } },
  });
  await queue.start();
  for (let i = 0; i < waiting; i += 10_000) {
    const n = Math.min(10_000, waiting - i);
    await queue.enqueueMany(Array.from({ length: n }, (_, k) => ({ type: noop, payload: { id: i + k } })));
  }
  // Background, no window: nothing may start, whatever the clock does before the wake-up.
  await platform.advance(1_000);
  // The setup's garbage is collected now, not during the timed wake-up.
  (globalThis as { gc?: () => void }).gc?.();
  let startedAt: bigint | undefined;
  queue.once('started', () => {
    startedAt = process.hrtime.bigint();
  });
  const start = process.hrtime.bigint();
  const wake = platform.wake({ budgetMs: 30_000 });
  const record = await wake;
  await queue.stop();
  if (startedAt === undefined) throw new Error('wake: no job started during the wake-up');
  if (record.report?.succeeded !== waiting) {
    throw new Error(`wake: the window ran ${record.report?.succeeded} of ${waiting} jobs`);
  }
  return Number(startedAt - start) / 1e6;
}

export default async function figures(): Promise<Figure[]> {
  const sizes = [10_000, 100];
  const name = (n: number) => `${n.toLocaleString('en-US')} waiting`;
  return [
    {
      id: 'wake',
      title: 'OS wake-up to first job started (memory platform, app in background)',
      unit: 'ms',
      better: 'lower',
      // Sub-millisecond and cheap: more runs keep one GC pause or JIT tier-up out of the median.
      runs: 11,
      baseline: name(sizes[0]!),
      subjects: Object.fromEntries(sizes.map((n) => [name(n), { measure: () => wakeToFirstStartMs(n) }])),
    },
  ];
}
