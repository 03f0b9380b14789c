import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { setup } from './helpers';

const noop = defineJob({ name: 'noop', run: () => {} });

describe('createQueue subscribers', () => {
  it('read the jobs an enqueue wrote when they are called for it', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    const seen: number[] = [];
    queue.subscribe(() => seen.push(queue.stats().counts.enqueued));
    const job = await queue.enqueue(noop, undefined, { delayMs: 60_000 });
    expect(seen).toEqual([1]);
    expect(queue.get(job.id)?.state).toBe('enqueued');
  });
});
