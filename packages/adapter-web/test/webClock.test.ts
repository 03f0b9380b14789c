import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webClock } from '../src/index';

/** Turns of the event loop until `done()` (Node delivers port messages on a later turn than setImmediate). */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('webClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires a timer at its instant, once', () => {
    const clock = webClock();
    const fired = vi.fn();
    clock.setTimer(clock.now() + 100, fired);
    vi.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires due timers on the next task through a message, never inside setTimer nor through setTimeout', async () => {
    const clock = webClock();
    const fired: string[] = [];
    const spy = vi.spyOn(globalThis, 'setTimeout');
    clock.setTimer(clock.now() - 5, () => fired.push('past'));
    clock.setTimer(clock.now(), () => fired.push('now'));
    const cancel = clock.setTimer(clock.now(), () => fired.push('cancelled'));
    cancel();
    expect(fired).toEqual([]);
    await turnsUntil(() => fired.length >= 2);
    expect(fired).toEqual(['past', 'now']);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('never fires early when setTimeout comes back before the wall clock reached the instant', () => {
    const clock = webClock();
    const fired = vi.fn();
    const at = clock.now() + 100;
    clock.setTimer(at, fired);
    // The wall clock was set back while the timer waited: 100 ms later, Date.now() is at - 20.
    vi.setSystemTime(Date.now() - 20);
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(20);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('chains a timer more than 24.8 days ahead', () => {
    const clock = webClock();
    const fired = vi.fn();
    const days30 = 30 * 24 * 3_600_000;
    clock.setTimer(clock.now() + days30, fired);
    vi.advanceTimersByTime(2_147_483_647);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(days30 - 2_147_483_647 - 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('cancels a pending timer, twice or late without harm', () => {
    const clock = webClock();
    const fired = vi.fn();
    const cancel = clock.setTimer(clock.now() + 50, fired);
    cancel();
    cancel();
    vi.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
  });
});
