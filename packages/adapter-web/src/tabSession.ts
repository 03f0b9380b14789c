import { QueueUnavailableError } from '@nightshift/core';
import type { TabMessage } from './tabMessages';

export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

/** The browser's lock manager, where the context has one. */
export function lockManager(): LockManagerLike | undefined {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
}

/** A tab attached to its queue: its channel, and what to undo when it detaches. */
export interface TabSession {
  channel: BroadcastChannel;
  /** Aborted on `close()`: pending lock requests made with it are dropped. */
  signal: AbortSignal;
  /** Runs `undo` when the session closes (last in, first out does not matter here). */
  onClose(undo: () => void): void;
  close(): void;
}

/**
 * Attaches a tab: opens the queue's channel, takes the tab's own Web Lock (held while the
 * tab lives, so that the running context learns when it is gone, also after a crash), and
 * says goodbye on `pagehide`. Throws `QueueUnavailableError` where the browser lacks Web
 * Locks or BroadcastChannel.
 */
export function openTabSession(
  channelName: string,
  tabLock: string,
  receive: (message: TabMessage) => void,
  bye: TabMessage,
): TabSession {
  const locks = lockManager();
  if (!locks || typeof BroadcastChannel === 'undefined') {
    throw new QueueUnavailableError(
      'createTabQueue needs the Web Locks API (navigator.locks) and BroadcastChannel, which browsers ' +
        'offer in secure contexts (https, or http://localhost)',
    );
  }
  const abort = new AbortController();
  const undo: Array<() => void> = [];
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event: MessageEvent<TabMessage>) => receive(event.data);

  let releaseTabLock!: () => void;
  const held = new Promise<void>((resolve) => {
    releaseTabLock = resolve;
  });
  locks.request(tabLock, { signal: abort.signal }, () => held).catch(() => {});
  undo.push(releaseTabLock);

  const g = globalThis as {
    addEventListener?: typeof addEventListener;
    removeEventListener?: typeof removeEventListener;
  };
  const onPageHide = () => channel.postMessage(bye);
  if (g.addEventListener && 'document' in globalThis) {
    g.addEventListener('pagehide', onPageHide);
    undo.push(() => g.removeEventListener?.('pagehide', onPageHide));
  }

  return {
    channel,
    signal: abort.signal,
    onClose: (u) => undo.push(u),
    close() {
      abort.abort();
      for (const u of undo.splice(0)) u();
      channel.close();
    },
  };
}
