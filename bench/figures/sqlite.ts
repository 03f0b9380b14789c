/**
 * The durable store on a real file: the full lifecycle of many no-op jobs, and start() over a
 * large backlog, each against raw better-sqlite3 doing the hand-written equivalent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueue, defineJob, type Queue, systemPlatform } from '@nightshift/core';
import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
import Database from 'better-sqlite3';
import { type Figure, timeMs } from '../lib/runner';

const LIFECYCLE_JOBS = 20_000;
const START_JOBS = 100_000;

const root = mkdtempSync(join(tmpdir(), 'nightshift-bench-sqlite-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let files = 0;
/** A fresh database file (with its -wal and -shm) in the figure's temp dir. */
const freshFile = () => join(root, `db-${files++}.db`);
const removeFile = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
};

const noop = defineJob({ name: 'noop', run: () => undefined });

/** Jobs/s of enqueueMany(all) → every job started and succeeded, through our store. */
async function oursLifecycle(concurrency: number): Promise<number> {
  const file = freshFile();
  const db = new Database(file);
  const queue = createQueue({
    platform: systemPlatform(),
    store: createSqliteStore({ driver: betterSqlite3(db) }), // WAL, synchronous = NORMAL
    jobs: [noop],
    concurrency,
    // Keep every row, as the raw equivalent does: no retention deletes in the measurement.
    retention: { succeeded: { maxCount: LIFECYCLE_JOBS } },
  });
  await queue.start();
  const items = Array.from({ length: LIFECYCLE_JOBS }, () => ({ type: noop, payload: null }));
  const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
  const ms = await timeMs(async () => {
    await queue.enqueueMany(items);
    await idle;
  });
  if (queue.stats().counts.succeeded !== LIFECYCLE_JOBS) throw new Error('not every job succeeded');
  await queue.stop();
  db.close();
  removeFile(file);
  return LIFECYCLE_JOBS / (ms / 1_000);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomId = () => {
  let id = '';
  for (let i = 0; i < 16; i++) id += ID_ALPHABET[Math.floor(Math.random() * 36)];
  return id;
};

/**
 * The same with raw better-sqlite3: a table like ours, every job inserted in one transaction,
 * then per job one transaction that marks it running and then succeeded, rewriting its JSON.
 */
async function rawLifecycle(): Promise<number> {
  const file = freshFile();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL, record BLOB NOT NULL
  )`);
  const insert = db.prepare('INSERT INTO jobs (id, name, state, record) VALUES (?, ?, ?, ?)');
  const update = db.prepare('UPDATE jobs SET state = ?, record = ? WHERE id = ?');
  type Job = {
    id: string;
    name: string;
    payload: null;
    state: string;
    attempts: number;
    createdAt: number;
    updatedAt: number;
    runAt: number;
  };
  const handler = noop.run as (payload: null) => unknown;
  const enqueueAll = db.transaction((jobs: Job[]) => {
    for (const job of jobs) insert.run(job.id, job.name, job.state, JSON.stringify(job));
  });
  const runOne = db.transaction((job: Job) => {
    job.state = 'running';
    job.updatedAt = Date.now();
    update.run(job.state, JSON.stringify(job), job.id);
    handler(job.payload);
    job.state = 'succeeded';
    job.attempts++;
    job.updatedAt = Date.now();
    update.run(job.state, JSON.stringify(job), job.id);
  });
  const ms = await timeMs(() => {
    const now = Date.now();
    const jobs: Job[] = Array.from({ length: LIFECYCLE_JOBS }, () => ({
      id: randomId(),
      name: 'noop',
      payload: null,
      state: 'enqueued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
      runAt: now,
    }));
    enqueueAll.immediate(jobs);
    for (const job of jobs) runOne.immediate(job);
  });
  db.close();
  removeFile(file);
  return LIFECYCLE_JOBS / (ms / 1_000);
}

const photo = defineJob({
  name: 'render-thumbnail',
  run: (payload: { photo: string; size: number; album: string }) => payload.size,
});

/** One file holding START_JOBS waiting jobs, written once by the engine itself. */
let backlog: Promise<string> | undefined;
function backlogFile(): Promise<string> {
  backlog ??= (async () => {
    const file = freshFile();
    const db = new Database(file);
    const queue = createQueue({
      platform: systemPlatform(),
      store: createSqliteStore({ driver: betterSqlite3(db) }),
      jobs: [photo],
    });
    await queue.start();
    const later = Date.now() + 86_400_000; // waiting, so nothing runs while it is written
    await queue.enqueueMany(
      Array.from({ length: START_JOBS }, (_, i) => ({
        type: photo,
        payload: { photo: `IMG_${100_000 + i}.jpg`, size: 128 + (i % 512), album: `album-${i % 97}` },
        options: { runAt: later + i, tags: ['thumbnails'] },
      })),
    );
    await queue.stop();
    db.close();
    return file;
  })();
  return backlog;
}

/** ms from createQueue to start() resolved, over the backlog (the handle is opened outside). */
async function oursStart(): Promise<number> {
  const db = new Database(await backlogFile());
  let queue: Queue<[typeof photo]> | undefined;
  const ms = await timeMs(async () => {
    queue = createQueue({
      platform: systemPlatform(),
      store: createSqliteStore({ driver: betterSqlite3(db) }),
      jobs: [photo],
    });
    await queue.start();
  });
  if (queue!.stats().counts.enqueued !== START_JOBS) throw new Error('start() did not load every job');
  await queue!.stop({ timeoutMs: 0 });
  db.close();
  return ms;
}

/** ms of a raw SELECT of the same rows, each record through JSON.parse. */
async function rawStart(): Promise<number> {
  const db = new Database(await backlogFile());
  let loaded: unknown[] = [];
  const ms = await timeMs(() => {
    const rows = db.prepare('SELECT id, record FROM nightshift_jobs').all() as Array<{
      id: string;
      record: string;
    }>;
    loaded = rows.map((row) => JSON.parse(row.record));
  });
  if (loaded.length !== START_JOBS) throw new Error('the raw select missed rows');
  db.close();
  return ms;
}

export default async function figures(): Promise<Figure[]> {
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    {
      id: 'sqlite-lifecycle',
      title: `durable lifecycle, ${n(LIFECYCLE_JOBS)} no-op jobs on a SQLite file (WAL, synchronous NORMAL): enqueueMany → start → succeed`,
      unit: 'jobs/s',
      better: 'higher',
      baseline: 'raw better-sqlite3',
      target: {
        text: 'concurrency 16 ≥ 1.0× raw',
        met: (r) => (r.ratios['nightshift, concurrency 16'] ?? 0) >= 1,
      },
      subjects: {
        'raw better-sqlite3': { measure: rawLifecycle, label: 'one transaction per job' },
        'nightshift, concurrency 1': { measure: () => oursLifecycle(1) },
        'nightshift, concurrency 16': { measure: () => oursLifecycle(16) },
      },
    },
    {
      id: 'sqlite-start',
      title: `start() with ${n(START_JOBS)} stored jobs (createQueue → start resolved)`,
      unit: 'ms',
      better: 'lower',
      baseline: 'raw SELECT + JSON.parse',
      target: {
        text: '≤ 2× raw',
        met: (r) => (r.ratios.nightshift ?? Number.POSITIVE_INFINITY) <= 2,
      },
      subjects: {
        'raw SELECT + JSON.parse': { measure: rawStart },
        nightshift: { measure: oursStart },
      },
    },
  ];
}
