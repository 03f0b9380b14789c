import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { createQueue, defineJob } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { relayLeader, STATE_PAGE } from '../src/leaderRelay';
import type { TabMessage } from '../src/tabMessages';

const note = defineJob({ name: 'note', run: (payload: { n: number }) => payload.n });

async function setup(retention = 100) {
  const platform = createMemoryPlatform();
  const options = { platform, jobs: [note], retention: { succeeded: { maxCount: retention } } };
  const queue = createQueue(options);
  const posted: TabMessage[] = [];
  const emitted: string[] = [];
  let notified = 0;
  const relay = relayLeader(queue, options, {
    leader: 'term',
    post: (m) => posted.push(m),
    emit: (event) => emitted.push(event),
    notify: () => notified++,
  });
  await queue.start();
  await relay.announce();
  const batches = () => posted.filter((m): m is Extract<TabMessage, { t: 'batch' }> => m.t === 'batch');
  return { platform, queue, relay, posted, emitted, batches, notified: () => notified };
}

describe('relayLeader', () => {
  it('announces the whole state, then sends events with the jobs as they are now', async () => {
    const { platform, queue, posted, emitted, batches, notified } = await setup();
    expect(posted[0]).toMatchObject({ t: 'state', leader: 'term', jobs: [] });
    const job = await queue.enqueue(note, { n: 1 });
    await platform.runUntilIdle();
    expect(emitted).toEqual(['enqueued', 'started', 'succeeded', 'idle']);
    const events = batches().flatMap((b) => b.events.map(([event]) => event));
    expect(events).toEqual(['enqueued', 'started', 'succeeded', 'idle']);
    expect(batches().at(-1)!.stats.counts.succeeded).toBe(1);
    const last = batches()
      .flatMap((b) => b.events)
      .find(([event]) => event === 'succeeded')!;
    expect(last[1]).toMatchObject({ id: job.id, state: 'succeeded', result: 1 });
    expect(notified()).toBeGreaterThan(0);
  });

  it('sends a blocked job that its dependency set free, though no event says so', async () => {
    const { platform, queue, batches } = await setup();
    const first = await queue.enqueue(note, { n: 1 }, { delayMs: 1_000 });
    const second = await queue.enqueue(note, { n: 2 }, { after: [first.id], delayMs: 60_000 });
    expect(second.state).toBe('blocked');
    await platform.advance(1_000);
    await platform.runUntilIdle({ maxMs: 1_000 });
    expect(queue.get(first.id)?.state).toBe('succeeded');
    await Promise.resolve();
    const freed = batches()
      .flatMap((b) => b.jobs)
      .filter((j) => j.id === second.id);
    expect(freed.at(-1)).toMatchObject({ state: 'enqueued' });
  });

  it('names the finished jobs that retention deleted', async () => {
    const { platform, queue, batches } = await setup(2);
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push((await queue.enqueue(note, { n })).id);
    await platform.runUntilIdle();
    await Promise.resolve();
    const removed = batches().flatMap((b) => b.removed);
    expect(removed.sort()).toEqual(ids.filter((id) => !queue.get(id)).sort());
    expect(removed).toHaveLength(2);
  });

  it('answers a tab with the state, addressed to it, in pages of STATE_PAGE jobs', async () => {
    const { queue, relay, posted } = await setup();
    await queue.enqueueMany(
      Array.from({ length: STATE_PAGE + 1 }, (_, n) => ({
        type: note,
        payload: { n },
        options: { delayMs: 60_000 },
      })),
    );
    posted.length = 0;
    await relay.sendState('tab-2');
    const pages = posted.filter((m): m is Extract<TabMessage, { t: 'state' }> => m.t === 'state');
    expect(pages.map((p) => [p.to, p.part, p.parts, p.jobs.length])).toEqual([
      ['tab-2', 0, 2, STATE_PAGE],
      ['tab-2', 1, 2, 1],
    ]);
    expect(new Set(pages.map((p) => p.stream)).size).toBe(1);
    expect(pages.flatMap((p) => p.jobs)).toEqual(queue.list());
  });
});
