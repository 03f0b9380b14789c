import { createQueue, defineJob } from '@nightshift/core';
import type { AppFactory } from '../src/appFactory';

/**
 * A small app for policy tests: one `sync` job every 15 minutes (the OS minimum) that needs
 * a network and spends `workMs` of virtual time, honouring its signal.
 */
export function syncApp(workMs = 2_000): AppFactory {
  return ({ platform, store }) => {
    const sync = defineJob({
      name: 'sync',
      constraints: { network: 'connected' },
      async run(_payload: null, ctx) {
        await platform.sleep(workMs, ctx.signal);
      },
    });
    const queue = createQueue({ platform, store, jobs: [sync] });
    return {
      queue,
      jobs: [sync],
      onStart: () => queue.enqueue(sync, null, { uniqueKey: 'sync', repeat: { everyMs: 15 * 60_000 } }),
    };
  };
}
