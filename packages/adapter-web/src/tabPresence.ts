import type { ConditionsSource } from '@nightshift/core';
import { sharedConditions } from './sharedConditions';

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
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
      if (!active.has(tab)) {
        locks()
          ?.request(tabLock, { signal }, async () => {
            if (active.delete(tab)) changed();
          })
          .catch(() => {});
      }
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
