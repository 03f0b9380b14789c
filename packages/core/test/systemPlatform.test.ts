import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueue } from '../src/createQueue';
import { defineJob } from '../src/defineJob';
import { systemPlatform } from '../src/systemPlatform';

const DAY = 86_400_000;

describe('systemPlatform', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs an already-due timer on the next turn through setImmediate, not a 1 ms setTimeout', () => {
    // Core's tests see no Node globals: reach setImmediate through a typed view of globalThis.
    const host = globalThis as unknown as { setImmediate: (cb: () => void) => unknown };
    const immediate = vi.spyOn(host, 'setImmediate');
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const { clock } = systemPlatform();
    let fired = false;
    clock.setTimer(clock.now(), () => (fired = true));
    expect(fired).toBe(false);
    expect(immediate).toHaveBeenCalledTimes(1);
    expect(timeout).not.toHaveBeenCalled();
    immediate.mockRestore();
    timeout.mockRestore();
  });

  it('runs a due timer on a macrotask where there is no setImmediate (browsers), after every pending microtask', async () => {
    const host = globalThis as unknown as { setImmediate?: unknown };
    const immediate = host.setImmediate;
    delete host.setImmediate;
    try {
      const { clock } = systemPlatform();
      const seen: string[] = [];
      const fired = new Promise<void>((resolve) =>
        clock.setTimer(clock.now(), () => {
          seen.push('timer');
          resolve();
        }),
      );
      // A chain of microtasks, as jobs run back to back would make: a frame must come first.
      let chain = Promise.resolve();
      for (let i = 0; i < 50; i++) chain = chain.then(() => void seen.push('micro'));
      await fired;
      expect(seen.indexOf('timer')).toBe(50);
    } finally {
      host.setImmediate = immediate;
    }
  });

  it('chains a timer set more than 24.8 days ahead, and fires it once, on time', async () => {
    vi.useFakeTimers({ now: 0 });
    const { clock } = systemPlatform();
    const fired: number[] = [];
    clock.setTimer(30 * DAY, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(25 * DAY);
    expect(fired).toEqual([]);
    await vi.advanceTimersByTimeAsync(5 * DAY);
    expect(fired).toEqual([30 * DAY]);
  });

  it('cancels a timer, chained or not', async () => {
    vi.useFakeTimers({ now: 0 });
    const { clock } = systemPlatform();
    let fired = 0;
    clock.setTimer(10, () => fired++)();
    clock.setTimer(40 * DAY, () => fired++)();
    clock.setTimer(0, () => fired++)();
    await vi.advanceTimersByTimeAsync(41 * DAY);
    expect(fired).toBe(0);
  });

  it('drives retries and periodic work of a queue on real timers', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const runs: number[] = [];
    let live = 0;
    const tick = defineJob({
      name: 'tick',
      run: async () => {
        live++;
        runs.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 30));
        live--;
        if (runs.length === 1) throw new Error('first run fails');
      },
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 10, jitter: 0 } },
    });
    const queue = createQueue({ platform: systemPlatform(), jobs: [tick] });
    await queue.start();
    await queue.enqueue(tick, null, { repeat: { everyMs: 100 } });
    await vi.advanceTimersByTimeAsync(350);
    expect(live).toBeLessThanOrEqual(1);
    // Period 0: a failure, then its retry 10 ms after that 30 ms run; then one run per period.
    // Each setImmediate hop may cost the fake clock a millisecond, so instants carry slack.
    const at = runs.map((t) => t - 1_000_000);
    expect(at).toHaveLength(5);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(40);
    expect(at[1]!).toBeLessThan(100);
    for (const [k, t] of at.slice(2).entries()) {
      expect(t).toBeGreaterThanOrEqual((k + 1) * 100);
      expect(t).toBeLessThan((k + 1) * 100 + 10);
    }
    await queue.stop();
  });
});
