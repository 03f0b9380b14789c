/**
 * How long the queue holds the JS thread in one piece, the time a frame or a touch would
 * wait on a UI thread (contract: Responsiveness). Each operation runs over 1,000, 10,000
 * and 100,000 jobs; p-queue running as many no-op tasks beside it is the floor that GC and
 * the JIT alone set on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryStore,
  createQueue,
  defineJob,
  type Platform,
  type Queue,
  type Store,
  systemPlatform,
} from '@nightshift/core';
import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
import Database from 'better-sqlite3';
import PQueue from 'p-queue';
import { longestBlock as measure } from '../lib/longestBlock';
import type { Figure } from '../lib/runner';
import { peerVersion } from '../lib/versions';

const SIZES = [1_000, 10_000, 100_000] as const;
const FRAME_MS = 16;
const n = (x: number) => x.toLocaleString('en-US');

const photo = defineJob({
  name: 'render-thumbnail',
  run: (payload: { photo: string; size: number }) => payload.size,
});
const items = (count: number, runAt?: number) =>
  Array.from({ length: count }, (_, i) => ({
    type: photo,
    payload: { photo: `IMG_${100_000 + i}.jpg`, size: 128 + (i % 512) },
    options: { tags: ['thumbnails'], ...(runAt === undefined ? {} : { runAt: runAt + i }) },
  }));

/** The system platform, with the engine's own slices timed: the longest stretch between two yields. */
function timedPlatform(): { platform: Platform; longestSlice: () => number; begin: () => void } {
  const base = systemPlatform();
  let resumed = performance.now();
  let longest = 0;
  return {
    begin: () => {
      resumed = performance.now();
    },
    platform: {
      ...base,
      yieldToHost: async () => {
        longest = Math.max(longest, performance.now() - resumed);
        await base.yieldToHost!();
        resumed = performance.now();
      },
    },
    longestSlice: () => Math.max(longest, performance.now() - resumed),
  };
}

async function queueWith(store: Store, count: number, platform: Platform = systemPlatform()) {
  const queue = createQueue({ platform, store, jobs: [photo], concurrency: 4 });
  await queue.start();
  // Waiting a day, so nothing runs while the backlog is written.
  for (let at = 0; at < count; at += 10_000)
    await queue.enqueueMany(items(Math.min(10_000, count - at), Date.now() + 86_400_000));
  return queue as unknown as Queue<[typeof photo]>;
}

/** The longest block while `operation` runs on a queue that holds `count` waiting jobs (memory store). */
async function blockOverWaiting(count: number, operation: (queue: Queue<[typeof photo]>) => unknown) {
  const queue = await queueWith(createMemoryStore(), count);
  const { ms } = await longestBlock(async () => operation(queue));
  await queue.stop();
  return ms;
}

/** A memory store that already holds `count` waiting jobs (and `due` jobs due now), written by the engine itself. */
async function storeWith(count: number, due = 0): Promise<Store> {
  const store = createMemoryStore();
  const queue = await queueWith(store, count);
  if (due > 0) {
    // Stopped before they can start: they wait, due, for the next start().
    await queue.enqueueMany(items(due));
  }
  await queue.stop({ timeoutMs: 0 });
  return store;
}

let dir: string | undefined;
const sqliteFiles = new Map<number, string>();
/** A SQLite file that already holds `count` waiting jobs (made once per size). */
async function sqliteWith(count: number): Promise<string> {
  const made = sqliteFiles.get(count);
  if (made) return made;
  dir ??= mkdtempSync(join(tmpdir(), 'nightshift-responsiveness-'));
  const file = join(dir, `backlog-${count}.db`);
  const db = new Database(file);
  await (await queueWith(createSqliteStore({ driver: betterSqlite3(db) }), count)).stop();
  db.close();
  sqliteFiles.set(count, file);
  return file;
}
process.once('exit', () => dir && rmSync(dir, { recursive: true, force: true }));

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The noise floor: p-queue carrying `count` tasks of the same shape, each handing the
 * thread back (a macrotask), so what blocks it is GC and the JIT at this load, not p-queue.
 */
async function pQueueFloor(count: number): Promise<number> {
  const queue = new PQueue({ concurrency: 4 });
  const tasks = Array.from({ length: count }, (_, i) => async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { photo: `IMG_${100_000 + i}.jpg`, size: 128 + (i % 512) };
  });
  // Fed a thousand at a time, as the engine's own slices are: adding 100,000 at once would
  // itself hold the thread.
  const feed = async () => {
    const all: Array<Promise<unknown>> = [];
    for (let at = 0; at < count; at += 1_000) {
      all.push(queue.addAll(tasks.slice(at, at + 1_000)));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
  };
  return (await longestBlock(feed)).ms;
}

type Operation = (count: number) => Promise<number>;

/** The longest block of `operation`, after a full GC: the setup's garbage is not counted. */
function longestBlock<T>(operation: () => Promise<T>) {
  gc?.();
  return measure(operation);
}

const operations: Array<{ id: string; title: string; target: number; run: Operation }> = [
  {
    id: 'block-start-memory',
    title: 'start() over N stored jobs, memory store',
    target: 100_000,
    run: async (count) => {
      const store = await storeWith(count);
      const queue = createQueue({ platform: systemPlatform(), store, jobs: [photo] });
      const { ms } = await longestBlock(() => queue.start());
      await queue.stop();
      return ms;
    },
  },
  {
    id: 'block-start-sqlite',
    title: 'start() over N stored jobs, SQLite (better-sqlite3, a file)',
    target: 100_000,
    run: async (count) => {
      const db = new Database(await sqliteWith(count));
      const queue = createQueue({
        platform: systemPlatform(),
        store: createSqliteStore({ driver: betterSqlite3(db) }),
        jobs: [photo],
      });
      const { ms } = await longestBlock(() => queue.start());
      await queue.stop();
      db.close();
      return ms;
    },
  },
  {
    id: 'block-enqueue-many',
    title: 'enqueueMany of N jobs, memory store',
    target: 10_000,
    run: async (count) => {
      const queue = await queueWith(createMemoryStore(), 0);
      const batch = items(count, Date.now() + 86_400_000);
      const { ms } = await longestBlock(() => queue.enqueueMany(batch));
      await queue.stop();
      return ms;
    },
  },
  {
    id: 'block-cancel-where',
    title: 'cancelWhere({ tag }) over N waiting jobs',
    target: 10_000,
    run: (count) => blockOverWaiting(count, (queue) => queue.cancelWhere({ tag: 'thumbnails' })),
  },
  {
    id: 'block-list',
    title: 'list() over N waiting jobs',
    target: 100_000,
    run: (count) => blockOverWaiting(count, (queue) => queue.list({ state: 'enqueued' })),
  },
  {
    id: 'block-list-limit',
    title: 'list({ state, limit: 100 }) over N waiting jobs (what a UI shows)',
    target: 100_000,
    run: (count) => blockOverWaiting(count, (queue) => queue.list({ state: 'enqueued', limit: 100 })),
  },
  {
    id: 'block-list-running',
    title: 'list({ state: running }) over N waiting jobs (a progress UI, on every change)',
    target: 100_000,
    run: (count) => blockOverWaiting(count, (queue) => queue.list({ state: 'running' })),
  },
  {
    id: 'block-run',
    title: 'N jobs run back to back (concurrency 4)',
    target: 100_000,
    run: async (count) => {
      const queue = await queueWith(createMemoryStore(), 0);
      const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
      const { ms } = await longestBlock(async () => {
        for (let at = 0; at < count; at += 1_000) await queue.enqueueMany(items(Math.min(1_000, count - at)));
        await idle;
      });
      await queue.stop();
      return ms;
    },
  },
];

/** start() over 100,000 stored jobs: total time, the engine's own longest slice, and the wait for the first due job. */
async function startWhole(which: 'total' | 'slice' | 'first-job'): Promise<number> {
  const count = 100_000;
  // One job due now among 100,000 waiting: it starts once start() recovered everything.
  const store = await storeWith(count, which === 'first-job' ? 1 : 0);
  const { platform, longestSlice, begin } = timedPlatform();
  const queue = createQueue({ platform, store, jobs: [photo] });
  gc?.();
  const began = performance.now();
  begin();
  if (which === 'first-job') {
    const started = new Promise<number>((resolve) => queue.once('started', () => resolve(performance.now())));
    await queue.start();
    const at = await started;
    await queue.stop();
    return at - began;
  }
  await queue.start();
  const total = performance.now() - began;
  const slice = longestSlice();
  await queue.stop();
  return which === 'total' ? total : slice;
}

export default async function figures(): Promise<Figure[]> {
  const blocks = operations.map(
    (op): Figure => ({
      id: op.id,
      title: `longest JS-thread block: ${op.title}`,
      unit: 'ms',
      better: 'lower',
      runs: 5,
      baseline: `p-queue, ${n(op.target)} no-op tasks`,
      target: {
        text: `${n(op.target)} jobs ≤ ${FRAME_MS} ms (one frame)`,
        met: (r) =>
          (r.subjects[`nightshift, ${n(op.target)} jobs`]?.median ?? Number.POSITIVE_INFINITY) <= FRAME_MS,
      },
      subjects: {
        ...Object.fromEntries(
          SIZES.map((size) => [`nightshift, ${n(size)} jobs`, { measure: () => op.run(size) }] as const),
        ),
        [`p-queue, ${n(op.target)} no-op tasks`]: {
          measure: () => pQueueFloor(op.target),
          label: peerVersion('p-queue'),
        },
      },
    }),
  );
  const whole: Figure = {
    id: 'block-start-whole',
    title: 'start() over 100,000 stored jobs in slices, memory store: total, longest slice, first due job',
    unit: 'ms',
    better: 'lower',
    runs: 5,
    baseline: 'total time of start()',
    target: {
      text: 'longest slice about 4 ms',
      met: (r) => (r.subjects['engine’s longest slice']?.median ?? 99) <= 8,
    },
    subjects: {
      'total time of start()': { measure: () => startWhole('total') },
      'engine’s longest slice': { measure: () => startWhole('slice') },
      'start() to the first due job started': { measure: () => startWhole('first-job') },
    },
  };
  return [...blocks, whole];
}
