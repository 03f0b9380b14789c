/**
 * Runs in headless Chromium (bundled by ../indexeddb.ts): the durable lifecycle of many
 * no-op jobs through Nightshift on IndexedDB, and the hand-written equivalent with raw
 * IndexedDB. Each returns jobs per second, timed in the page.
 */
import { createWebPlatform } from '@nightshift/adapter-web';
import { createQueue, defineJob } from '@nightshift/core';
import { createIndexedDbStore } from '@nightshift/store-indexeddb';

const noop = defineJob({ name: 'noop', run: () => undefined });
const fresh = () => `bench-${Math.random().toString(36).slice(2)}`;

/** enqueueMany(all) → every job started and succeeded, each change written with durability strict. */
async function ours(jobs: number, concurrency: number): Promise<number> {
  const queue = createQueue({
    platform: createWebPlatform(),
    store: createIndexedDbStore({ name: fresh() }),
    jobs: [noop],
    concurrency,
    // Keep every record, as the raw equivalent does: no retention deletes in the measurement.
    retention: { succeeded: { maxCount: jobs } },
  });
  await queue.start();
  const items = Array.from({ length: jobs }, () => ({ type: noop, payload: null }));
  const idle = new Promise<void>((resolve) => queue.once('idle', resolve));
  const started = performance.now();
  await queue.enqueueMany(items);
  await idle;
  const ms = performance.now() - started;
  if (queue.stats().counts.succeeded !== jobs) throw new Error('not every job succeeded');
  await queue.stop();
  return jobs / (ms / 1_000);
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}

/**
 * The same records with raw IndexedDB: every job put in one transaction, then per job one
 * transaction (durability strict) that puts it running and then succeeded, as JSON text.
 */
async function raw(jobs: number): Promise<number> {
  const open = indexedDB.open(fresh(), 1);
  open.onupgradeneeded = () => open.result.createObjectStore('jobs');
  const db = await request(open);
  const handler = noop.run as (payload: null) => unknown;
  const started = performance.now();
  const now = Date.now();
  const all = Array.from({ length: jobs }, (_, i) => ({
    id: `job-${i}`,
    name: 'noop',
    payload: null,
    state: 'enqueued',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    runAt: now,
  }));
  const first = db.transaction('jobs', 'readwrite', { durability: 'strict' });
  for (const job of all) first.objectStore('jobs').put(JSON.stringify(job), job.id);
  await committed(first);
  for (const job of all) {
    const tx = db.transaction('jobs', 'readwrite', { durability: 'strict' });
    const store = tx.objectStore('jobs');
    job.state = 'running';
    job.updatedAt = Date.now();
    store.put(JSON.stringify(job), job.id);
    handler(job.payload);
    job.state = 'succeeded';
    job.attempts++;
    job.updatedAt = Date.now();
    store.put(JSON.stringify(job), job.id);
    await committed(tx);
  }
  const ms = performance.now() - started;
  db.close();
  return jobs / (ms / 1_000);
}

Object.assign(globalThis, { bench: { ours, raw } });
