import { createMemoryPlatform } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { StoreInUseError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import type { Store } from '../src/types';

describe('a queue whose platform crashed', () => {
  // The script of issue 16, as it was filed: no attachStore anywhere.
  it('never acts again, whatever store it was given', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const store = createMemoryStore();
    let gen = 0;
    const live = new Map<string, number>();
    const bad: string[] = [];
    const work = defineJob({
      name: 'work',
      retry: { maxAttempts: 3 },
      async run(p: { ms: number; fail?: boolean }, ctx) {
        const g = gen;
        let on = true;
        const end = () => {
          if (on && g === gen) live.set(ctx.id, live.get(ctx.id)! - 1);
          on = false;
        };
        live.set(ctx.id, (live.get(ctx.id) ?? 0) + 1);
        const total = [...live.values()].reduce((a, b) => a + b, 0);
        if (live.get(ctx.id)! > 1) bad.push(`${ctx.id} ran twice at once at ${platform.now()}`);
        if (g > 0 && total > 1) bad.push(`${total} handlers at once with concurrency 1 at ${platform.now()}`);
        ctx.signal.addEventListener('abort', end);
        try {
          await platform.sleep(p.ms, ctx.signal);
          if (p.fail) throw new Error('fail');
        } finally {
          end();
        }
      },
    });
    const make = (concurrency: number) => createQueue({ platform, store, jobs: [work], concurrency });
    let queue = make(2);
    await queue.start();
    await queue.enqueue(work, { ms: 200_000, fail: true }, { constraints: { network: 'connected' } });
    await queue.enqueue(work, { ms: 200_000 });
    await platform.wake({ budgetMs: 5000 });
    platform.setConditions({ network: 'none' });
    platform.setConditions({ network: 'metered' });
    platform.crash();
    gen++;
    live.clear();
    queue = make(1);
    await queue.start();
    platform.setConditions({ network: 'none' });
    platform.setConditions({ network: 'unmetered' });
    await platform.advance(900_000);
    expect(bad).toEqual([]);
  });
});

/**
 * A memory store whose writes apply at once (as a sync driver's do), but those made while
 * it holds report back only when released: writes in flight at a crash.
 */
function gatedStore() {
  const inner = createMemoryStore();
  let holding = false;
  const held: Array<() => void> = [];
  const store: Store = {
    load: () => inner.load(),
    write(ops) {
      const done = inner.write(ops);
      if (!holding) return done;
      return new Promise<void>((resolve) => held.push(() => resolve(done)));
    },
  };
  return {
    store,
    inner,
    hold() {
      holding = true;
    },
    /** Later writes report back at once; the held ones still wait for `release`. */
    pass() {
      holding = false;
    },
    release() {
      for (const go of held.splice(0)) go();
    },
  };
}

describe('crash()', () => {
  const work = defineJob({ name: 'work', run: async (ms: number) => ms });

  it('keeps a dead queue silent when a write it had in flight reports back afterwards', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const gated = gatedStore();
    const old = createQueue({ platform, store: gated.store, jobs: [work] });
    const heard: string[] = [];
    for (const event of ['enqueued', 'started', 'succeeded', 'idle', 'error'] as const)
      old.on(event, () => heard.push(event));
    await old.start();
    await old.enqueue(work, 1);
    gated.hold();
    // The start write goes out and is held; the crash comes before it reports back.
    await platform.advance(0);
    platform.crash();
    gated.pass();
    heard.length = 0;
    const fresh = createQueue({ platform, store: gated.store, jobs: [work] });
    await fresh.start();
    gated.release();
    await platform.advance(60_000);
    expect(heard).toEqual([]);
    // The new queue recovered the job the dead one had started, and ran it to the end.
    const [job] = fresh.list();
    expect(job?.state).toBe('succeeded');
    expect(job?.interruptions).toBe(0);
  });

  it('never lets a dead queue write what it had queued behind a write in flight', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const gated = gatedStore();
    const old = createQueue({ platform, store: gated.store, jobs: [work], concurrency: 2 });
    await old.start();
    const first = await old.enqueue(work, 1);
    gated.hold();
    await platform.advance(0);
    // Held behind the first job's start: the second's start, queued in the dead queue's writer.
    const second = old.enqueue(work, 2);
    let settled = false;
    second.then(
      () => (settled = true),
      () => (settled = true),
    );
    platform.crash();
    gated.pass();
    const fresh = createQueue({ platform, store: gated.store, jobs: [work] });
    await fresh.start();
    await fresh.cancel(first.id);
    gated.release();
    await platform.advance(60_000);
    // The cancel the new queue wrote stays: nothing of the dead queue landed over it.
    const stored = (await gated.inner.load()) as Array<{ id: string; state: string }>;
    expect(stored.map((r) => [r.id, r.state])).toEqual([[first.id, 'cancelled']]);
    // A call made before the crash neither resolves nor rejects after it.
    expect(settled).toBe(false);
  });

  it('lets the store go, so a new queue can start on it', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const store = createMemoryStore();
    const old = createQueue({ platform, store, jobs: [work] });
    await old.start();
    await expect(createQueue({ platform, store, jobs: [work] }).start()).rejects.toMatchObject({
      code: 'STORE_IN_USE',
    });
    platform.crash();
    await createQueue({ platform, store, jobs: [work] }).start();
  });

  it('answers calls made to a dead queue afterwards: stop() resolves, enqueue and start reject', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const store = createMemoryStore();
    const old = createQueue({ platform, store, jobs: [work] });
    const idle = createQueue({ platform, jobs: [work] });
    await old.start();
    platform.crash();
    await expect(old.enqueue(work, 1)).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(old.cancel('x')).rejects.toMatchObject({ code: 'STOPPED' });
    await expect(idle.start()).rejects.toMatchObject({ code: 'STOPPED' });
    // Nothing to do for a dead process, and its store is not its to close.
    await old.stop();
    await expect(createQueue({ platform, store, jobs: [work] }).start()).resolves.toBeUndefined();
  });
});

describe('one running queue per store', () => {
  const work = defineJob({ name: 'work', run: async () => {} });

  it('refuses a second start() on a store another live queue runs on, with StoreInUseError', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const store = createMemoryStore();
    await createQueue({ platform, store, jobs: [work] }).start();
    const second = createQueue({ platform, store, jobs: [work] });
    const error = await second.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreInUseError);
    expect((error as StoreInUseError).message).toMatch(/one queue per store/);
    // Refused before it read anything: the second queue can still start once the store is free.
    await expect(second.enqueue(work, undefined)).rejects.toMatchObject({ code: 'STOPPED' });
  });

  it('frees the store when the owner stops, and when its start fails', async () => {
    const platform = createMemoryPlatform({ now: 0, seed: 1 });
    const store = createMemoryStore();
    const first = createQueue({ platform, store, jobs: [work] });
    await first.start();
    await first.stop();
    const second = createQueue({ platform, store, jobs: [work] });
    await second.start();
    await second.stop();
    let loads = 0;
    const flaky: Store = {
      load: () => (++loads === 1 ? Promise.reject(new Error('disk')) : store.load()),
      write: (ops) => store.write(ops),
    };
    const third = createQueue({ platform, store: flaky, jobs: [work] });
    await expect(third.start()).rejects.toMatchObject({ code: 'STORE' });
    await createQueue({ platform, store: flaky, jobs: [work] }).start();
  });
});
