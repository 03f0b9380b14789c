import { createQueue, defineJob } from '@nightshift/core';
import { device as appDevice } from 'react-native';
import { device as fetchDevice } from 'react-native-background-fetch';
import { assert, type Check, equal } from '../harness';
import { reactNativePlatform, sleep } from './support';

const TASK_ID = 'react-native-background-fetch';
const ITEMS = 10;

export const checkpoint: Check = {
  name: 'a checkpoint across windows: a job cut at each deadline resumes where it saved',
  async run() {
    const { clock, platform } = reactNativePlatform({ budgetMs: 25_000 });
    appDevice.appState.set('background');
    const completed: number[] = [];
    const resumedFrom: unknown[] = [];
    const backup = defineJob({
      name: 'backup',
      async run(_payload: Record<string, never>, ctx) {
        const saved = ctx.checkpoint as { next: number } | undefined;
        resumedFrom.push(saved?.next ?? null);
        for (let i = saved?.next ?? 0; i < ITEMS; i++) {
          await sleep(clock, 5_000, ctx.signal);
          completed.push(i);
          await ctx.saveCheckpoint({ next: i + 1 });
        }
        return { items: ITEMS };
      },
    });
    const queue = createQueue({ platform, jobs: [backup] });
    try {
      await queue.start();
      const job = await queue.enqueue(backup, {});
      const finishedBefore = fetchDevice.finished.length;
      let windows = 0;
      while (queue.get(job.id)?.state !== 'succeeded' && windows < 6) {
        windows++;
        const deadline = clock.now() + 25_000;
        let finishedAt: number | undefined;
        void fetchDevice.nextFinish().then(() => {
          finishedAt = clock.now();
        });
        fetchDevice.event(TASK_ID);
        await clock.advance(25_000);
        assert(
          finishedAt !== undefined && finishedAt <= deadline,
          `window ${windows}: finish by the deadline`,
        );
        await clock.advance(15 * 60_000);
      }
      equal(queue.get(job.id)?.state, 'succeeded', 'job state');
      assert(windows >= 2, `the job needed more than one window (took ${windows})`);
      equal(
        completed,
        Array.from({ length: ITEMS }, (_, i) => i),
        'items completed, each once, in order',
      );
      equal(resumedFrom[0], null, 'the first window starts from scratch');
      assert(
        resumedFrom
          .slice(1)
          .every(
            (next, i) =>
              typeof next === 'number' && next > 0 && (i === 0 || next > (resumedFrom[i] as number)),
          ),
        `later windows resume from the checkpoint (${JSON.stringify(resumedFrom)})`,
      );
      equal(fetchDevice.finished.length - finishedBefore, windows, 'one finish per window');
      equal(queue.get(job.id)?.attempts, 1, 'attempts (window expiries spend none)');
    } finally {
      appDevice.appState.set('active');
      // stop() waits for a window still open; virtual time must move for it to end.
      const stopped = queue.stop();
      await clock.advance(30_000);
      await stopped;
    }
  },
};
