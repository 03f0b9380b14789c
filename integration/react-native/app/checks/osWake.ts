import { createQueue, defineJob } from '@nightshift/core';
import { device as appDevice } from 'react-native';
import { device as fetchDevice } from 'react-native-background-fetch';
import { assert, type Check, equal } from '../harness';
import { reactNativePlatform, sleep } from './support';

const TASK_ID = 'react-native-background-fetch';

export const osWake: Check = {
  name: 'OS wake-up through BackgroundFetch: the window runs the due jobs, finish(taskId) once, before the deadline',
  async run() {
    const { clock, platform } = reactNativePlatform({ budgetMs: 25_000 });
    appDevice.appState.set('background');
    const ran: string[] = [];
    const sync = defineJob({
      name: 'sync',
      async run(payload: { item: string }, ctx) {
        ran.push(payload.item);
        await sleep(clock, 2_000, ctx.signal);
        return { synced: payload.item };
      },
    });
    const queue = createQueue({ platform, jobs: [sync] });
    try {
      await queue.start();
      const a = await queue.enqueue(sync, { item: 'a' });
      const b = await queue.enqueue(sync, { item: 'b' });
      await clock.advance(60_000);
      equal(ran, [], 'jobs run in the background without an OS window');
      assert(fetchDevice.methods().includes('configure'), 'the queue asked BackgroundFetch for a wake-up');

      const finishedBefore = fetchDevice.finished.length;
      const deadline = clock.now() + 25_000;
      let finishedAt: number | undefined;
      void fetchDevice.nextFinish().then(() => {
        finishedAt = clock.now();
      });
      fetchDevice.event(TASK_ID);
      await clock.advance(10_000);
      equal(ran, ['a', 'b'], 'jobs the window ran');
      equal(queue.get(a.id)?.state, 'succeeded', 'first job');
      equal(queue.get(b.id)?.state, 'succeeded', 'second job');
      assert(
        finishedAt !== undefined && finishedAt < deadline,
        `finish(taskId) before the deadline (called at ${finishedAt === undefined ? 'never' : `deadline - ${deadline - finishedAt} ms`})`,
      );
      await clock.advance(30_000);
      equal(fetchDevice.finished.slice(finishedBefore), [TASK_ID], 'finish calls, past the deadline too');
    } finally {
      appDevice.appState.set('active');
      // stop() waits for a window still open; virtual time must move for it to end.
      const stopped = queue.stop();
      await clock.advance(30_000);
      await stopped;
    }
  },
};
