import { createQueue, defineJob } from '@nightshift/core';
import { assert, type Check, equal } from '../harness';
import { reactNativePlatform } from './support';

export const lifecycle: Check = {
  name: 'job lifecycle: two failures retried on the exponential backoff, then success',
  async run() {
    const { clock, platform } = reactNativePlatform();
    const startedAt: number[] = [];
    const flaky = defineJob({
      name: 'flaky',
      retry: { maxAttempts: 3, backoff: { kind: 'exponential', initialDelayMs: 1_000, jitter: 0 } },
      async run(payload: { n: number }, ctx) {
        startedAt.push(clock.now());
        if (ctx.attempt < 3) throw new Error(`attempt ${ctx.attempt} failed`);
        return { doubled: payload.n * 2, attempt: ctx.attempt };
      },
    });
    const queue = createQueue({ platform, jobs: [flaky] });
    const retries: Array<[string, number]> = [];
    queue.on('retrying', (_job, error, nextRunAt) => retries.push([error.message, nextRunAt]));
    await queue.start();
    const t0 = clock.now();
    const job = await queue.enqueue(flaky, { n: 21 });
    const done = queue.waitFor(job.id);
    await clock.advance(10_000);
    const final = await done;
    equal(final.state, 'succeeded', 'state');
    equal(final.result, { doubled: 42, attempt: 3 }, 'result');
    equal(final.attempts, 3, 'attempts');
    equal(
      startedAt.map((t) => t - t0),
      [0, 1_000, 3_000],
      'start times (backoff 1 s, then 2 s)',
    );
    equal(
      retries.map(([message, at]) => [message, at - t0]),
      [
        ['attempt 1 failed', 1_000],
        ['attempt 2 failed', 3_000],
      ],
      'retrying events',
    );
    assert(queue.stats().counts.succeeded === 1, 'stats count the success');
    await queue.stop();
  },
};
