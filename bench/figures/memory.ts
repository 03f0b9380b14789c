import { createMemoryStore, createQueue, defineJob, type Store, systemPlatform } from '@nightshift/core';
import PQueue from 'p-queue';
import type { Figure } from '../lib/runner';
import { peerVersion } from '../lib/versions';

const JOBS = 100_000;
const CHUNK = 10_000;

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after two full collections (the second clears what the first's finalizers freed). */
function settledHeap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** A store that keeps nothing, so the figure shows the engine's own share. */
const nullStore = (): Store => ({ load: async () => [], write: async () => {} });

/** Nightshift holding JOBS jobs due in a day, each with a `{ id: n }` payload. */
async function nightshift(store: () => Store): Promise<number> {
  const noop = defineJob({ name: 'noop', run: () => undefined });
  const before = settledHeap();
  const queue = createQueue({
    platform: systemPlatform(),
    store: store(),
    jobs: [noop],
    retention: { succeeded: { maxCount: 100 } },
  });
  await queue.start();
  const later = Date.now() + 86_400_000;
  for (let i = 0; i < JOBS; i += CHUNK) {
    // The snapshots enqueueMany returns are dropped, as an app that does not keep them would.
    await queue.enqueueMany(
      Array.from({ length: CHUNK }, (_, k) => ({
        type: noop,
        payload: { id: i + k },
        options: { runAt: later },
      })),
    );
  }
  const after = settledHeap();
  const held = queue.stats().counts.enqueued;
  await queue.stop();
  if (held !== JOBS) throw new Error(`memory: nightshift holds ${held} of ${JOBS} jobs`);
  return (after - before) / JOBS;
}

/** p-queue holding JOBS pending tasks (not started), each a closure over a `{ id: n }` job. */
async function pQueue(): Promise<number> {
  const before = settledHeap();
  const queue = new PQueue({ concurrency: 1, autoStart: false });
  const run = (job: { id: number }) => job.id;
  for (let i = 0; i < JOBS; i++) {
    const job = { id: i };
    // The promise add returns is dropped, as fire-and-forget callers do.
    void queue.add(() => run(job));
  }
  const after = settledHeap();
  const held = queue.size;
  queue.clear();
  if (held !== JOBS) throw new Error(`memory: p-queue holds ${held} of ${JOBS} tasks`);
  return (after - before) / JOBS;
}

export default async function figures(): Promise<Figure[]> {
  const figure: Figure = {
    id: 'memory',
    title: `heap per waiting job (${JOBS.toLocaleString('en-US')} waiting, payload { id: n })`,
    unit: 'bytes/job',
    better: 'lower',
    baseline: 'p-queue',
    target: {
      text: 'memory store ≤ 1 KiB',
      met: (r) => (r.subjects['nightshift (memory store)']?.median ?? Number.POSITIVE_INFINITY) <= 1024,
    },
    subjects: {
      'nightshift (memory store)': { measure: () => nightshift(createMemoryStore) },
      'nightshift (null store)': { measure: () => nightshift(nullStore) },
      'p-queue': { measure: pQueue, label: peerVersion('p-queue') },
    },
  };
  if (!gc) return [{ ...figure, skip: 'needs node --expose-gc (pnpm bench passes it)' }];
  return [figure];
}
