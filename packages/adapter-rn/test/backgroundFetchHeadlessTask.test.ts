import { InvalidOptionsError, type Queue, type WakeWindow, WindowExpiredError } from '@nightshift/core';
import { describe, expect, it, vi } from 'vitest';
import { backgroundFetchHeadlessTask } from '../src/index';
import { fakeBackgroundFetch } from './fakes/fakeBackgroundFetch';
import { fakeClock, flush } from './fakes/fakeClock';
import { deferred, reportFor } from './fakes/report';

const TASK = 'react-native-background-fetch';

/** Just the queue methods the headless task uses. */
function fakeQueue(run?: (w: WakeWindow) => Promise<unknown>) {
  const windows: WakeWindow[] = [];
  const queue = {
    start: vi.fn(async () => {}),
    runWindow: vi.fn(async (w: WakeWindow) => {
      windows.push(w);
      if (run) await run(w);
      return reportFor(w, 'new-data');
    }),
  };
  return { queue: queue as unknown as Queue, start: queue.start, windows };
}

function setup(createQueue: () => Queue | Promise<Queue>, budgetMs = 25_000) {
  const clock = fakeClock();
  const bf = fakeBackgroundFetch();
  const task = backgroundFetchHeadlessTask(bf.BackgroundFetch, { createQueue, budgetMs, clock });
  return { clock, bf, task };
}

describe('backgroundFetchHeadlessTask', () => {
  it('registers itself with registerHeadlessTask', () => {
    const { bf, task } = setup(() => fakeQueue().queue);
    expect(bf.hasHeadless()).toBe(true);
    expect(typeof task).toBe('function');
  });

  it('builds and starts the queue once, runs one window per event and finishes each once', async () => {
    const q = fakeQueue();
    const factory = vi.fn(() => q.queue);
    const { bf, clock } = setup(factory, 20_000);
    const at = clock.now();
    await bf.headless({ taskId: TASK, timeout: false });
    expect(factory).toHaveBeenCalledTimes(1);
    expect(q.start).toHaveBeenCalledTimes(1);
    expect(q.windows).toHaveLength(1);
    expect(q.windows[0]).toMatchObject({ deadline: at + 20_000, kind: 'refresh' });
    expect(bf.finished).toEqual([TASK]);
    await bf.headless({ taskId: TASK, timeout: false });
    expect(factory).toHaveBeenCalledTimes(1);
    expect(q.start).toHaveBeenCalledTimes(1);
    expect(bf.finished).toEqual([TASK, TASK]);
  });

  it('memoizes an async factory across events that arrive together', async () => {
    const q = fakeQueue();
    const factory = vi.fn(async () => q.queue);
    const { bf } = setup(factory);
    await Promise.all([
      bf.headless({ taskId: 'a', timeout: false }),
      bf.headless({ taskId: 'b', timeout: false }),
    ]);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(bf.finished.sort()).toEqual(['a', 'b']);
  });

  it('finishes at once on a timeout event with nothing running', async () => {
    const factory = vi.fn(() => fakeQueue().queue);
    const { bf } = setup(factory);
    await bf.headless({ taskId: TASK, timeout: true });
    expect(bf.finished).toEqual([TASK]);
    expect(factory).not.toHaveBeenCalled();
  });

  it('on a timeout event aborts the running window and finishes it once', async () => {
    const gate = deferred<void>();
    const q = fakeQueue(() => gate.promise);
    const { bf } = setup(() => q.queue);
    const running = bf.headless({ taskId: TASK, timeout: false });
    await flush();
    expect(q.windows).toHaveLength(1);
    await bf.headless({ taskId: TASK, timeout: true });
    expect(q.windows[0]!.signal?.reason).toBeInstanceOf(WindowExpiredError);
    expect(bf.finished).toEqual([TASK]);
    await running;
    gate.resolve();
    await flush();
    expect(bf.finished).toEqual([TASK]);
  });

  it('finishes once when the factory throws, and tries the factory again next time', async () => {
    const q = fakeQueue();
    const factory = vi.fn().mockRejectedValueOnce(new Error('no store')).mockReturnValue(q.queue);
    const { bf } = setup(factory);
    await bf.headless({ taskId: TASK, timeout: false });
    expect(bf.finished).toEqual([TASK]);
    await bf.headless({ taskId: TASK, timeout: false });
    expect(factory).toHaveBeenCalledTimes(2);
    expect(q.windows).toHaveLength(1);
    expect(bf.finished).toEqual([TASK, TASK]);
  });

  it('finishes once at the deadline when the queue hangs', async () => {
    const q = fakeQueue(() => new Promise(() => {}));
    const { bf, clock } = setup(() => q.queue, 25_000);
    const done = bf.headless({ taskId: TASK, timeout: false });
    await clock.advance(24_999);
    expect(bf.finished).toEqual([]);
    await clock.advance(1);
    await done;
    expect(bf.finished).toEqual([TASK]);
  });

  it('caps the budget at the 30 s React Native gives a headless JS task', async () => {
    // HeadlessTask.java starts the task with HeadlessJsTaskConfig(…, 30000).
    const q = fakeQueue();
    const { bf, clock } = setup(() => q.queue, 60_000);
    const at = clock.now();
    await bf.headless({ taskId: TASK, timeout: false });
    expect(q.windows[0]!.deadline).toBe(at + 30_000);
  });

  it('can leave registering to the caller', () => {
    const bf = fakeBackgroundFetch();
    backgroundFetchHeadlessTask(bf.BackgroundFetch, {
      createQueue: () => fakeQueue().queue,
      register: false,
    });
    expect(bf.hasHeadless()).toBe(false);
  });

  it('refuses a missing module or factory', () => {
    const bf = fakeBackgroundFetch();
    expect(() =>
      backgroundFetchHeadlessTask(undefined as never, { createQueue: () => fakeQueue().queue }),
    ).toThrow(InvalidOptionsError);
    expect(() => backgroundFetchHeadlessTask(bf.BackgroundFetch, {} as never)).toThrow(InvalidOptionsError);
    expect(() =>
      backgroundFetchHeadlessTask(bf.BackgroundFetch, { createQueue: () => fakeQueue().queue, budgetMs: -1 }),
    ).toThrow(InvalidOptionsError);
  });
});
