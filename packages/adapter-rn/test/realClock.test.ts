import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { realClock } from '../src/index';

describe('realClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads Date.now', () => {
    expect(realClock().now()).toBe(1_000_000);
  });

  it('fires a timer at its instant, once', () => {
    const clock = realClock();
    const fired = vi.fn();
    clock.setTimer(clock.now() + 100, fired);
    vi.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires a due timer on the next turn through setImmediate, never inside setTimer', () => {
    const clock = realClock();
    const fired = vi.fn();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    clock.setTimer(clock.now() - 5, fired);
    expect(fired).not.toHaveBeenCalled();
    expect(spy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('lets a frame through with a 0 ms timer after 4 ms of due timers back to back', () => {
    const clock = realClock();
    const host = globalThis as unknown as { setTimeout: typeof setTimeout };
    const spy = vi.spyOn(host, 'setTimeout');
    // How many 0 ms timers had been set when each due timer fired.
    const fired: Array<[number, number]> = [];
    // Due timers that each take a millisecond, as a queue running short jobs back to back.
    const next = (n: number) =>
      clock.setTimer(clock.now(), () => {
        fired.push([n, spy.mock.calls.filter((call) => call[1] === 0).length]);
        vi.setSystemTime(Date.now() + 1);
        if (n < 10) next(n + 1);
      });
    next(1);
    vi.runAllTimers();
    spy.mockRestore();
    expect(fired.map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // At most four milliseconds of due timers in a row, then one through setTimeout(0).
    const timeouts = fired.map(([, count]) => count);
    expect(timeouts[0]).toBe(0);
    expect(timeouts.at(-1)).toBeGreaterThanOrEqual(2);
    for (let i = 4; i < timeouts.length; i++) expect(timeouts[i]).toBeGreaterThan(timeouts[i - 4]!);
  });

  it('chains a timer more than 24.8 days ahead', () => {
    const clock = realClock();
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

  it('never fires a cancelled timer, also a due or chained one', () => {
    const clock = realClock();
    const fired = vi.fn();
    clock.setTimer(clock.now() + 10, fired)();
    const cancelDue = clock.setTimer(clock.now(), fired);
    cancelDue();
    cancelDue();
    const cancelFar = clock.setTimer(clock.now() + 40 * 24 * 3_600_000, fired);
    vi.advanceTimersByTime(2_147_483_647 + 10);
    cancelFar();
    vi.advanceTimersByTime(40 * 24 * 3_600_000);
    expect(fired).not.toHaveBeenCalled();
  });
});
