import {
  type Conditions,
  createMemoryStore,
  createQueue,
  DEFAULT_CONDITIONS,
  defineJob,
  type WakeWindow,
  WindowExpiredError,
  type WindowReport,
} from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { createMemoryPlatform, type MemoryPlatform } from '../src/createMemoryPlatform';
import { createSeededRandom } from '../src/seededRandom';
import { withFaults } from '../src/withFaults';

function report(platform: MemoryPlatform, window: WakeWindow): WindowReport {
  const now = platform.now();
  return {
    startedAt: now,
    endedAt: now,
    deadline: window.deadline,
    ran: 1,
    succeeded: 1,
    failed: 0,
    interrupted: 0,
    deferred: 0,
    nextWakeAt: null,
    result: 'new-data',
  };
}

function logging(platform: MemoryPlatform, log: string[], entry: string) {
  return async (window: WakeWindow) => {
    log.push(entry);
    return report(platform, window);
  };
}

async function isSettled(platform: MemoryPlatform, promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await platform.advance(0);
  await platform.advance(0);
  return settled;
}

describe('createMemoryPlatform', () => {
  it('has the members of the contract, plus attachStore and onCrash', () => {
    expect(Object.keys(createMemoryPlatform()).sort()).toEqual(
      [
        'advance',
        'attachStore',
        'advanceTo',
        'clock',
        'conditions',
        'crash',
        'now',
        'onCrash',
        'random',
        'requests',
        'runUntilIdle',
        'scheduler',
        'setAppState',
        'setConditions',
        'settle',
        'sleep',
        'wake',
        'wakes',
        'yieldToHost',
      ].sort(),
    );
    expect(createMemoryPlatform({ minPeriodMs: 900_000 }).minPeriodMs).toBe(900_000);
  });

  it('starts at virtual 0 with the default conditions, unless told otherwise', () => {
    const plain = createMemoryPlatform();
    expect(plain.now()).toBe(0);
    expect(plain.clock.now()).toBe(0);
    expect(plain.conditions.get()).toEqual(DEFAULT_CONDITIONS);

    const custom = createMemoryPlatform({ now: 5_000, conditions: { network: 'none', charging: false } });
    expect(custom.now()).toBe(5_000);
    expect(custom.conditions.get()).toEqual({ ...DEFAULT_CONDITIONS, network: 'none', charging: false });
  });

  it('seeds random: the same seed replays the same numbers, seed 1 by default', () => {
    const a = createMemoryPlatform({ seed: 9 });
    const b = createMemoryPlatform({ seed: 9 });
    const reference = createSeededRandom(1);
    const byDefault = createMemoryPlatform();
    for (let i = 0; i < 20; i++) {
      expect(a.random()).toBe(b.random());
      expect(byDefault.random()).toBe(reference());
    }
  });

  it('advance, advanceTo and runUntilIdle move the platform clock and fire its timers', async () => {
    const platform = createMemoryPlatform({ now: 100 });
    const fired: number[] = [];
    for (const at of [150, 400, 9_000]) platform.clock.setTimer(at, () => fired.push(platform.now()));
    await platform.advance(100);
    expect(fired).toEqual([150]);
    await platform.advanceTo(500);
    expect(fired).toEqual([150, 400]);
    expect(platform.now()).toBe(500);
    await platform.runUntilIdle();
    expect(fired).toEqual([150, 400, 9_000]);
  });

  it('setConditions tells subscribers the complete new conditions, only when something changed', () => {
    const platform = createMemoryPlatform();
    const heard: Conditions[] = [];
    const unsubscribe = platform.conditions.subscribe((c) => heard.push(c));
    platform.setConditions({ network: 'metered' });
    platform.setConditions({ network: 'metered', charging: true });
    expect(heard).toEqual([{ ...DEFAULT_CONDITIONS, network: 'metered' }]);
    expect(platform.conditions.get()).toEqual({ ...DEFAULT_CONDITIONS, network: 'metered' });
    unsubscribe();
    platform.setConditions({ network: 'none' });
    expect(heard).toHaveLength(1);
  });

  it('setAppState changes only appState and notifies like setConditions', () => {
    const platform = createMemoryPlatform({ conditions: { network: 'none' } });
    const heard: Conditions[] = [];
    platform.conditions.subscribe((c) => heard.push(c));
    platform.setAppState('background');
    expect(heard).toEqual([{ ...DEFAULT_CONDITIONS, network: 'none', appState: 'background' }]);
  });

  it('refuses unknown condition keys and impossible values', () => {
    const platform = createMemoryPlatform();
    expect(() => platform.setConditions({ netwrok: 'none' } as Partial<Conditions>)).toThrow(TypeError);
    expect(() => platform.setConditions({ network: 'wifi' } as unknown as Partial<Conditions>)).toThrow(
      TypeError,
    );
    expect(() => createMemoryPlatform({ conditions: { charging: 1 as unknown as boolean } })).toThrow(
      TypeError,
    );
  });

  it('records every scheduler request in order, as copies', () => {
    const platform = createMemoryPlatform();
    const wake = { earliestAt: 60_000, network: true, charging: false };
    platform.scheduler.request(wake);
    platform.scheduler.request(null);
    platform.scheduler.request({ earliestAt: 0, network: false, charging: true });
    wake.earliestAt = 1;
    expect(platform.requests).toEqual([
      { earliestAt: 60_000, network: true, charging: false },
      null,
      { earliestAt: 0, network: false, charging: true },
    ]);
  });

  it('wake() calls the handler with deadline now + budgetMs and records its report', async () => {
    const platform = createMemoryPlatform({ now: 1_000 });
    const windows: WakeWindow[] = [];
    platform.scheduler.onWake(async (window) => {
      windows.push(window);
      return report(platform, window);
    });
    const record = await platform.wake();
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ deadline: 31_000, kind: 'refresh' });
    expect(windows[0]!.signal?.aborted).toBe(false);
    expect(record).toMatchObject({
      at: 1_000,
      deadline: 31_000,
      kind: 'refresh',
      completedAt: 1_000,
      handled: true,
    });
    expect(record.report?.result).toBe('new-data');
    expect(platform.wakes).toEqual([record]);

    await platform.wake({ budgetMs: 5_000, kind: 'processing' });
    expect(windows[1]).toMatchObject({ deadline: 6_000, kind: 'processing' });
    expect(platform.wakes.map((w) => w.kind)).toEqual(['refresh', 'processing']);
  });

  it('wake() moves time timer by timer while the handler runs and stops when it settles', async () => {
    const platform = createMemoryPlatform();
    const unrelated: number[] = [];
    platform.clock.setTimer(20_000, () => unrelated.push(platform.now()));
    platform.scheduler.onWake(async (window) => {
      await platform.sleep(1_000);
      await platform.sleep(2_000);
      return report(platform, window);
    });
    const record = await platform.wake({ budgetMs: 30_000 });
    expect(record.completedAt).toBe(3_000);
    expect(record.report?.endedAt).toBe(3_000);
    expect(platform.now()).toBe(3_000);
    expect(unrelated).toEqual([]);
  });

  it('wake() stops at the deadline when the handler has not settled, and ignores its late result', async () => {
    const platform = createMemoryPlatform();
    platform.scheduler.onWake(async (window) => {
      await platform.sleep(60_000);
      return report(platform, window);
    });
    const record = await platform.wake({ budgetMs: 30_000 });
    expect(platform.now()).toBe(30_000);
    expect(record).toMatchObject({ report: undefined, completedAt: undefined, handled: true });
    await platform.advance(60_000);
    expect(record.report).toBeUndefined();
    expect(record.completedAt).toBeUndefined();
  });

  it('wake() waits out the budget for a handler stuck on something that is not a timer', async () => {
    const platform = createMemoryPlatform();
    platform.scheduler.onWake(() => new Promise<WindowReport>(() => {}));
    const record = await platform.wake({ budgetMs: 10_000 });
    expect(platform.now()).toBe(10_000);
    expect(record.completedAt).toBeUndefined();
  });

  it('wake() records a handler that rejects or throws, with the instant it did', async () => {
    const platform = createMemoryPlatform();
    platform.scheduler.onWake(async () => {
      await platform.sleep(500);
      throw new Error('window broke');
    });
    const rejected = await platform.wake();
    expect(rejected).toMatchObject({ report: undefined, completedAt: 500 });
    expect((rejected.error as Error).message).toBe('window broke');

    platform.scheduler.onWake(() => {
      throw new Error('sync');
    });
    const thrown = await platform.wake();
    expect((thrown.error as Error).message).toBe('sync');
  });

  it('wake() without a handler is recorded as unhandled and moves no time', async () => {
    const platform = createMemoryPlatform();
    const record = await platform.wake({ budgetMs: 1_000 });
    expect(record).toMatchObject({
      at: 0,
      deadline: 1_000,
      handled: false,
      report: undefined,
      completedAt: undefined,
    });
    expect(platform.now()).toBe(0);
  });

  it('keeps one wake handler: a later onWake replaces it and a stale unsubscribe leaves the new one', async () => {
    const platform = createMemoryPlatform();
    const calls: string[] = [];
    const offFirst = platform.scheduler.onWake(logging(platform, calls, 'first'));
    const offSecond = platform.scheduler.onWake(logging(platform, calls, 'second'));
    offFirst();
    await platform.wake();
    expect(calls).toEqual(['second']);
    offSecond();
    expect((await platform.wake()).handled).toBe(false);
    expect(calls).toEqual(['second']);
  });

  it('abortAfterMs aborts the window signal with a WindowExpiredError at that virtual instant', async () => {
    const platform = createMemoryPlatform();
    let reason: unknown;
    platform.scheduler.onWake(async (window) => {
      try {
        await platform.sleep(60_000, window.signal);
      } catch (error) {
        reason = error;
      }
      return report(platform, window);
    });
    const record = await platform.wake({ budgetMs: 30_000, abortAfterMs: 10_000 });
    expect(reason).toBeInstanceOf(WindowExpiredError);
    expect(record.completedAt).toBe(10_000);
    expect(platform.clock.pending()).toBe(0);
  });

  it('abortAfterMs leaves no timer behind when the window finished first', async () => {
    const platform = createMemoryPlatform();
    platform.scheduler.onWake(async (window) => report(platform, window));
    await platform.wake({ budgetMs: 30_000, abortAfterMs: 20_000 });
    expect(platform.clock.pending()).toBe(0);
  });

  it('forwards an abort of the signal option to the window signal, with its reason', async () => {
    const platform = createMemoryPlatform();
    const controller = new AbortController();
    let seen: AbortSignal | undefined;
    platform.scheduler.onWake(async (window) => {
      seen = window.signal;
      platform.clock.setTimer(platform.now() + 2_000, () => controller.abort('os-expired'));
      await platform.sleep(20_000, window.signal).catch(() => {});
      return report(platform, window);
    });
    const record = await platform.wake({ signal: controller.signal });
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBe('os-expired');
    expect(record.completedAt).toBe(2_000);
  });

  it('sleep() resolves after exactly ms of virtual time', async () => {
    const platform = createMemoryPlatform({ now: 50 });
    let wokeAt: number | undefined;
    void platform.sleep(1_000).then(() => (wokeAt = platform.now()));
    await platform.advance(999);
    expect(wokeAt).toBeUndefined();
    await platform.advance(1);
    expect(wokeAt).toBe(1_050);
  });

  it('sleep() rejects with the signal reason on abort, and at once when already aborted', async () => {
    const platform = createMemoryPlatform();
    const controller = new AbortController();
    const sleeping = platform.sleep(10_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(sleeping).rejects.toThrow('cancelled');
    expect(platform.clock.pending()).toBe(0);
    await expect(platform.sleep(10, AbortSignal.abort('gone'))).rejects.toBe('gone');
  });

  it('crash() drops timers, conditions subscribers and the wake handler registered before it', async () => {
    const platform = createMemoryPlatform();
    const log: string[] = [];
    const cancelOld = platform.clock.setTimer(100, () => log.push('old-timer'));
    const unsubscribeOld = platform.conditions.subscribe(() => log.push('old-listener'));
    const offOld = platform.scheduler.onWake(logging(platform, log, 'old-wake'));

    platform.crash();
    platform.setAppState('background');
    await platform.advance(200);
    expect((await platform.wake()).handled).toBe(false);
    expect(log).toEqual([]);

    platform.clock.setTimer(300, () => log.push('new-timer'));
    platform.conditions.subscribe(() => log.push('new-listener'));
    platform.scheduler.onWake(logging(platform, log, 'new-wake'));
    // Stale handles of the dead process must not reach the new registrations.
    cancelOld();
    unsubscribeOld();
    offOld();
    expect(platform.clock.pending()).toBe(1);

    platform.setAppState('active');
    await platform.advance(200);
    await platform.wake();
    expect(log).toEqual(['new-listener', 'new-timer', 'new-wake']);
  });

  it('crash() leaves sleeps pending at the crash unsettled, even when their signal aborts', async () => {
    const platform = createMemoryPlatform();
    const controller = new AbortController();
    const plain = platform.sleep(100);
    const abortable = platform.sleep(100, controller.signal);
    platform.crash();
    controller.abort(new Error('late'));
    await platform.advance(1_000);
    expect(await isSettled(platform, plain)).toBe(false);
    expect(await isSettled(platform, abortable)).toBe(false);
  });

  it('crash() during a wake-up ends it unfinished, even if the old handler settles later', async () => {
    const platform = createMemoryPlatform();
    let release: (() => void) | undefined;
    platform.scheduler.onWake(async (window) => {
      await platform.sleep(1_000);
      platform.crash();
      await new Promise<void>((resolve) => (release = resolve));
      return report(platform, window);
    });
    const record = await platform.wake({ budgetMs: 30_000 });
    expect(record).toMatchObject({ handled: true, report: undefined, completedAt: undefined });
    expect(platform.now()).toBe(1_000);
    release?.();
    await platform.advance(0);
    expect(record.report).toBeUndefined();
  });

  it('refuses a bad wake budget and a malformed scheduler request', async () => {
    const platform = createMemoryPlatform();
    await expect(platform.wake({ budgetMs: 0 })).rejects.toThrow(RangeError);
    await expect(platform.wake({ budgetMs: -5 })).rejects.toThrow(RangeError);
    expect(() =>
      platform.scheduler.request({ earliestAt: Number.NaN, network: false, charging: false }),
    ).toThrow(TypeError);
    expect(platform.wakes).toEqual([]);
  });
});

describe('attachStore', () => {
  it('cuts a crashed process off its store: pending and new calls never reach it nor settle', async () => {
    const platform = createMemoryPlatform();
    const written: unknown[] = [];
    let release: () => void = () => {};
    const store = {
      load: async () => [],
      write: (ops: unknown[]) =>
        new Promise<void>((resolve) => {
          written.push(...ops);
          release = resolve;
        }),
    };
    const view = platform.attachStore(store);
    let settled = false;
    view.write([{ delete: 'a' }]).then(() => (settled = true));
    platform.crash();
    release();
    await platform.advance(0);
    expect(settled).toBe(false);
    let late = false;
    view.write([{ delete: 'b' }]).then(() => (late = true));
    await platform.advance(0);
    expect(late).toBe(false);
    expect(written).toEqual([{ delete: 'a' }]);
    const fresh = platform.attachStore(store);
    const done = fresh.write([{ delete: 'c' }]);
    release();
    await done;
    expect(written).toEqual([{ delete: 'a' }, { delete: 'c' }]);
  });
});

describe('settle', () => {
  const work = defineJob({ name: 'work', run: async () => 'done' });

  it('advances virtual time until a stop() whose writes the engine retries on the clock resolves', async () => {
    const platform = createMemoryPlatform();
    // Writes 3 to 5 fail: the job's start and end land only after retries with backoff.
    const store = withFaults(createMemoryStore(), { failWrites: (_ops, n) => n >= 3 && n <= 5 });
    const queue = createQueue({ platform, store, jobs: [work] });
    queue.on('error', () => {});
    await queue.start();
    await queue.enqueue(work, undefined);
    await platform.advance(0);
    const before = platform.now();
    await platform.settle(queue.stop());
    // 50 + 100 + 200 ms of retries, on the virtual clock.
    expect(platform.now() - before).toBeGreaterThanOrEqual(350);
    expect(((await store.load()) as Array<{ state: string }>).map((r) => r.state)).toEqual(['succeeded']);
  });

  it('returns what the promise resolved with, and rejects with what it rejected with', async () => {
    const platform = createMemoryPlatform();
    await expect(platform.settle(platform.sleep(5_000).then(() => platform.now()))).resolves.toBe(5_000);
    const controller = new AbortController();
    platform.clock.setTimer(1_000, () => controller.abort(new Error('gone')));
    await expect(platform.settle(platform.sleep(5_000, controller.signal))).rejects.toThrow('gone');
  });

  it('rejects with a TimeoutError naming what is pending when maxMs passes first', async () => {
    const platform = createMemoryPlatform();
    const error = await platform.settle(platform.sleep(60_000), { maxMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toMatch(/1 timer\(s\) pending, the next at 60000/);
    // It stopped where it could go no further without passing maxMs.
    expect(platform.now()).toBe(0);
  });

  it('rejects at once when no timer is left that could settle the promise', async () => {
    const platform = createMemoryPlatform();
    const error = await platform.settle(new Promise(() => {})).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no timer is pending/);
  });
});
