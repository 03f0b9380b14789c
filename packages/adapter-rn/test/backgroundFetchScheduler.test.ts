import {
  createMemoryStore,
  createQueue,
  defineJob,
  InvalidOptionsError,
  type Store,
  type WakeWindow,
  WindowExpiredError,
} from '@nightshift/core';
import { describe, expect, it, vi } from 'vitest';
import {
  backgroundFetchHeadlessTask,
  backgroundFetchScheduler,
  createReactNativePlatform,
} from '../src/index';
import { fakeBackgroundFetch } from './fakes/fakeBackgroundFetch';
import { type FakeClock, fakeClock, flush } from './fakes/fakeClock';
import { fakeAppState, fakeNetInfo } from './fakes/fakeReactNative';
import { deferred, reportFor } from './fakes/report';

const TASK = 'react-native-background-fetch';

function setup(budgetMs = 25_000) {
  const clock = fakeClock();
  const bf = fakeBackgroundFetch();
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const scheduler = backgroundFetchScheduler(bf.BackgroundFetch, { budgetMs, clock, logger });
  return { clock, bf, scheduler, logger };
}

const wake = (network = false, charging = false) => ({ earliestAt: 0, network, charging });

/** A store holding one `ping` job due `delayMs` from now, as an earlier launch left it. */
async function storeWithPing(clock: FakeClock, delayMs: number) {
  const store = createMemoryStore();
  const platform = createReactNativePlatform({
    appState: fakeAppState('background').appState,
    netInfo: fakeNetInfo().netInfo,
    clock,
  });
  const queue = createQueue({ platform, store, jobs: [defineJob({ name: 'ping', async run() {} })] });
  await queue.start();
  await queue.enqueue('ping', {}, { delayMs });
  await queue.stop();
  return store;
}

/** An app: a queue over the React Native platform and background-fetch, its job recorded. */
function rnApp(
  options: {
    bf?: ReturnType<typeof fakeBackgroundFetch>;
    clock?: FakeClock;
    store?: Store;
    appState?: string;
    enableHeadless?: boolean;
  } = {},
) {
  const bf = options.bf ?? fakeBackgroundFetch();
  const clock = options.clock ?? fakeClock();
  const app = fakeAppState(options.appState ?? 'background');
  const ran: string[] = [];
  const state: { gate?: Promise<void> } = {};
  const job = defineJob({
    name: 'ping',
    async run() {
      ran.push('ping');
      await state.gate;
    },
  });
  const scheduler = backgroundFetchScheduler(bf.BackgroundFetch, {
    clock,
    ...(options.enableHeadless !== undefined ? { enableHeadless: options.enableHeadless } : {}),
  });
  const platform = createReactNativePlatform({
    appState: app.appState,
    netInfo: fakeNetInfo().netInfo,
    scheduler,
    clock,
  });
  const queue = createQueue({ platform, store: options.store ?? createMemoryStore(), jobs: [job] });
  return {
    bf,
    clock,
    app,
    queue,
    job,
    ran,
    set gate(promise: Promise<void>) {
      state.gate = promise;
    },
  };
}

/**
 * An earlier launch left a job due in a minute, with a headless task, and the user swiped the
 * app away; a minute later the fetch starts a headless JS context, whose module scope builds
 * the queue (as the docs had it) and runs the job. `before` counts the library calls made
 * before that launch; `launched` is whether the OS ran the fetch at all.
 */
async function headlessLaunch() {
  const bf = fakeBackgroundFetch();
  const clock = fakeClock();
  const store = await storeWithPing(clock, 60_000);
  const first = rnApp({ bf, clock, store, appState: 'active', enableHeadless: true });
  await first.queue.start();
  await first.queue.stop();
  bf.terminate();
  const before = bf.methods().length;
  await clock.advance(60_000);
  const launched = bf.event();
  const second = rnApp({ bf, clock, store, appState: 'background', enableHeadless: true });
  backgroundFetchHeadlessTask(bf.BackgroundFetch, { createQueue: () => second.queue, clock });
  void second.queue.start();
  await flush();
  bf.bundleLoaded();
  await clock.advance(1_000);
  return { bf, clock, second, before, launched };
}

describe('backgroundFetchScheduler: requests', () => {
  it('configures with the 15-minute OS minimum and the requested flags', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake(true, false));
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.lastConfig()).toEqual({
      minimumFetchInterval: 15,
      stopOnTerminate: true,
      startOnBoot: true,
      enableHeadless: false,
      forceAlarmManager: false,
      requiredNetworkType: 1,
      requiresCharging: false,
    });
    await scheduler.request(wake(false, true));
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 0, requiresCharging: true });
  });

  it('reconfigures only when the flags change', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request({ earliestAt: 1, network: true, charging: false });
    await scheduler.request({ earliestAt: 2, network: true, charging: false });
    await scheduler.request({ earliestAt: 3_000_000, network: true, charging: false });
    expect(bf.methods()).toEqual(['configure']);
    await scheduler.request({ earliestAt: 3, network: true, charging: true });
    await scheduler.request({ earliestAt: 4, network: true, charging: true });
    expect(bf.methods()).toEqual(['configure', 'configure']);
  });

  it('stops on null and configures again on the next request', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(null); // nothing configured yet: nothing to stop
    expect(bf.methods()).toEqual([]);
    await scheduler.request(wake());
    await scheduler.request(null);
    await scheduler.request(null);
    expect(bf.methods()).toEqual(['configure', 'stop']);
    expect(bf.enabled()).toBe(false);
    await scheduler.request(wake());
    expect(bf.methods()).toEqual(['configure', 'stop', 'configure']);
    expect(bf.enabled()).toBe(true);
    await scheduler.request(null);
    await scheduler.request(wake(true));
    expect(bf.methods()).toEqual(['configure', 'stop', 'configure', 'stop', 'configure']);
  });

  it('configures on the first handler registration, so a wake-up before any request is received', async () => {
    const { bf, scheduler } = setup();
    scheduler.onWake(async (w) => reportFor(w));
    await flush();
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 0, requiresCharging: false });
    bf.event(TASK);
    await flush();
    expect(bf.finished).toEqual([TASK]);
    await scheduler.request(wake());
    expect(bf.methods()).toEqual(['configure']);
    await scheduler.request(null);
    expect(bf.methods()).toEqual(['configure', 'stop']);
    scheduler.onWake(async (w) => reportFor(w));
    await flush();
    expect(bf.methods()).toEqual(['configure', 'stop']);
  });

  it('applies only the latest of the requests made together, and settles them all', async () => {
    const { bf, scheduler } = setup();
    const first = scheduler.request(wake());
    const second = scheduler.request(null);
    const third = scheduler.request(wake(true));
    await Promise.all([first, second, third]);
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1 });
  });

  it('sends one configure for a handler registered together with the first request', async () => {
    const { bf, scheduler } = setup();
    scheduler.onWake(async (w) => reportFor(w));
    await scheduler.request(wake(true));
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1 });
  });

  it('rejects a request whose configure failed, and the next request configures again', async () => {
    const { bf, scheduler } = setup();
    bf.failNextConfigure();
    await expect(scheduler.request(wake())).rejects.toThrow('configure failed');
    await scheduler.request(wake());
    expect(bf.methods()).toEqual(['configure', 'configure']);
  });

  it('refuses bad options with InvalidOptionsError', () => {
    const { BackgroundFetch } = fakeBackgroundFetch();
    expect(() => backgroundFetchScheduler(undefined as never)).toThrow(InvalidOptionsError);
    expect(() => backgroundFetchScheduler(BackgroundFetch, { budgetMs: 0 })).toThrow(InvalidOptionsError);
    expect(() => backgroundFetchScheduler(BackgroundFetch, { budgetMs: Number.POSITIVE_INFINITY })).toThrow(
      InvalidOptionsError,
    );
    expect(() => backgroundFetchScheduler(BackgroundFetch, { minimumFetchIntervalMinutes: 10 })).toThrow(
      InvalidOptionsError,
    );
  });
});

describe('backgroundFetchScheduler: wake-ups finish exactly once', () => {
  it('runs the handler with deadline = now + budget and a signal, then finishes', async () => {
    const { bf, scheduler, clock } = setup(20_000);
    await scheduler.request(wake());
    const windows: WakeWindow[] = [];
    scheduler.onWake(async (w) => {
      windows.push(w);
      return reportFor(w, 'new-data');
    });
    const at = clock.now();
    bf.event(TASK);
    expect(bf.finished).toEqual([]);
    await flush();
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ deadline: at + 20_000, kind: 'refresh' });
    expect(windows[0]!.signal?.aborted).toBe(false);
    expect(bf.finished).toEqual([TASK]);
    await clock.advance(60_000);
    bf.timeout(TASK); // a late timeout for an event already finished
    expect(bf.finished).toEqual([TASK]);
  });

  it('finishes after the handler settles, not before', async () => {
    const { bf, scheduler, clock } = setup();
    await scheduler.request(wake());
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      await gate.promise;
      return reportFor(w);
    });
    bf.event(TASK);
    await clock.advance(10_000);
    expect(bf.finished).toEqual([]);
    gate.resolve();
    await flush();
    expect(bf.finished).toEqual([TASK]);
  });

  it('finishes once when the handler rejects or throws synchronously', async () => {
    const { bf, scheduler, logger } = setup();
    await scheduler.request(wake());
    const off = scheduler.onWake(async () => {
      throw new Error('window broke');
    });
    bf.event(TASK);
    await flush();
    expect(bf.finished).toEqual([TASK]);
    expect(logger.error).toHaveBeenCalledTimes(1);
    off();
    scheduler.onWake((() => {
      throw new Error('sync throw');
    }) as never);
    bf.event(TASK);
    await flush();
    expect(bf.finished).toEqual([TASK, TASK]);
  });

  it('on the timeout callback aborts the window and finishes at once, once', async () => {
    const { bf, scheduler, clock } = setup();
    await scheduler.request(wake());
    let signal: AbortSignal | undefined;
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      signal = w.signal;
      await gate.promise;
      return reportFor(w);
    });
    bf.event(TASK);
    await clock.advance(5_000);
    bf.timeout(TASK);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(WindowExpiredError);
    expect(bf.finished).toEqual([TASK]);
    bf.timeout(TASK);
    gate.resolve(); // the handler settles late: no second finish
    await clock.advance(60_000);
    expect(bf.finished).toEqual([TASK]);
  });

  it('finishes at the deadline a window whose handler hangs', async () => {
    const { bf, scheduler, clock } = setup(25_000);
    await scheduler.request(wake());
    let signal: AbortSignal | undefined;
    scheduler.onWake((w) => {
      signal = w.signal;
      return new Promise(() => {});
    });
    bf.event(TASK);
    await clock.advance(24_999);
    expect(bf.finished).toEqual([]);
    await clock.advance(1);
    expect(signal?.aborted).toBe(true);
    expect(bf.finished).toEqual([TASK]);
  });

  it('holds an event that comes before a handler, and runs it once one registers', async () => {
    const { bf, scheduler, clock } = setup(25_000);
    await scheduler.request(wake());
    const at = clock.now();
    bf.event(TASK);
    await clock.advance(3_000);
    expect(bf.finished).toEqual([]);
    const windows: WakeWindow[] = [];
    scheduler.onWake(async (w) => {
      windows.push(w);
      return reportFor(w);
    });
    await flush();
    // The OS started counting at the event, so the deadline does too.
    expect(windows.map((w) => w.deadline)).toEqual([at + 25_000]);
    expect(bf.finished).toEqual([TASK]);
    await clock.advance(60_000);
    expect(bf.finished).toEqual([TASK]);
  });

  it('finishes a held event once the budget is spent if no handler registers', async () => {
    const { bf, scheduler, clock, logger } = setup(25_000);
    await scheduler.request(wake());
    bf.event(TASK);
    await clock.advance(24_999);
    expect(bf.finished).toEqual([]);
    await clock.advance(1);
    expect(bf.finished).toEqual([TASK]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const handler = vi.fn(async (w: WakeWindow) => reportFor(w));
    scheduler.onWake(handler);
    await flush();
    expect(handler).not.toHaveBeenCalled();
  });

  it('finishes a held event at once on the timeout callback', async () => {
    const { bf, scheduler, clock } = setup();
    await scheduler.request(wake());
    bf.event(TASK);
    bf.timeout(TASK);
    expect(bf.finished).toEqual([TASK]);
    await clock.advance(60_000);
    const handler = vi.fn(async (w: WakeWindow) => reportFor(w));
    scheduler.onWake(handler);
    await flush();
    expect(handler).not.toHaveBeenCalled();
    expect(bf.finished).toEqual([TASK]);
  });

  it('still finishes a timeout for an event it never ran', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake());
    bf.emit({ taskId: 'com.transistorsoft.other', timeout: true });
    expect(bf.finished).toEqual(['com.transistorsoft.other']);
  });

  it('keeps separate task ids apart', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake());
    const gates = new Map<number, ReturnType<typeof deferred<void>>>();
    let n = 0;
    scheduler.onWake(async (w) => {
      const gate = deferred<void>();
      gates.set(++n, gate);
      await gate.promise;
      return reportFor(w);
    });
    bf.emit({ taskId: 'a', timeout: false });
    bf.emit({ taskId: 'b', timeout: false });
    await flush();
    bf.emit({ taskId: 'a', timeout: true });
    expect(bf.finished).toEqual(['a']);
    gates.get(2)!.resolve();
    await flush();
    expect(bf.finished).toEqual(['a', 'b']);
  });

  it('does not call an unregistered handler', async () => {
    const { bf, scheduler, clock } = setup();
    await scheduler.request(wake());
    const handler = vi.fn(async (w: WakeWindow) => reportFor(w));
    const off = scheduler.onWake(handler);
    off();
    off();
    bf.event(TASK);
    await clock.advance(25_000);
    expect(handler).not.toHaveBeenCalled();
    expect(bf.finished).toEqual([TASK]);
  });
});

describe('backgroundFetchScheduler: what react-native-background-fetch does on Android', () => {
  it('configures again after a null plan, since stop() deleted the saved configuration', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake());
    await scheduler.request(null);
    expect(bf.enabled()).toBe(false);
    await scheduler.request(wake());
    expect(bf.enabled()).toBe(true);
    expect(bf.savedConfig()).toMatchObject({ requiredNetworkType: 0, requiresCharging: false });
    expect(bf.methods()).not.toContain('start');
  });

  it('wakes a queue that started empty for its first job', async () => {
    const app = rnApp();
    await app.queue.start();
    await app.queue.enqueue(app.job, {});
    await flush();
    expect(app.bf.enabled()).toBe(true);
    expect(app.bf.event()).toBe(true);
    await app.clock.advance(1_000);
    expect(app.ran).toEqual(['ping']);
  });

  it('holds a stop until the open event is finished', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake());
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      await gate.promise;
      return reportFor(w);
    });
    bf.event();
    await flush();
    const stopped = scheduler.request(null);
    await flush();
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.openTasks()).toHaveLength(1);
    gate.resolve();
    await stopped;
    expect(bf.tasks.map((t) => t.finishedBy)).toEqual(['js']);
    expect(bf.methods()).toEqual(['configure', 'stop']);
  });

  it('holds a reconfigure until the open event is finished', async () => {
    const { bf, scheduler } = setup();
    await scheduler.request(wake());
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      await gate.promise;
      return reportFor(w);
    });
    bf.event();
    await flush();
    const changed = scheduler.request(wake(true));
    await flush();
    expect(bf.openTasks()).toHaveLength(1);
    gate.resolve();
    await changed;
    expect(bf.tasks.map((t) => t.finishedBy)).toEqual(['js']);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1 });
  });

  it('lets the last due job start without ending the native task under it', async () => {
    const clock = fakeClock();
    const app = rnApp({ clock, store: await storeWithPing(clock, 1_000) });
    const gate = deferred<void>();
    app.gate = gate.promise;
    await app.queue.start();
    await clock.advance(1_000);
    expect(app.bf.event()).toBe(true);
    await clock.advance(1_000);
    expect(app.ran).toEqual(['ping']);
    expect(app.bf.openTasks()).toHaveLength(1);
    gate.resolve();
    await clock.advance(1_000);
    expect(app.bf.tasks.map((t) => t.finishedBy)).toEqual(['js']);
  });

  it('never configures or stops from a headless launch; the task that launched it ends with its window', async () => {
    const { bf, second, before, launched } = await headlessLaunch();
    expect(launched).toBe(true); // Android started a headless JS context for it
    expect(second.ran).toEqual(['ping']);
    expect(bf.tasks.at(-1)?.finishedBy).toBe('js');
    expect(bf.methods().slice(before)).toEqual([]);
  });

  it('applies the latest request once the user opens the app after a headless launch', async () => {
    const { bf, second, before } = await headlessLaunch();
    // A job added in the headless context: its request waits for the app.
    await second.queue.enqueue(second.job, {}, { delayMs: 60_000, constraints: { network: 'connected' } });
    await flush();
    expect(bf.methods().slice(before)).toEqual([]);
    bf.openApp();
    second.app.set('active');
    await flush();
    expect(bf.methods().slice(before)).toEqual(['configure']);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1, enableHeadless: true });
  });

  it('stops the fetch that woke a headless launch once its queue is empty and the user opens the app', async () => {
    const { bf, second } = await headlessLaunch();
    expect(second.ran).toEqual(['ping']);
    // The queue is empty, but a headless context sends nothing: the fetch stays scheduled.
    expect(bf.enabled()).toBe(true);
    const beforeOpen = bf.methods().length;
    bf.openApp();
    second.app.set('active');
    await flush();
    // [BF.java] stop() cancels only a task this process configured: configure, then stop.
    expect(bf.methods().slice(beforeOpen)).toEqual(['configure', 'stop']);
    expect(bf.enabled()).toBe(false);
  });

  it('stops a fetch an earlier launch left scheduled once the user opens the app, not from a background launch', async () => {
    const bf = fakeBackgroundFetch();
    const clock = fakeClock();
    // An earlier launch scheduled the fetch; this launch's queue has nothing to wait for.
    await backgroundFetchScheduler(bf.BackgroundFetch, { clock }).request(wake(true));
    bf.terminate();
    bf.openApp();
    const app = rnApp({ bf, clock, appState: 'background' });
    const before = bf.methods().length;
    await app.queue.start();
    await clock.advance(1_000);
    expect(bf.methods().slice(before)).toEqual([]);
    expect(bf.enabled()).toBe(true);
    app.app.set('active');
    await flush();
    expect(bf.methods().slice(before)).toEqual(['configure', 'stop']);
    expect(bf.enabled()).toBe(false);
    // A job later schedules it again, with its own flags.
    await app.queue.enqueue(app.job, {}, { delayMs: 60_000, constraints: { network: 'connected' } });
    await flush();
    expect(bf.enabled()).toBe(true);
    expect(bf.lastConfig()).toMatchObject({ requiredNetworkType: 1 });
  });

  it('configures a normal launch as soon as the app is active, headless task or not', async () => {
    const bf = fakeBackgroundFetch();
    const clock = fakeClock();
    const app = rnApp({ bf, clock, store: await storeWithPing(clock, 60_000), appState: 'background' });
    backgroundFetchHeadlessTask(bf.BackgroundFetch, { createQueue: () => app.queue, clock });
    await app.queue.start();
    await flush();
    expect(bf.methods()).toEqual([]);
    app.app.set('active');
    await flush();
    expect(bf.methods()).toEqual(['configure']);
    expect(bf.lastConfig()).toMatchObject({ enableHeadless: true, stopOnTerminate: false });
  });

  it('enables headless delivery only when a headless task is registered', async () => {
    const bf = fakeBackgroundFetch();
    const clock = fakeClock();
    await backgroundFetchScheduler(bf.BackgroundFetch, { clock }).request(wake());
    expect(bf.lastConfig()).toMatchObject({ enableHeadless: false });
    bf.terminate();
    bf.event();
    bf.bundleLoaded();
    expect(bf.log).not.toContain('No task registered for key BackgroundFetch');
  });
});

describe('backgroundFetchScheduler: what react-native-background-fetch does on iOS', () => {
  it('with Background App Refresh off: resolves, warns once naming the setting, then asks status() instead of configuring', async () => {
    const clock = fakeClock();
    const bf = fakeBackgroundFetch({ os: 'ios', status: 1 });
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const scheduler = backgroundFetchScheduler(bf.BackgroundFetch, { clock, logger });
    await expect(scheduler.request(wake())).resolves.toBeUndefined();
    await expect(scheduler.request(wake(true))).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]![0]).toMatch(/Background App Refresh/);
    expect(bf.calls.map((c) => c.method)).toEqual(['configure', 'status', 'status']);
    bf.setStatus(2);
    await scheduler.request(wake());
    expect(bf.enabled()).toBe(true);
  });

  it('configures once the user turned Background App Refresh on and came back to the app', async () => {
    const clock = fakeClock();
    const bf = fakeBackgroundFetch({ os: 'ios', status: 1 });
    const app = fakeAppState('active');
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const scheduler = backgroundFetchScheduler(bf.BackgroundFetch, { clock, logger, appState: app.appState });
    await scheduler.request(wake());
    expect(bf.enabled()).toBe(false);
    app.set('background'); // to Settings
    bf.setStatus(2);
    app.set('active');
    await flush();
    expect(bf.enabled()).toBe(true);
    expect(app.listenerCount()).toBe(0);
  });

  it('holds a stop until the open event is finished, so the task can still be finished', async () => {
    // On iOS stop() removes the listener; a finish after it cannot complete the task.
    const { bf, scheduler } = setupIos();
    await scheduler.request(wake());
    const gate = deferred<void>();
    scheduler.onWake(async (w) => {
      await gate.promise;
      return reportFor(w);
    });
    bf.event();
    await flush();
    const stopped = scheduler.request(null);
    await flush();
    expect(bf.methods()).toEqual(['configure']);
    gate.resolve();
    await stopped;
    expect(bf.tasks.map((t) => t.finishedBy)).toEqual(['js']);
    expect(bf.methods()).toEqual(['configure', 'stop']);
    expect(bf.enabled()).toBe(false);
  });

  it('runs the refresh task through the listener configure added, and finishes it', async () => {
    const { bf, scheduler } = setupIos();
    const seen: string[] = [];
    scheduler.onWake(async (w) => {
      seen.push('window');
      return reportFor(w);
    });
    await flush();
    expect(bf.event()).toBe(true);
    await flush();
    expect(seen).toEqual(['window']);
    expect(bf.tasks.map((t) => t.finishedBy)).toEqual(['js']);
  });
});

function setupIos() {
  const clock = fakeClock();
  const bf = fakeBackgroundFetch({ os: 'ios' });
  const scheduler = backgroundFetchScheduler(bf.BackgroundFetch, { clock });
  return { clock, bf, scheduler };
}
