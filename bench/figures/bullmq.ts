import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueue, defineJob, systemPlatform } from '@nightshift/core';
import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { findRedisServer, redisVersion, startRedis } from '../lib/redis';
import type { Figure } from '../lib/runner';
import { peerVersion } from '../lib/versions';

const JOBS = 10_000;
const CONCURRENCY = 50;
/** Finished jobs kept, on both sides: neither grows a history during the figure. */
const KEEP = 100;

const jobsPerSecond = (ns: bigint) => JOBS / (Number(ns) / 1e9);

/**
 * BullMQ on a fresh redis-server (AOF, fsync every second): one `addBulk` of every job, a
 * worker at concurrency 50, timed from the `addBulk` call to the last `completed`.
 */
async function bullmq(binary: string): Promise<number> {
  const redis = await startRedis(binary);
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
    connections.push(c);
    return c;
  };
  try {
    const name = 'bench';
    const queue = new Queue(name, { connection: connect() });
    let completed = 0;
    let failed: unknown;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    const worker = new Worker(name, async () => undefined, {
      connection: connect(),
      concurrency: CONCURRENCY,
      removeOnComplete: { count: KEEP },
    });
    worker.on('completed', () => {
      if (++completed === JOBS) allDone();
    });
    worker.on('failed', (_job, error) => {
      failed = error;
      allDone();
    });
    await queue.waitUntilReady();
    await worker.waitUntilReady();
    const jobs = Array.from({ length: JOBS }, (_, i) => ({ name: 'noop', data: { n: i } }));
    const start = process.hrtime.bigint();
    await queue.addBulk(jobs);
    await done;
    const ns = process.hrtime.bigint() - start;
    await worker.close();
    await queue.close();
    if (failed) throw failed;
    return jobsPerSecond(ns);
  } finally {
    for (const c of connections) c.disconnect();
    await redis.stop();
  }
}

/**
 * Nightshift on SQLite (better-sqlite3, a file in a temp dir, WAL, synchronous=normal): one
 * `enqueueMany` of every job, concurrency 50, timed from the `enqueueMany` call to `idle`.
 */
async function nightshift(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'nightshift-bench-sqlite-'));
  const db = new Database(join(dir, 'jobs.db'));
  try {
    const noop = defineJob({ name: 'noop', run: () => undefined });
    const queue = createQueue({
      platform: systemPlatform(),
      store: createSqliteStore({ driver: betterSqlite3(db) }),
      jobs: [noop],
      concurrency: CONCURRENCY,
      retention: { succeeded: { maxCount: KEEP } },
    });
    await queue.start();
    const items = Array.from({ length: JOBS }, (_, i) => ({ type: noop, payload: { n: i } }));
    const start = process.hrtime.bigint();
    await queue.enqueueMany(items);
    // Starting goes through the clock, so no job has started yet and `idle` is still ahead.
    await new Promise<void>((resolve) => queue.once('idle', resolve));
    const ns = process.hrtime.bigint() - start;
    const ran = queue.stats().byType.noop?.succeeded;
    await queue.stop();
    if (ran !== JOBS) throw new Error(`bullmq figure: nightshift ran ${ran} of ${JOBS} jobs`);
    return jobsPerSecond(ns);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function figures(): Promise<Figure[]> {
  const binary = findRedisServer();
  const figure: Figure = {
    id: 'bullmq',
    title: `durable end-to-end throughput, ${JOBS.toLocaleString('en-US')} no-op jobs, concurrency ${CONCURRENCY}`,
    unit: 'jobs/s',
    better: 'higher',
    baseline: 'bullmq',
    target: { text: '≥ 3× BullMQ', met: (r) => (r.ratios['nightshift (sqlite)'] ?? 0) >= 3 },
    subjects: {},
  };
  if (!binary) return [{ ...figure, skip: 'redis-server not installed' }];
  figure.subjects = {
    'nightshift (sqlite)': {
      measure: nightshift,
      label: `better-sqlite3 ${peerVersion('better-sqlite3')}, WAL`,
    },
    bullmq: {
      measure: () => bullmq(binary),
      label: `${peerVersion('bullmq')}, ioredis ${peerVersion('ioredis')}, redis ${redisVersion(binary)} AOF everysec`,
    },
  };
  return [figure];
}
