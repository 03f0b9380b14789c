import type { Queue, WindowReport } from '@nightshift/core';
import { queueNameOfTag, queueNames, randomId } from './names';
import type { TabMessage } from './tabMessages';

/** What a service worker's `sync` (or `periodicsync`) event offers. */
export interface SyncEventLike {
  /** The tag the sync was registered with: `nightshift:<queue name>` for Nightshift's. */
  readonly tag: string;
  /** True on the browser's last try of this sync (one-off syncs only). */
  readonly lastChance?: boolean;
  /** Keeps the service worker alive until the promise settles; a rejection asks for a retry. */
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Options of {@link handleSyncEvent}.
 *
 * @example
 * handleSyncEvent(event, makeQueue, { budgetMs: 60_000 });
 */
export interface SyncEventOptions {
  /**
   * How long the window may last. Chromium ends a sync event after 3 minutes
   * (`kMaxSyncEventDuration` in content/public/browser/background_sync_parameters.cc), so
   * the default leaves 10 s of that for starting and stopping the queue.
   * @default 170_000
   * @example budgetMs: 60_000
   */
  budgetMs?: number;
  /**
   * How long to wait for the tab that runs the jobs to take the window, when one does,
   * before giving up on it (a frozen tab).
   * @default 2_000
   * @example handOverWaitMs: 5_000
   */
  handOverWaitMs?: number;
}

interface LocksLike {
  request<T>(
    name: string,
    options: { ifAvailable?: true; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T>,
  ): Promise<T>;
}

/**
 * The service worker's entry for Background Sync: call it from the worker's `sync` (and
 * `periodicsync`) listener. For a Nightshift tag it runs a window inside
 * `event.waitUntil`, within the browser's budget, and returns `true`; other tags are left
 * alone (`false`).
 *
 * - When no tab runs the queue, it takes the queue's Web Lock, builds the queue with
 *   `createQueue` (use `createQueue` here, not `createTabQueue`), starts it (which recovers
 *   what a closed tab left running), runs a window, stops it and lets the lock go. A tab
 *   that opens meanwhile waits for the lock; the window then ends early so that the tab
 *   takes over at once.
 * - When a tab runs the queue (it holds the lock), the window is handed to that tab over
 *   the queue's BroadcastChannel, and the event lasts until the tab's window ended. When
 *   no tab takes it (the holder is closing, or frozen), it waits for the lock for up to a
 *   quarter of the budget and runs the window itself, or fails the event so that the
 *   browser tries again.
 * - When due work is left that the window could not run (the network came and went), the
 *   event fails, so that the browser tries the sync again later, unless it was the last
 *   chance.
 *
 * @example
 * // sw.js
 * import { createQueue } from '@nightshift/core';
 * import { createWebPlatform, handleSyncEvent } from '@nightshift/adapter-web';
 * import { createIndexedDbStore } from '@nightshift/store-indexeddb';
 *
 * const makeQueue = () =>
 *   createQueue({ platform: createWebPlatform(), store: createIndexedDbStore({ name: 'app-jobs' }), jobs: [upload] });
 * self.addEventListener('sync', (event) => handleSyncEvent(event, makeQueue));
 */
export function handleSyncEvent(
  event: SyncEventLike,
  createQueue: () => Queue<any>,
  options: SyncEventOptions = {},
): boolean {
  const name = queueNameOfTag(event.tag);
  if (name === undefined) return false;
  event.waitUntil(runSync(name, event, createQueue, options));
  return true;
}

async function runSync(
  name: string,
  event: SyncEventLike,
  createQueue: () => Queue<any>,
  { budgetMs = 170_000, handOverWaitMs = 2_000 }: SyncEventOptions,
): Promise<void> {
  const names = queueNames(name);
  const deadline = Date.now() + budgetMs;
  const locks = (globalThis as { navigator?: { locks?: LocksLike } }).navigator?.locks;
  if (!locks) return;
  let handedOver = false;

  // Runs the window here, holding the queue's lock.
  const runHere = async (): Promise<WindowReport> => {
    const queue = createQueue();
    const abort = new AbortController();
    const channel = new BroadcastChannel(names.channel);
    channel.onmessage = (message: MessageEvent<TabMessage>) => {
      // A tab started and waits for the lock: end the window so that it takes over now.
      if (message.data.t === 'hello' || message.data.t === 'call') {
        handedOver = true;
        abort.abort();
      }
    };
    try {
      await queue.start();
      return await queue.runWindow({ deadline, signal: abort.signal, kind: 'refresh' });
    } finally {
      channel.close();
      await queue.stop({ timeoutMs: 0 });
    }
  };

  let report = await locks.request(names.lock, { ifAvailable: true }, (lock) =>
    lock ? runHere() : Promise.resolve(undefined),
  );
  if (report === undefined) {
    // A tab holds the lock: hand it the window. Meanwhile queue for the lock, which is
    // granted only once that tab is gone (it closed, or crashed mid-window): then the
    // window runs here, with what is left of the budget.
    const stopWaiting = new AbortController();
    const here = locks.request(names.lock, { signal: stopWaiting.signal }, runHere).catch(() => undefined);
    const there = handToRunningTab(names.channel, deadline, handOverWaitMs, stopWaiting.signal);
    const first = await Promise.race([here.then(() => 'here' as const), there]);
    if (typeof first === 'object') {
      // The running tab ran the window; its report says whether due work was left.
      stopWaiting.abort();
      await here;
      report = first;
    } else if (first === 'here') stopWaiting.abort();
    else if (first === 'silent') {
      // No tab took it: the holder is closing, or frozen. Wait for the lock a while,
      // leaving most of the budget to the window.
      const limit = setTimeout(() => stopWaiting.abort(), Math.max(0, (deadline - Date.now()) / 4));
      await here;
      clearTimeout(limit);
    }
    report ??= await here;
    if (report === undefined) {
      if (event.lastChance) return;
      throw new Error(
        `nightshift: the lock of queue "${name}" is held by a context that does not answer; the browser will try again`,
      );
    }
  }
  if (!handedOver && !event.lastChance && leftDue(report)) {
    throw new Error(
      `nightshift: due jobs of queue "${name}" could not run in this sync; the browser will try again`,
    );
  }
}

function leftDue(report: WindowReport): boolean {
  return report.nextWakeAt !== null && report.nextWakeAt <= report.endedAt;
}

/**
 * Asks the tab that holds the lock to run the window. Resolves with the tab's report once
 * it ran it, `silent` when no tab took it within `waitMs`; a tab that took it and then
 * died never resolves it (the lock tells that instead).
 */
function handToRunningTab(
  channelName: string,
  deadline: number,
  waitMs: number,
  signal: AbortSignal,
): Promise<WindowReport | 'silent'> {
  const channel = new BroadcastChannel(channelName);
  const wake = randomId();
  return new Promise((resolve) => {
    // Aborted: the window ran elsewhere; stop listening.
    signal.addEventListener('abort', () => done('silent'), { once: true });
    let giveUp: ReturnType<typeof setTimeout> | undefined = setTimeout(() => done('silent'), waitMs);
    function done(outcome: WindowReport | 'silent') {
      clearTimeout(giveUp);
      channel.onmessage = null;
      channel.close();
      resolve(outcome);
    }
    channel.onmessage = (message: MessageEvent<TabMessage>) => {
      const data = message.data;
      if (data.t === 'waking' && data.wake === wake) {
        clearTimeout(giveUp);
        giveUp = undefined;
      } else if (data.t === 'woken' && data.wake === wake) done(data.report);
    };
    channel.postMessage({ t: 'wake', wake, deadline } satisfies TabMessage);
  });
}
