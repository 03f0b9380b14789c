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
    options: { ifAvailable: true },
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
 *   the queue's BroadcastChannel, and the event lasts until the tab's window ended.
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
  const report = await locks.request(names.lock, { ifAvailable: true }, async (lock) => {
    if (!lock) return undefined;
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
  });
  if (report === undefined) {
    await handToRunningTab(names.channel, deadline, handOverWaitMs);
    return;
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

/** Asks the tab that holds the lock to run the window; resolves once it did, or gave no sign of taking it. */
function handToRunningTab(channelName: string, deadline: number, waitMs: number): Promise<void> {
  const channel = new BroadcastChannel(channelName);
  const wake = randomId();
  return new Promise<void>((resolve) => {
    let giveUp = setTimeout(done, waitMs);
    function done() {
      clearTimeout(giveUp);
      channel.close();
      resolve();
    }
    channel.onmessage = (message: MessageEvent<TabMessage>) => {
      const data = message.data;
      if (data.t === 'waking' && data.wake === wake) {
        clearTimeout(giveUp);
        giveUp = setTimeout(done, Math.max(0, deadline - Date.now()));
      } else if (data.t === 'woken' && data.wake === wake) done();
    };
    channel.postMessage({ t: 'wake', wake, deadline } satisfies TabMessage);
  });
}
