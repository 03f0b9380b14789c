/**
 * A queue on the deterministic memory platform: two jobs, a flaky network, a retry and an
 * OS wake-up in the background. Everything runs in virtual time, so it finishes at once.
 */
import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { createQueue, defineJob, RetryLaterError } from '@nightshift/core';

const platform = createMemoryPlatform({ seed: 7, conditions: { network: 'none' } });
const at = () => `${String(Math.round(platform.now() / 1000)).padStart(5)} s`;

let calls = 0;
const syncInbox = defineJob({
  name: 'sync-inbox',
  constraints: { network: 'connected' },
  retry: { maxAttempts: 5, backoff: { kind: 'exponential', initialDelayMs: 30_000 } },
  async run(payload: { since: number }, ctx) {
    await platform.sleep(2_000, ctx.signal);
    if (++calls === 1) throw new RetryLaterError(60_000, 'server busy (429)');
    return { fetched: 3, since: payload.since };
  },
});

const flushAnalytics = defineJob({
  name: 'flush-analytics',
  async run(payload: { events: number }, ctx) {
    await platform.sleep(500, ctx.signal);
    return { sent: payload.events };
  },
});

const queue = createQueue({ platform, jobs: [syncInbox, flushAnalytics] });
queue.on('started', (job) => console.log(`${at()}  started    ${job.name} (attempt ${job.attempts + 1})`));
queue.on('retrying', (job, error, next) =>
  console.log(`${at()}  retrying   ${job.name}: ${error.message}; next at ${Math.round(next / 1000)} s`),
);
queue.on('succeeded', (job, result) =>
  console.log(`${at()}  succeeded  ${job.name} → ${JSON.stringify(result)}`),
);
queue.on('window-end', (r) =>
  console.log(
    `${at()}  OS window  ran ${r.ran}, ${r.result}, done ${(r.deadline - r.endedAt) / 1000} s early`,
  ),
);

await queue.start();
await queue.enqueue(syncInbox, { since: 0 });
await queue.enqueue(flushAnalytics, { events: 42 });
await platform.advance(10_000);

console.log(`${at()}  network comes back`);
platform.setConditions({ network: 'metered' });
await platform.advance(10_000);

console.log(`${at()}  app goes to the background`);
platform.setAppState('background');
await platform.advance(120_000);
await platform.wake({ budgetMs: 30_000 });

const stats = queue.stats();
console.log(
  `\nDone in virtual ${at().trim()}: ${stats.counts.succeeded} succeeded, ${stats.counts.failed} failed.`,
);
await queue.stop();
