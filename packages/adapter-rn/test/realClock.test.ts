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
