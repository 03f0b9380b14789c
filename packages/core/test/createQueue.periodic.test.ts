import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { PermanentError } from '../src/errors';
import { restart, setup } from './helpers';

const MIN = 60_000;

describe('periodic jobs', () => {
  it('is due at once with the default flex, then every period on the grid', async () => {
    const runs: number[] = [];
    const tick = defineJob({ name: 'tick', run: () => void runs.push(platform.now()) });
    const { queue, platform } = setup([tick]);
    await queue.start();
    const job = await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(0);
    await platform.advance(95 * MIN);
    expect(runs).toEqual([0, 30 * MIN, 60 * MIN, 90 * MIN]);
    expect(queue.get(job.id)).toMatchObject({
      state: 'enqueued',
      runAt: 120 * MIN,
      repeat: { everyMs: 30 * MIN, flexMs: 30 * MIN },
    });
  });

  it('runs in the last flexMs of each period', async () => {
    const runs: number[] = [];
    const tick = defineJob({ name: 'tick', run: () => void runs.push(platform.now()) });
    const { queue, platform } = setup([tick]);
    await queue.start();
    await queue.enqueue(tick, null, { repeat: { everyMs: 60 * MIN, flexMs: 15 * MIN } });
    await platform.advance(170 * MIN);
    expect(runs).toEqual([45 * MIN, 105 * MIN, 165 * MIN]);
  });

  it('starts the first period at runAt or after delayMs', async () => {
    const runs: number[] = [];
    const tick = defineJob({ name: 'tick', run: () => void runs.push(platform.now()) });
    const { queue, platform } = setup([tick]);
    await queue.start();
    await queue.enqueue(tick, null, { delayMs: 10 * MIN, repeat: { everyMs: 30 * MIN } });
    await platform.advance(45 * MIN);
    expect(runs).toEqual([10 * MIN, 40 * MIN]);
  });

  it('coalesces missed periods into one run and stays on its grid', async () => {
    const runs: number[] = [];
    const tick = defineJob({ name: 'tick', run: () => void runs.push(platform.now()) });
    const { queue, platform } = setup([tick]);
    await queue.start();
    await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(0);
    platform.setAppState('background');
    await platform.advance(200 * MIN);
    platform.setAppState('active');
    await platform.advance(0);
    await platform.advance(45 * MIN);
    expect(runs).toEqual([0, 200 * MIN, 210 * MIN, 240 * MIN]);
  });

  it('never overlaps runs, even when one lasts longer than its period', async () => {
    let live = 0;
    let peak = 0;
    const starts: number[] = [];
    const slow = defineJob({
      name: 'slow',
      run: async (_: null, ctx) => {
        starts.push(platform.now());
        peak = Math.max(peak, ++live);
        await platform.sleep(45 * MIN, ctx.signal);
        live--;
      },
    });
    const { queue, platform } = setup([slow], { concurrency: 4 });
    await queue.start();
    await queue.enqueue(slow, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(200 * MIN);
    expect(peak).toBe(1);
    // Each run ends inside the next period, which then runs at once.
    expect(starts).toEqual([0, 45 * MIN, 90 * MIN, 135 * MIN, 180 * MIN]);
  });

  it('retries inside a period, counting attempts per period', async () => {
    const attempts: Array<[number, number]> = [];
    let fails = 1;
    const tick = defineJob({
      name: 'tick',
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: MIN, jitter: 0 } },
      run: (_: null, ctx) => {
        attempts.push([platform.now(), ctx.attempt]);
        if (fails-- > 0) throw new Error('blip');
      },
    });
    const { queue, platform } = setup([tick]);
    await queue.start();
    await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(35 * MIN);
    expect(attempts).toEqual([
      [0, 1],
      [MIN, 2],
      [30 * MIN, 1],
    ]);
  });

  it('ends a period whose attempts are spent with failed, and waits for the next one', async () => {
    const tick = defineJob({
      name: 'tick',
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: MIN, jitter: 0 } },
      run: () => {
        throw new Error('down');
      },
    });
    const { queue, platform } = setup([tick]);
    const failed: number[] = [];
    queue.on('failed', () => failed.push(platform.now()));
    await queue.start();
    const job = await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(10 * MIN);
    expect(failed).toEqual([MIN]);
    expect(queue.get(job.id)).toMatchObject({
      state: 'enqueued',
      attempts: 0,
      runAt: 30 * MIN,
      error: { message: 'down' },
    });
  });

  it('ends only the period on a PermanentError or a retry past the next period', async () => {
    const tick = defineJob({
      name: 'tick',
      retry: { maxAttempts: 5, backoff: { kind: 'fixed', initialDelayMs: 40 * MIN, jitter: 0 } },
      run: (_: null, ctx) => {
        if (ctx.attempt === 1 && platform.now() === 0) throw new PermanentError('nope');
        throw new Error('slow retry');
      },
    });
    const { queue, platform } = setup([tick]);
    const failed: string[] = [];
    queue.on('failed', (_j, e) => failed.push(`${platform.now()} ${e.message}`));
    await queue.start();
    const job = await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(31 * MIN);
    expect(failed).toEqual(['0 nope', `${30 * MIN} slow retry`]);
    expect(queue.get(job.id)?.state).toBe('enqueued');
  });

  it('resolves waitFor only when the periodic job is cancelled', async () => {
    const tick = defineJob({ name: 'tick', run: () => 1 });
    const { queue, platform } = setup([tick]);
    await queue.start();
    const job = await queue.enqueue(tick, null, { repeat: { everyMs: 30 * MIN } });
    let done = false;
    const waiting = queue.waitFor(job.id).then((s) => {
      done = true;
      return s;
    });
    await platform.advance(90 * MIN);
    expect(done).toBe(false);
    await queue.cancel(job.id);
    expect((await waiting).state).toBe('cancelled');
  });

  it('raises everyMs to the platform minimum and says so', async () => {
    const warnings: string[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
    const tick = defineJob({ name: 'tick', run: () => 1 });
    const { queue } = setup([tick], { logger, platform: { minPeriodMs: 15 * MIN } });
    await queue.start();
    const job = await queue.enqueue(tick, null, { repeat: { everyMs: MIN } });
    expect(job.repeat).toEqual({ everyMs: 15 * MIN, flexMs: 15 * MIN });
    expect(warnings.join()).toMatch(/minimum/);
  });

  it('never creates a duplicate periodic job across restarts with the same uniqueKey', async () => {
    const tick = defineJob({ name: 'tick', run: () => 1 });
    const { queue, platform, store } = setup([tick]);
    await queue.start();
    const first = await queue.enqueue(tick, null, { uniqueKey: 'tick', repeat: { everyMs: 30 * MIN } });
    await platform.advance(40 * MIN);
    await queue.stop();
    for (let i = 0; i < 3; i++) {
      const { queue: again } = restart(platform, store, [tick]);
      await again.start();
      const same = await again.enqueue(tick, null, { uniqueKey: 'tick', repeat: { everyMs: 30 * MIN } });
      expect(same.id).toBe(first.id);
      await platform.advance(10 * MIN);
      platform.crash();
    }
    const stored = await store.load();
    expect(stored).toHaveLength(1);
  });

  it('never overlaps its own runs, also when a handler ignores its signal', async () => {
    let live = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const stubborn = defineJob({
      name: 'stubborn',
      timeoutMs: 1_000,
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: 10, jitter: 0 } },
      run: async () => {
        live++;
        most = Math.max(most, live);
        await new Promise<void>((resolve) => releases.push(resolve));
        live--;
      },
    });
    const { queue, platform } = setup([stubborn]);
    await queue.start();
    await queue.enqueue(stubborn, null, { repeat: { everyMs: 30 * MIN } });
    await platform.advance(5 * MIN);
    // Timed out at 1 s with a retry due 10 ms later: it waits for the handler instead.
    expect(releases).toHaveLength(1);
    releases[0]!();
    await platform.advance(0);
    expect(releases).toHaveLength(2);
    expect(most).toBe(1);
  });
});
