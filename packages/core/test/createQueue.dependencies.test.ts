import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { PermanentError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import type { Store } from '../src/types';

/** A memory store whose writes, while it holds, report back only when released. */
function slowStore() {
  const inner = createMemoryStore();
  let toHold = 0;
  const held: Array<() => void> = [];
  const store: Store = {
    load: () => inner.load(),
    write(ops) {
      const done = inner.write(ops);
      if (toHold === 0) return done;
      toHold--;
      return new Promise<void>((resolve) => held.push(() => resolve(done)));
    },
  };
  return {
    store,
    /** Holds the next write only. */
    holdNext() {
      toHold = 1;
    },
    release() {
      for (const go of held.splice(0)) go();
    },
  };
}

describe('a job whose dependency ends while the job is being written', () => {
  const setup = () => {
    const platform = createMemoryPlatform();
    const slow = slowStore();
    const work = defineJob({
      name: 'work',
      run: async (p: { ms: number; fail?: boolean }) => {
        await platform.sleep(p.ms);
        if (p.fail) throw new PermanentError('no');
        return p.ms;
      },
    });
    const queue = createQueue({ platform, store: slow.store, jobs: [work] });
    return { platform, slow, work, queue };
  };

  // Regression: the dependency's success was applied before the dependent joined the
  // index, so nobody released it: it stayed blocked until the next start().
  it('is released when the dependency succeeded meanwhile', async () => {
    const { platform, slow, work, queue } = setup();
    await queue.start();
    const first = await queue.enqueue(work, { ms: 1_000 });
    await platform.advance(10);
    slow.holdNext();
    const pending = queue.enqueue(work, { ms: 5 }, { after: [first.id] });
    await platform.advance(2_000);
    expect(queue.get(first.id)?.state).toBe('succeeded');
    slow.release();
    const second = await pending;
    await platform.advance(100);
    expect(queue.get(second.id)).toMatchObject({ state: 'succeeded', result: 5 });
  });

  it('is cancelled when the dependency failed meanwhile', async () => {
    const { platform, slow, work, queue } = setup();
    await queue.start();
    const first = await queue.enqueue(work, { ms: 1_000, fail: true });
    await platform.advance(10);
    slow.holdNext();
    const pending = queue.enqueue(work, { ms: 5 }, { after: [first.id] });
    await platform.advance(2_000);
    expect(queue.get(first.id)?.state).toBe('failed');
    slow.release();
    const second = await pending;
    await platform.advance(100);
    expect(queue.get(second.id)).toMatchObject({
      state: 'cancelled',
      error: { code: 'CANCELLED', message: `dependency ${first.id} failed` },
    });
  });
});
