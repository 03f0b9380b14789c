import type { WakeWindow, WindowReport } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { createMemoryScheduler } from '../src/createMemoryScheduler';
import { createVirtualClock } from '../src/virtualClock';

const emptyReport = (window: WakeWindow, now: number): WindowReport => ({
  startedAt: now,
  endedAt: now,
  deadline: window.deadline,
  ran: 0,
  succeeded: 0,
  failed: 0,
  interrupted: 0,
  deferred: 0,
  nextWakeAt: null,
  result: 'no-data',
});

describe('createMemoryScheduler', () => {
  it('drives the clock it was given during a wake-up', async () => {
    const clock = createVirtualClock(10_000);
    const os = createMemoryScheduler(clock);
    os.scheduler.onWake(async (window) => {
      await new Promise<void>((resolve) => clock.setTimer(clock.now() + 4_000, resolve));
      return emptyReport(window, clock.now());
    });
    const record = await os.wake({ budgetMs: 5_000 });
    expect(record).toMatchObject({ at: 10_000, deadline: 15_000, completedAt: 14_000 });
    expect(clock.now()).toBe(14_000);
  });

  it('reset() forgets the handler, and a stale unsubscribe leaves a newer one in place', async () => {
    const clock = createVirtualClock();
    const os = createMemoryScheduler(clock);
    const calls: string[] = [];
    const staleOff = os.scheduler.onWake(async (w) => {
      calls.push('old');
      return emptyReport(w, clock.now());
    });
    os.reset();
    expect((await os.wake()).handled).toBe(false);
    os.scheduler.onWake(async (w) => {
      calls.push('new');
      return emptyReport(w, clock.now());
    });
    staleOff();
    await os.wake();
    expect(calls).toEqual(['new']);
  });

  it('keeps requests and wakes across a reset', async () => {
    const clock = createVirtualClock();
    const os = createMemoryScheduler(clock);
    os.scheduler.request(null);
    await os.wake();
    os.reset();
    expect(os.requests).toEqual([null]);
    expect(os.wakes).toHaveLength(1);
  });

  it('refuses an unknown window kind', async () => {
    const os = createMemoryScheduler(createVirtualClock());
    await expect(os.wake({ kind: 'fetch' as 'refresh' })).rejects.toThrow(TypeError);
  });
});
