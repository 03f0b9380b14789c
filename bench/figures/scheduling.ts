import { createQueue, defineJob, type Store, systemPlatform } from '@nightshift/core';
import type { Figure } from '../lib/runner';

/** A store that keeps nothing: this figure measures scheduling, not persistence. */
const nullStore = (): Store => ({ load: async () => [], write: async () => {} });

const DUE = 5_000;

/**
 * Per-job cost of picking and running due jobs while `waiting` others wait for a later
 * instant. An indexed scheduler keeps it flat; one that scans would grow with `waiting`.
 */
async function perJobMicros(waiting: number): Promise<number> {
  const noop = defineJob({ name: 'noop', run: () => undefined });
  const queue = createQueue({
    platform: systemPlatform(),
    store: nullStore(),
    jobs: [noop],
    concurrency: 16,
    retention: { succeeded: { maxCount: 0 } },
  });
  await queue.start();
  const later = Date.now() + 86_400_000;
  for (let i = 0; i < waiting; i += 10_000) {
    const n = Math.min(10_000, waiting - i);
    await queue.enqueueMany(
      Array.from({ length: n }, (_, k) => ({ type: noop, payload: null, options: { runAt: later + i + k } })),
    );
  }
  const idle = new Promise<void>((resolve) => queue.on('idle', resolve));
  const start = process.hrtime.bigint();
  await queue.enqueueMany(Array.from({ length: DUE }, () => ({ type: noop, payload: null })));
  await idle;
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / DUE;
  await queue.stop();
  return micros;
}

export default async function figures(): Promise<Figure[]> {
  const sizes = [100, 10_000, 100_000, 1_000_000];
  return [
    {
      id: 'scheduling',
      title: `per-job scheduling cost (${DUE.toLocaleString('en-US')} due jobs run among N waiting)`,
      unit: 'µs/job',
      better: 'lower',
      baseline: `${sizes[0]!.toLocaleString('en-US')} waiting`,
      target: {
        text: 'largest ≤ 1.5× smallest',
        met: (r) =>
          (r.ratios[`${sizes.at(-1)!.toLocaleString('en-US')} waiting`] ?? Number.POSITIVE_INFINITY) <= 1.5,
      },
      subjects: Object.fromEntries(
        sizes.map((n) => [`${n.toLocaleString('en-US')} waiting`, { measure: () => perJobMicros(n) }]),
      ),
    },
  ];
}
