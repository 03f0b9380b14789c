import { createQueue, defineJob, StoreError } from '@nightshift/core';
import { createSqliteStore, opSqlite } from '@nightshift/store-sqlite';
import { open } from '@op-engineering/op-sqlite';
import { assert, type Check, equal } from '../harness';
import { reactNativePlatform } from './support';

export const opSqliteStore: Check = {
  name: 'op-sqlite store: jobs written through op-sqlite’s async API survive a restart; a failed write lands nothing',
  async run() {
    const greet = defineJob({
      name: 'greet',
      run: (payload: { to: string }) => ({ hello: payload.to }),
    });
    const { clock, platform } = reactNativePlatform();
    const first = createQueue({
      platform,
      store: createSqliteStore({ driver: opSqlite(open({ name: 'jobs.db' })) }),
      jobs: [greet],
    });
    await first.start();
    const later = await first.enqueue(greet, { to: 'later' }, { delayMs: 60_000 });
    const now = await first.enqueue(greet, { to: 'now' });
    await clock.advance(1_000);
    equal(first.get(now.id)?.state, 'succeeded', 'due job');
    await first.stop();

    // The next launch: a new connection to the same database.
    const store = createSqliteStore({ driver: opSqlite(open({ name: 'jobs.db' })) });
    const loaded = await store.load();
    const byId = new Map(loaded.map((entry) => [entry.id, entry]));
    equal(loaded.length, 2, 'jobs in the database');
    equal((byId.get(later.id) as { state?: string } | undefined)?.state, 'enqueued', 'the delayed job');
    equal((byId.get(now.id) as { state?: string } | undefined)?.state, 'succeeded', 'the finished job');

    // One transaction per write: a put whose record SQLite refuses (NOT NULL) rolls back the whole write.
    const before = (await store.load()).length;
    let error: unknown;
    try {
      await store.write([
        { delete: later.id },
        { put: { id: 'broken', name: null, state: 'enqueued' } as never },
      ]);
    } catch (e) {
      error = e;
    }
    assert(error instanceof StoreError, `the failed write rejects with StoreError (got ${String(error)})`);
    equal((await store.load()).length, before, 'jobs after the failed write');

    const second = createQueue({ platform: reactNativePlatform({ clock }).platform, store, jobs: [greet] });
    await second.start();
    await clock.advance(60_000);
    equal(second.get(later.id)?.state, 'succeeded', 'the delayed job, run by the next launch');
    equal(second.get(later.id)?.result, { hello: 'later' }, 'its result');
    await second.stop();
  },
};
