/**
 * A queue on SQLite that survives being killed. `pnpm start` enqueues 100 demo jobs into
 * data/jobs.db and works through them; stop it with Ctrl-C, or `kill -9` it mid-way, and run
 * it again: it picks up where it left off. Jobs that were running when the process died run
 * again (delivery is at least once); finished ones never do. `pnpm start --reset` starts over.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createQueue, defineJob, systemPlatform } from '@nightshift/core';
import { betterSqlite3, createSqliteStore } from '@nightshift/store-sqlite';
import Database from 'better-sqlite3';

const JOBS = 100;
const dataDir = fileURLToPath(new URL('./data/', import.meta.url));
if (process.argv.includes('--reset')) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });

const renderThumbnail = defineJob({
  name: 'render-thumbnail',
  retry: { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: 1_000 } },
  async run(payload: { photo: string; size: number }, ctx) {
    // Stand-in for real work: 200–400 ms that stops as soon as the signal aborts (stop()).
    await sleep(200 + ((payload.size * 37) % 200), undefined, { signal: ctx.signal });
    return { thumbnail: `${payload.photo.replace('.jpg', '')}@${payload.size}.webp` };
  },
});

const db = new Database(`${dataDir}jobs.db`);
const queue = createQueue({
  platform: systemPlatform(),
  store: createSqliteStore({ driver: betterSqlite3(db) }), // WAL, synchronous = NORMAL
  jobs: [renderThumbnail],
  concurrency: 4,
  retention: { succeeded: { maxCount: JOBS } }, // keep them all, so the count below is exact
});

let recovered = 0;
let started = false;
const done = () => queue.stats().counts.succeeded + queue.stats().counts.failed;
queue.on('interrupted', () => {
  // Before start() resolved, only recovery interrupts: a job found `running` because the last process died.
  if (!started) recovered++;
});
const reruns = new Set<string>();
queue.on('started', (job) => {
  if (job.interruptions > 0) reruns.add(job.id); // it was cut short before: a crash or a stop
});
queue.on('succeeded', (job, result) => {
  const note = reruns.has(job.id) ? '  (run again: it was cut short last time)' : '';
  console.log(`[${String(done()).padStart(3)}/${JOBS}] ${job.id} → ${JSON.stringify(result)}${note}`);
});
queue.on('failed', (job, error) => console.log(`${job.id} failed: ${error.message}`));
queue.on('error', (error) => console.error(`queue error: ${error.message}`));

await queue.start();
started = true;
if (queue.list().length === 0) {
  await queue.enqueueMany(
    Array.from({ length: JOBS }, (_, i) => ({
      type: renderThumbnail,
      payload: { photo: `IMG_${1000 + i}.jpg`, size: 128 + i },
      options: { id: `thumb-${String(i + 1).padStart(3, '0')}` },
    })),
  );
  console.log(
    `Enqueued ${JOBS} jobs into ${dataDir}jobs.db. Press Ctrl-C or kill -9 ${process.pid} any time.`,
  );
} else {
  console.log(
    `Resuming from ${dataDir}jobs.db: ${done()} of ${JOBS} already done` +
      (recovered > 0 ? `, ${recovered} were running when the last process died and run again.` : '.'),
  );
  console.log(`(pid ${process.pid}; \`pnpm start --reset\` starts over)`);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  // pnpm follows Ctrl-C with a SIGTERM of its own: one stop is enough, and it takes at most ~2 s.
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping; running jobs are interrupted and written back as waiting.`);
  await queue.stop({ timeoutMs: 2_000 });
  db.close();
  console.log(`Stopped with ${done()} of ${JOBS} done. Run \`pnpm start\` again to resume.`);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// `idle`: nothing runs and nothing more can start.
const finish = async () => {
  if (stopping || done() < JOBS) return;
  stopping = true;
  await queue.stop();
  db.close();
  console.log(`All ${JOBS} jobs are done. \`pnpm start --reset\` runs the demo again.`);
};
queue.on('idle', () => void finish());
await finish();
