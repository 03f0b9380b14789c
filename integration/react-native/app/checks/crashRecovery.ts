import { createMemoryPlatform, type MemoryPlatform } from '@nightshift/adapter-memory';
import { createQueue, defineJob } from '@nightshift/core';
import { createSqliteStore, opSqlite } from '@nightshift/store-sqlite';
import { open } from '@op-engineering/op-sqlite';
import { type Check, equal } from '../harness';
import { flush } from './taskClock';

/** Moves virtual time until `promise` settles (the store answers on real tasks). */
async function settle<T>(platform: MemoryPlatform, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; !settled && i < 600; i++) {
    await platform.advance(100);
    await flush();
  }
  return promise;
}

export const crashRecovery: Check = {
  name: 'crash and recovery: a job running when the app is killed runs again on the next launch, no attempt spent',
  async run() {
    const platform = createMemoryPlatform({ now: Date.UTC(2026, 0, 1) });
    const db = () => createSqliteStore({ driver: opSqlite(open({ name: 'crash.db' })) });
    const runs: number[] = [];
    let hang = true;
    const upload = defineJob({
      name: 'upload',
      async run(payload: { file: string }, ctx) {
        runs.push(ctx.attempt);
        if (hang) await new Promise(() => {}); // the process dies here
        return { uploaded: payload.file };
      },
    });
    const first = createQueue({ platform, store: platform.attachStore(db()), jobs: [upload] });
    await settle(platform, first.start());
    const job = await settle(platform, first.enqueue(upload, { file: 'a.jpg' }));
    // The handler starts once the store has the job as running (its answers come on real tasks).
    for (let i = 0; runs.length === 0 && i < 100; i++) {
      await platform.advance(100);
      await flush();
    }
    equal(runs, [1], 'attempts started before the crash');
    equal(first.get(job.id)?.state, 'running', 'state before the crash');
    platform.crash();

    hang = false;
    const interrupted: Array<[string, number]> = [];
    const second = createQueue({ platform, store: platform.attachStore(db()), jobs: [upload] });
    second.on('interrupted', (snapshot) => interrupted.push([snapshot.id, snapshot.interruptions]));
    await settle(platform, second.start());
    const final = await settle(platform, second.waitFor(job.id));
    equal(final.state, 'succeeded', 'state after the restart');
    equal(final.result, { uploaded: 'a.jpg' }, 'result');
    equal(interrupted, [[job.id, 1]], 'interrupted events (job id, interruptions)');
    equal(final.attempts, 1, 'attempts');
    equal(runs, [1, 1], 'attempt numbers seen by the handler (the crash spent none)');
    await settle(platform, second.stop());
  },
};
