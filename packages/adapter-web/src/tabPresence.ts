import type { ConditionsSource } from '@nightshift/core';
import { sharedConditions } from './sharedConditions';

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
  query?(): Promise<{ pending?: Array<{ name?: string }> }>;
}

/** What the context that runs the jobs knows of the other tabs: which are active. */
export interface TabPresence {
  /** `base` with `appState` active while this tab or another is (see `sharedConditions`). */
  conditions(base: ConditionsSource): ConditionsSource;
  /** A tab said whether it is active; its lock is watched so that it is forgotten when it dies. */
  set(tab: string, active: boolean, tabLock: string, signal: AbortSignal): void;
  /** A tab said goodbye. */
  forget(tab: string): void;
  /** Forgets every tab: a new term starts, and the tabs report again. */
  clear(): void;
}

/**
 * Tracks the other tabs' activity for the running context. Each tab holds a Web Lock of
 * its own while it lives; asking for that lock here is granted once the tab is gone, also
 * when it crashed without a word, and the tab is forgotten then.
 */
export function createTabPresence(): TabPresence {
  const active = new Map<string, boolean>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  const locks = () => (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;

  // Granted once the tab let its lock go. But a tab's own request and its messages reach
  // the browser by different paths: under load, this request can get there first and be
  // granted before the tab ever held its lock. Then the tab's own request is still waiting
  // behind this one, alive: watch again, behind it, instead of forgetting the tab.
  const watch = (tab: string, tabLock: string, signal: AbortSignal) => {
    const manager = locks();
    manager
      ?.request(tabLock, { signal }, async () => {
        const state = await manager.query?.().catch(() => undefined);
        if (state?.pending?.some((lock) => lock.name === tabLock)) {
          if (active.has(tab)) queueMicrotask(() => watch(tab, tabLock, signal));
          return;
        }
        if (active.delete(tab)) changed();
      })
      .catch(() => {});
  };

  return {
    conditions: (base) =>
      sharedConditions(
        base,
        () => [...active.values()].some(Boolean),
        (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      ),
    set(tab, isActive, tabLock, signal) {
      if (!active.has(tab)) watch(tab, tabLock, signal);
      active.set(tab, isActive);
      changed();
    },
    forget(tab) {
      if (active.delete(tab)) changed();
    },
    clear() {
      active.clear();
    },
  };
}
