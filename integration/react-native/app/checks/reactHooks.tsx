import { createQueue, defineJob } from '@nightshift/core';
import { useJob, useJobs, useQueueStats } from '@nightshift/react';
import { create, type ReactTestRenderer } from 'react-test-renderer';
import { type Check, equal } from '../harness';
import { flush, reactNativePlatform } from './support';

export const reactHooks: Check = {
  name: '@nightshift/react: useJob, useJobs and useQueueStats re-render as jobs change',
  async run() {
    const { clock, platform } = reactNativePlatform();
    const resize = defineJob({ name: 'resize', run: (payload: { px: number }) => ({ px: payload.px / 2 }) });
    const queue = createQueue({ platform, jobs: [resize] });
    await queue.start();
    let watched: string | undefined;

    function Status() {
      const job = useJob(queue, watched);
      const done = useJobs(queue, { state: 'succeeded' });
      const stats = useQueueStats(queue);
      return `job=${job?.state ?? 'none'} done=${done.length} enqueued=${stats.counts.enqueued}`;
    }

    let renderer: ReactTestRenderer | undefined;
    renderer = create(<Status />);
    const text = async () => {
      for (let i = 0; i < 5; i++) await flush();
      // A component that renders a string renders as that string.
      return renderer?.toJSON() as unknown as string;
    };
    equal(await text(), 'job=none done=0 enqueued=0', 'first render');

    const job = await queue.enqueue(resize, { px: 640 }, { delayMs: 1_000 });
    watched = job.id;
    renderer.update(<Status />);
    equal(await text(), 'job=enqueued done=0 enqueued=1', 'after enqueue');

    await clock.advance(2_000);
    equal(await text(), 'job=succeeded done=1 enqueued=0', 'after the run');
    renderer.unmount();
    renderer = undefined;
    await queue.stop();
  },
};
