import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { createQueue, defineJob } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { serveCall } from '../src/serveCall';

const note = defineJob({ name: 'note', run: (payload: { n: number }) => payload.n });

async function started() {
  const platform = createMemoryPlatform();
  const queue = createQueue({ platform, jobs: [note] });
  await queue.start();
  return { platform, queue };
}

describe('serveCall', () => {
  it('resolves a forwarded enqueue sent again with the job it already wrote, not a second one', async () => {
    const { queue } = await started();
    const args = ['note', { n: 1 }, { id: 'made-by-tab' }];
    const first = await serveCall(queue, 'enqueue', args, 1, [true]);
    const again = await serveCall(queue, 'enqueue', args, 2, [true]);
    expect(again).toBe(queue.get('made-by-tab'));
    expect(again).toMatchObject({ id: (first as { id: string }).id });
    expect(queue.list()).toHaveLength(1);
  });

  it('refuses a duplicate id on a first send, and on a resend whose caller-chosen id names another job', async () => {
    const { queue } = await started();
    await serveCall(queue, 'enqueue', ['note', { n: 1 }, { id: 'chosen' }], 1, [false]);
    await expect(
      serveCall(queue, 'enqueue', ['note', { n: 1 }, { id: 'chosen' }], 1, [false]),
    ).rejects.toMatchObject({
      code: 'DUPLICATE_ID',
    });
    await expect(
      serveCall(queue, 'enqueue', ['note', { n: 2 }, { id: 'chosen' }], 2, [false]),
    ).rejects.toMatchObject({
      code: 'DUPLICATE_ID',
    });
    expect(await serveCall(queue, 'enqueue', ['note', { n: 1 }, { id: 'chosen' }], 2, [false])).toBe(
      queue.get('chosen'),
    );
  });

  it('resolves an enqueueMany sent again with its jobs when all of them were written', async () => {
    const { queue } = await started();
    const items = [1, 2].map((n) => ({ type: 'note', payload: { n }, options: { id: `many-${n}` } }));
    await serveCall(queue, 'enqueueMany', [items], 1, [true, true]);
    const again = await serveCall(queue, 'enqueueMany', [items], 2, [true, true]);
    expect(again).toEqual([queue.get('many-1'), queue.get('many-2')]);
    expect(queue.list()).toHaveLength(2);
  });

  it('resolves a cancel sent again with true when the job is cancelled', async () => {
    const { queue } = await started();
    await queue.enqueue(note, { n: 1 }, { id: 'x', delayMs: 60_000 });
    expect(await serveCall(queue, 'cancel', ['x'], 1, [])).toBe(true);
    expect(await serveCall(queue, 'cancel', ['x'], 1, [])).toBe(false);
    expect(await serveCall(queue, 'cancel', ['x'], 2, [])).toBe(true);
  });

  it('tells whether the queue holds an id', async () => {
    const { queue } = await started();
    await queue.enqueue(note, { n: 1 }, { id: 'here', delayMs: 60_000 });
    expect(await serveCall(queue, 'has', ['here'], 1, [])).toBe(true);
    expect(await serveCall(queue, 'has', ['nowhere'], 1, [])).toBe(false);
  });
});
