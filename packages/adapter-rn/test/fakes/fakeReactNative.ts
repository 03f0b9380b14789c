import type { AppStateLike, NetInfoLike, NetInfoStateLike } from '../../src/index';

/** Behaves as React Native's AppState: `currentState` plus 'change' events with `remove()`. */
export function fakeAppState(initial = 'active') {
  const listeners = new Set<(state: string) => void>();
  const appState = {
    currentState: initial as string,
    addEventListener(type: 'change', listener: (state: string) => void) {
      if (type !== 'change') throw new Error(`unexpected event ${type}`);
      listeners.add(listener);
      return { remove: () => listeners.delete(listener) };
    },
  } satisfies AppStateLike;
  return {
    appState,
    listenerCount: () => listeners.size,
    set(state: string) {
      appState.currentState = state;
      for (const l of [...listeners]) l(state);
    },
  };
}

export const wifi: NetInfoStateLike = {
  type: 'wifi',
  isConnected: true,
  isInternetReachable: true,
  details: { isConnectionExpensive: false },
};
export const cellular: NetInfoStateLike = {
  type: 'cellular',
  isConnected: true,
  isInternetReachable: true,
  details: { isConnectionExpensive: true },
};
export const offline: NetInfoStateLike = {
  type: 'none',
  isConnected: false,
  isInternetReachable: false,
  details: null,
};

/**
 * Behaves as @react-native-community/netinfo: `fetch()` resolves with the current state
 * (here: when the test says so), `addEventListener` returns the unsubscribe function.
 */
export function fakeNetInfo(initial: NetInfoStateLike = wifi) {
  let state = initial;
  const listeners = new Set<(s: NetInfoStateLike) => void>();
  const fetches: Array<(s: NetInfoStateLike) => void> = [];
  let autoResolve = true;
  let fetchCalls = 0;
  const netInfo = {
    fetch() {
      fetchCalls++;
      return new Promise<NetInfoStateLike>((resolve) => {
        if (autoResolve) resolve(state);
        else fetches.push(resolve);
      });
    },
    addEventListener(listener: (s: NetInfoStateLike) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  } satisfies NetInfoLike;
  return {
    netInfo,
    listenerCount: () => listeners.size,
    fetchCount: () => fetchCalls,
    /** Holds `fetch()` answers until `resolveFetches`. */
    holdFetches() {
      autoResolve = false;
    },
    resolveFetches(with_: NetInfoStateLike = state) {
      for (const r of fetches.splice(0)) r(with_);
    },
    emit(next: NetInfoStateLike) {
      state = next;
      for (const l of [...listeners]) l(next);
    },
  };
}
