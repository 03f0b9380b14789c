import { createMemoryStore, createQueue, defineJob, systemPlatform } from '@nightshift/core';
import fastq from 'fastq';
import PQueue from 'p-queue';
import type { Figure } from '../lib/runner';
import { peerVersion } from '../lib/versions';

const JOBS = 100_000;
/** Nightshift is fed through `enqueueMany` in chunks of this many, as an app importing a backlog would. */
const CHUNK = 1_000;

const jobsPerSecond = (ns: bigint) => JOBS / (Number(ns) / 1e9);

/** Nightshift: in-memory store, system clock; from the first `enqueueMany` to `idle`. */
async function nightshift(concurrency: number): Promise<number> {
  const noop = defineJob({ name: 'noop', run: () => undefined });
  const queue = createQueue({
    platform: systemPlatform(),
    store: createMemoryStore(),
    jobs: [noop],
    concurrency,
    retention: { succeeded: { maxCount: 100 } },
  });
  await queue.start();
  const start = process.hrtime.bigint();
  for (let i = 0; i < JOBS; i += CHUNK) {
    await queue.enqueueMany(Array.from({ length: CHUNK }, () => ({ type: noop, payload: null })));
  }
  // The last chunk's jobs cannot have started yet (starting goes through the clock), so
  // `idle` is still ahead of us here, and it fires only once every job has run.
  await new Promise<void>((resolve) => queue.once('idle', resolve));
  const ns = process.hrtime.bigint() - start;
  const ran = queue.stats().byType.noop?.succeeded;
  await queue.stop();
  if (ran !== JOBS) throw new Error(`throughput: nightshift ran ${ran} of ${JOBS} jobs`);
  return jobsPerSecond(ns);
}

/** p-queue: `add` each no-op, then `onIdle`. */
async function pQueue(concurrency: number): Promise<number> {
  const queue = new PQueue({ concurrency });
  let ran = 0;
  const noop = () => {
    ran++;
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < JOBS; i++) queue.add(noop);
  await queue.onIdle();
  const ns = process.hrtime.bigint() - start;
  if (ran !== JOBS) throw new Error(`throughput: p-queue ran ${ran} of ${JOBS} jobs`);
  return jobsPerSecond(ns);
}

/** fastq, promise API: `push` each no-op to an async worker, then `drained`. */
async function fastQueue(concurrency: number): Promise<number> {
  let ran = 0;
  const queue = fastq.promise(async (_task: null) => {
    ran++;
  }, concurrency);
  const start = process.hrtime.bigint();
  for (let i = 0; i < JOBS; i++) void queue.push(null);
  await queue.drained();
  const ns = process.hrtime.bigint() - start;
  if (ran !== JOBS) throw new Error(`throughput: fastq ran ${ran} of ${JOBS} jobs`);
  return jobsPerSecond(ns);
}

export default async function figures(): Promise<Figure[]> {
  return [1, 16].map(
    (concurrency): Figure => ({
      id: `throughput-c${concurrency}`,
      title: `in-memory throughput, ${JOBS.toLocaleString('en-US')} no-op jobs, concurrency ${concurrency}`,
      unit: 'jobs/s',
      better: 'higher',
      // Nine, not five: the medians of this figure moved by 10–20 % between runs of five.
      runs: 9,
      baseline: 'p-queue',
      target: { text: '≥ 0.5× p-queue', met: (r) => (r.ratios.nightshift ?? 0) >= 0.5 },
      subjects: {
        nightshift: { measure: () => nightshift(concurrency) },
        'p-queue': { measure: () => pQueue(concurrency), label: peerVersion('p-queue') },
        fastq: { measure: () => fastQueue(concurrency), label: peerVersion('fastq') },
      },
    }),
  );
}
