/**
 * A realistic app for the simulator: an inbox synced every 30 minutes, photo uploads that
 * wait for wifi and a charger and resume from checkpoints, an over-the-air update check
 * every 6 hours that downloads what it finds, and an analytics flush when the app leaves
 * the foreground. Handlers spend virtual time through `platform.sleep(ms, ctx.signal)`.
 */
import { createQueue, defineJob, type JobContext, RetryLaterError } from '@nightshift/core';
import type { AppFactory } from '@nightshift/simulator';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Sends `chunks` chunks of `chunkMs` each, resuming after the last saved one. */
async function chunked(
  ctx: JobContext,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  chunks: number,
  chunkMs: number,
): Promise<number> {
  const from = (ctx.checkpoint as { chunk?: number } | undefined)?.chunk ?? 0;
  for (let chunk = from; chunk < chunks; chunk++) {
    await sleep(chunkMs, ctx.signal);
    await ctx.saveCheckpoint({ chunk: chunk + 1 });
    ctx.progress((chunk + 1) / chunks, `chunk ${chunk + 1}/${chunks}`);
  }
  return chunks - from;
}

/** The app, once per process: the simulator calls this at the start and after every kill. */
export const deviceDayApp: AppFactory = ({ platform, store, random }) => {
  const sleep = platform.sleep;

  const syncInbox = defineJob({
    name: 'sync-inbox',
    constraints: { network: 'connected' },
    timeoutMs: 20_000,
    async run(_payload: null, ctx) {
      await sleep(1_500 + random() * 2_500, ctx.signal);
      if (random() < 0.05) throw new RetryLaterError(60_000, 'server busy (429)');
      return { messages: Math.floor(random() * 5) };
    },
  });

  const uploadPhoto = defineJob({
    name: 'upload-photo',
    constraints: { network: 'unmetered', charging: true },
    async run(payload: { photo: string; chunks: number }, ctx) {
      const sent = await chunked(ctx, sleep, payload.chunks, 4_000);
      return { photo: payload.photo, sentChunks: sent };
    },
  });

  const downloadUpdate = defineJob({
    name: 'download-update',
    constraints: { network: 'unmetered' },
    async run(payload: { version: string }, ctx) {
      await chunked(ctx, sleep, 20, 3_000);
      return { installed: payload.version };
    },
  });

  const checkUpdate = defineJob({
    name: 'check-update',
    constraints: { network: 'connected' },
    timeoutMs: 15_000,
    async run(_payload: null, ctx) {
      await sleep(800, ctx.signal);
      if (random() >= 0.3) return { found: null };
      const version = `1.${Math.floor(random() * 100)}`;
      // One download per version, however often the check finds it.
      await queue.enqueue(downloadUpdate, { version }, { uniqueKey: `update-${version}` });
      return { found: version };
    },
  });

  const flushAnalytics = defineJob({
    name: 'flush-analytics',
    constraints: { network: 'connected' },
    async run(payload: { events: number }, ctx) {
      await sleep(300 + payload.events * 20, ctx.signal);
      return { sent: payload.events };
    },
  });

  const jobs = [syncInbox, uploadPhoto, checkUpdate, downloadUpdate, flushAnalytics] as const;
  const queue = createQueue({ platform, store, jobs, concurrency: 2 });
  let events = 0;

  return {
    queue,
    jobs,
    async onStart() {
      // Periodic work, enqueued at every launch: the unique keys keep one of each.
      await queue.enqueue(syncInbox, null, { uniqueKey: 'sync-inbox', repeat: { everyMs: 30 * MIN } });
      await queue.enqueue(checkUpdate, null, { uniqueKey: 'check-update', repeat: { everyMs: 6 * HOUR } });
    },
    async onForeground() {
      events += 5 + Math.floor(random() * 20);
      // Now and then the user takes photos: each is uploaded in 1 MB chunks.
      if (random() < 0.3) {
        const count = 1 + Math.floor(random() * 3);
        for (let i = 0; i < count; i++) {
          const photo = `IMG_${Math.floor(random() * 1e6)}.heic`;
          await queue.enqueue(uploadPhoto, { photo, chunks: 4 + Math.floor(random() * 8) });
        }
      }
    },
    async onBackground() {
      if (events === 0) return;
      await queue.enqueue(flushAnalytics, { events });
      events = 0;
    },
  };
};
