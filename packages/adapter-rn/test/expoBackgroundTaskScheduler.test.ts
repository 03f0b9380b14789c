import { InvalidOptionsError, type WakeWindow, WindowExpiredError } from '@nightshift/core';
import { describe, expect, it, vi } from 'vitest';
import { expoBackgroundTaskScheduler } from '../src/index';
import { fakeClock, flush } from './fakes/fakeClock';
import { BackgroundTaskResult, type FakeExpoTaskOptions, fakeExpoTask } from './fakes/fakeExpoTask';
import { deferred, reportFor } from './fakes/report';

function setup(options: FakeExpoTaskOptions & { budgetMs?: number } = {}) {
  const clock = fakeClock();
  const expo = fakeExpoTask(options);
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const scheduler = expoBackgroundTaskScheduler({
    BackgroundTask: expo.BackgroundTask,
    TaskManager: expo.TaskManager,
    clock,
    logger,
    ...(options.budgetMs ? { budgetMs: options.budgetMs } : {}),
  });
  return { clock, expo, scheduler, logger };
}

const wake = (network = false, charging = false) => ({ earliestAt: 0, network, charging });

describe('expoBackgroundTaskScheduler: requests', () => {
  it('defines the task as soon as it is created', () => {
    const { expo } = setup();
    expect(expo.methods()).toEqual(['defineTask']);
    expect(expo.calls[0]!.args).toEqual(['nightshift']);
  });

  it('registers with a 15-minute minimum interval once, unregisters on null, registers again after', async () => {
    const { expo, scheduler } = setup();
    await scheduler.request(wake());
    await scheduler.request({ earliestAt: 99, network: false, charging: false });
    expect(expo.calls.filter((c) => c.method === 'registerTaskAsync')).toEqual([
      { method: 'registerTaskAsync', args: ['nightshift', { minimumInterval: 15 }] },
    ]);
    await scheduler.request(null);
    await scheduler.request(null);
    expect(expo.registered.has('nightshift')).toBe(false);
    await scheduler.request(wake());
    expect(expo.methods().slice(1)).toEqual([
      'registerTaskAsync',
      'unregisterTaskAsync',
      'registerTaskAsync',
    ]);
  });

  it('unregisters a task left registered by an earlier launch when the first request is null', async () => {
    const { expo, scheduler } = setup({ registered: true });
    await scheduler.request(null);
    expect(expo.registered.has('nightshift')).toBe(false);
  });

  it('ignores the network and charging flags, saying so once through the logger', async () => {
    const { expo, scheduler, logger } = setup();
    await scheduler.request(wake(true, false));
    await scheduler.request(wake(true, true));
    await scheduler.request(wake(false, true));
    expect(expo.methods().slice(1)).toEqual(['registerTaskAsync']);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toMatch(/ignored/);
  });

  it('holds an unregister until the running task finished, so Android does not cancel its worker', async () => {
    const { expo, scheduler } = setup({ registered: true });
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      await gate.promise;
      return reportFor(w);
    });
    const result = expo.run();
    await flush();
    const unregistered = scheduler.request(null);
    await flush();
    expect(expo.registered.has('nightshift')).toBe(true);
    gate.resolve();
    await expect(result).resolves.toBe(BackgroundTaskResult.Success);
    await unregistered;
    expect(expo.registered.has('nightshift')).toBe(false);
    expect(expo.runs.map((r) => r.endedBy)).toEqual(['executor']);
  });

  it('says once that the iOS Simulator or Expo Go registers nothing, and does not count the task as registered', async () => {
    for (const environment of ['simulator', 'expo-go'] as const) {
      const { expo, scheduler, logger } = setup({ os: 'ios', environment });
      await scheduler.request(wake());
      await scheduler.request(null);
      await scheduler.request(wake());
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0]![0]).toMatch(/Simulator|Expo Go/);
      expect(expo.methods().filter((m) => m !== 'defineTask')).toEqual([]);
    }
  });

  it('uses the given task name and interval', async () => {
    const expo = fakeExpoTask();
    const scheduler = expoBackgroundTaskScheduler({
      BackgroundTask: expo.BackgroundTask,
      TaskManager: expo.TaskManager,
      taskName: 'sync',
      minimumIntervalMinutes: 60,
    });
    await scheduler.request(wake());
    expect(expo.calls).toEqual([
      { method: 'defineTask', args: ['sync'] },
      { method: 'getStatusAsync', args: [] },
      { method: 'registerTaskAsync', args: ['sync', { minimumInterval: 60 }] },
    ]);
  });

  it('refuses bad options with InvalidOptionsError', () => {
    const { BackgroundTask, TaskManager } = fakeExpoTask();
    expect(() => expoBackgroundTaskScheduler(undefined as never)).toThrow(InvalidOptionsError);
    expect(() => expoBackgroundTaskScheduler({ TaskManager } as never)).toThrow(InvalidOptionsError);
    expect(() => expoBackgroundTaskScheduler({ BackgroundTask } as never)).toThrow(InvalidOptionsError);
    expect(() => expoBackgroundTaskScheduler({ BackgroundTask, TaskManager, taskName: '' })).toThrow(
      InvalidOptionsError,
    );
    expect(() => expoBackgroundTaskScheduler({ BackgroundTask, TaskManager, budgetMs: 0 })).toThrow(
      InvalidOptionsError,
    );
    expect(() =>
      expoBackgroundTaskScheduler({ BackgroundTask, TaskManager, minimumIntervalMinutes: 5 }),
    ).toThrow(InvalidOptionsError);
  });
});

describe('expoBackgroundTaskScheduler: task runs', () => {
  it('runs the handler with deadline = now + budget and resolves Success', async () => {
    const { expo, scheduler, clock } = setup({ registered: true, budgetMs: 20_000 });
    const windows: WakeWindow[] = [];
    scheduler.onWake(async (w) => {
      windows.push(w);
      return reportFor(w, 'new-data');
    });
    const at = clock.now();
    await expect(expo.run()).resolves.toBe(BackgroundTaskResult.Success);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ deadline: at + 20_000, kind: 'refresh' });
  });

  it('resolves Success for a window with no work', async () => {
    const { expo, scheduler } = setup({ registered: true });
    scheduler.onWake(async (w) => reportFor(w, 'no-data'));
    await expect(expo.run()).resolves.toBe(BackgroundTaskResult.Success);
  });

  it('resolves Failed when the window failed or the handler threw', async () => {
    const { expo, scheduler, logger } = setup({ registered: true });
    const off = scheduler.onWake(async (w) => reportFor(w, 'failed'));
    await expect(expo.run()).resolves.toBe(BackgroundTaskResult.Failed);
    off();
    scheduler.onWake(async () => {
      throw new Error('broken');
    });
    await expect(expo.run()).resolves.toBe(BackgroundTaskResult.Failed);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('holds a run that starts before a handler registers', async () => {
    const { expo, scheduler, clock } = setup({ registered: true });
    const result = expo.run();
    await clock.advance(2_000);
    scheduler.onWake(async (w) => reportFor(w, 'new-data'));
    await expect(result).resolves.toBe(BackgroundTaskResult.Success);
  });

  it('resolves Failed at the deadline when no handler registers, or when the window hangs', async () => {
    const { expo, scheduler, clock } = setup({ registered: true, budgetMs: 25_000 });
    const settled = vi.fn();
    void expo.run().then(settled);
    await clock.advance(24_999);
    expect(settled).not.toHaveBeenCalled();
    await clock.advance(1);
    expect(settled).toHaveBeenCalledWith(BackgroundTaskResult.Failed);

    let signal: AbortSignal | undefined;
    scheduler.onWake((w) => {
      signal = w.signal;
      return new Promise(() => {});
    });
    const hung = vi.fn();
    void expo.run().then(hung);
    await clock.advance(25_000);
    expect(signal?.reason).toBeInstanceOf(WindowExpiredError);
    expect(hung).toHaveBeenCalledTimes(1);
    expect(hung).toHaveBeenCalledWith(BackgroundTaskResult.Failed);
  });

  it('on iOS hears no expiration: the window runs to its own deadline', async () => {
    const { expo, scheduler, clock } = setup({ registered: true, os: 'ios', budgetMs: 25_000 });
    let signal: AbortSignal | undefined;
    scheduler.onWake((w) => {
      signal = w.signal;
      return new Promise(() => {});
    });
    const settled = vi.fn();
    void expo.run().then(settled);
    await clock.advance(1_000);
    expo.expire();
    await flush();
    expect(signal?.aborted).toBe(false);
    expect(settled).not.toHaveBeenCalled();
    await clock.advance(24_000);
    expect(signal?.reason).toBeInstanceOf(WindowExpiredError);
    expect(settled).toHaveBeenCalledWith(BackgroundTaskResult.Failed);
    expect(expo.expirationListeners()).toBe(0);
  });

  it('aborts the window when an expiration event does reach JS, and removes its listener', async () => {
    // expo-background-task 57 never sends it (see fakeExpoTask's expire); Expo documents the
    // listener, so a version that sends it must still end the window at once.
    const expo = fakeExpoTask({ registered: true, os: 'ios' });
    const listeners = new Set<() => void>();
    const clock = fakeClock();
    const scheduler = expoBackgroundTaskScheduler({
      BackgroundTask: {
        ...expo.BackgroundTask,
        addExpirationListener(listener) {
          listeners.add(listener);
          return { remove: () => listeners.delete(listener) };
        },
      },
      TaskManager: expo.TaskManager,
      clock,
    });
    const gate = deferred<void>();
    let signal: AbortSignal | undefined;
    scheduler.onWake(async (w) => {
      signal = w.signal;
      await gate.promise;
      return reportFor(w);
    });
    const result = expo.run();
    await flush();
    expect(listeners.size).toBe(1);
    for (const l of [...listeners]) l();
    expect(signal?.aborted).toBe(true);
    await expect(result).resolves.toBe(BackgroundTaskResult.Failed);
    expect(listeners.size).toBe(0);
    gate.resolve();
  });
});
