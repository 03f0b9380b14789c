import { createQueue, defineJob, type Queue } from '@nightshift/core';
import type { JobSnapshot, Json, Store } from '../types';
import { check, equal } from './assert';
import { instantPlatform } from './instantPlatform';

/** What the job is given, and what it must come back as (`-0` as `0`). */
interface Values {
  payload: Json;
  checkpoint: Json;
  result: Json;
}

const A = 'round-trip';
const B = 'dependent';

/**
 * One run of the store suite's queue property: a real queue over the store under test
 * enqueues a job with `given.payload`, whose handler saves `given.checkpoint` and is cut
 * short by `stop()`; a second queue on the reopened store runs it again, and it returns
 * `given.result`, which a dependent job receives; a third queue runs that dependent. At
 * every step what the handlers and snapshots see must be `expected`, deep-strict-equal.
 * `again` gives the store to start the next queue on, once the last one stopped (and so
 * closed it).
 */
export async function runQueueRoundTrip(
  makeStore: () => Store | Promise<Store>,
  again: (store: Store) => Promise<Store>,
  given: Values,
  expected: Values,
): Promise<void> {
  let phase = 1;
  const seen: {
    before?: Json;
    saveError?: unknown;
    after?: { payload: Json; checkpoint: Json | undefined };
    dependencies?: Record<string, Json>;
  } = {};
  const errors: unknown[] = [];
  let cut = signal();

  const roundTrip = defineJob({
    name: 'conformance-round-trip',
    retry: { maxAttempts: 1 },
    async run(payload: Json, ctx) {
      if (phase === 1) {
        seen.before = payload;
        try {
          await ctx.saveCheckpoint(given.checkpoint);
        } catch (error) {
          seen.saveError = error;
          throw error;
        } finally {
          cut.fire();
        }
        return untilAborted(ctx.signal);
      }
      seen.after = { payload, checkpoint: ctx.checkpoint };
      return given.result;
    },
  });
  const dependent = defineJob({
    name: 'conformance-dependent',
    retry: { maxAttempts: 1 },
    async run(_payload: null, ctx) {
      if (phase === 2) {
        cut.fire();
        return untilAborted(ctx.signal);
      }
      seen.dependencies = ctx.dependencies;
      return null;
    },
  });
  const open = async (store: Store) => {
    const queue = createQueue({
      platform: instantPlatform(1_700_000_000_000),
      store,
      jobs: [roundTrip, dependent],
      maxPayloadBytes: 1 << 26,
    });
    queue.on('error', (error) => errors.push(error));
    await queue.start();
    return queue;
  };
  const final = (queue: Queue, id: string, when: string) =>
    queue.waitFor(id).then((job: JobSnapshot) => {
      check(
        job.state === 'succeeded',
        `${when}: the job ${id} ended ${job.state}: ${JSON.stringify(job.error)}`,
      );
      return job;
    });

  // 1. Enqueue; the handler sees the payload and saves the checkpoint; stop() cuts it short.
  let store = await makeStore();
  let queue = await open(store);
  await queue.enqueue(roundTrip, given.payload, { id: A });
  await queue.enqueue(dependent, null, { id: B, after: [A] });
  await cut.fired;
  check(seen.saveError === undefined, `saveCheckpoint rejected: ${String(seen.saveError)}`);
  equal(seen.before, expected.payload, 'the payload the handler saw before any restart');
  equal(queue.get(A)?.payload, expected.payload, 'the payload in the snapshot before any restart');
  await queue.stop({ timeoutMs: 0 });

  // 2. Restart: the run starts over with the payload and checkpoint, and returns the result.
  phase = 2;
  cut = signal();
  store = await again(store);
  queue = await open(store);
  const done = await final(queue, A, 'after the first restart');
  equal(seen.after?.payload, expected.payload, 'the payload the handler saw after a restart');
  equal(seen.after?.checkpoint, expected.checkpoint, 'the checkpoint the handler saw after a restart');
  equal(done.result, expected.result, 'the result in the snapshot before a restart');
  await cut.fired;
  await queue.stop({ timeoutMs: 0 });

  // 3. Restart: the stored result and the dependent's copy of it come back.
  phase = 3;
  store = await again(store);
  queue = await open(store);
  equal(queue.get(A)?.payload, expected.payload, 'the payload in the snapshot after two restarts');
  equal(queue.get(A)?.result, expected.result, 'the result in the snapshot after a restart');
  await final(queue, B, 'after the second restart');
  equal(seen.dependencies, { [A]: expected.result }, 'the result a dependent job received after a restart');
  await queue.stop({ timeoutMs: 0 }); // time stands still here: a later timer would never fire
  check(errors.length === 0, `the queues reported errors: ${errors.map(String).join('; ')}`);
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

function signal(): { fire: () => void; fired: Promise<void> } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}
