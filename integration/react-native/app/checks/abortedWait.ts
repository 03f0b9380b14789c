import { createQueue, defineJob } from '@nightshift/core';
import { assert, type Check } from '../harness';
import { reactNativePlatform } from './support';

export const abortedWait: Check = {
  name: 'waitFor stopped through React Native’s AbortController (a polyfill with no reason) rejects with an AbortError',
  async run() {
    const { platform } = reactNativePlatform();
    const later = defineJob({ name: 'later', run: () => {} });
    const queue = createQueue({ platform, jobs: [later] });
    await queue.start();
    try {
      const job = await queue.enqueue(later, {}, { delayMs: 60_000 });
      const controller = new AbortController();
      const waiting = queue.waitFor(job.id, { signal: controller.signal });
      controller.abort();
      let error: unknown = 'nothing: it did not reject';
      try {
        await waiting;
      } catch (e) {
        error = e;
      }
      assert(
        error instanceof Error && error.name === 'AbortError',
        `rejects with an Error named AbortError (got ${error instanceof Error ? error.name : String(error)})`,
      );
    } finally {
      await queue.stop();
    }
  },
};
