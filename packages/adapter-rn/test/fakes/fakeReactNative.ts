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
 * Behaves as @react-native-community/netinfo 12.0.1 (src/index.ts and
 * src/internal/state.ts of the npm tarball):
 *
 * - the library keeps the last state it saw (`State._latestState`); `fetch()` answers from
 *   it once there is one, and reads the native module only before that (`State.latest`);
 * - `refresh()` always reads the native module (`_fetchCurrentState`);
 * - a native read, whoever asked for it, is also sent to every listener (`_fetchCurrentState`
 *   notifies all subscriptions), and so is every native change event;
 * - `addEventListener` calls the new listener at once with the last state when there is one,
 *   else with the answer of a native read (`State.add`);
 * - while the app is suspended in the background (iOS: `suspend()`), native changes send no
 *   event to JS: RNCNetInfo.mm sends events from a reachability callback on the main run
 *   loop, which does not run while iOS has the app suspended, so a wake-up starts with the
 *   state JS saw before. The native module's state stays current (what `refresh()` reads).
 *
 * Native reads answer at once, or when the test says so after `holdFetches()`.
 */
export function fakeNetInfo(initial: NetInfoStateLike = wifi) {
  let native = initial;
  let latest: NetInfoStateLike | null = null;
  let suspended = false;
  const listeners = new Set<(s: NetInfoStateLike) => void>();
  const held: Array<(s?: NetInfoStateLike) => void> = [];
  let autoResolve = true;
  let fetchCalls = 0;
  let refreshCalls = 0;
  const notify = (state: NetInfoStateLike) => {
    latest = state;
    for (const l of [...listeners]) l(state);
  };
  // RNCNetInfo getCurrentState, then State._fetchCurrentState's bookkeeping.
  const readNative = () =>
    new Promise<NetInfoStateLike>((resolve) => {
      const answer = (override?: NetInfoStateLike) => {
        const state = override ?? native;
        notify(state);
        resolve(state);
      };
      if (autoResolve) answer();
      else held.push(answer);
    });
  const netInfo = {
    fetch() {
      fetchCalls++;
      return latest ? Promise.resolve(latest) : readNative();
    },
    refresh() {
      refreshCalls++;
      return readNative();
    },
    addEventListener(listener: (s: NetInfoStateLike) => void) {
      listeners.add(listener);
      if (latest) listener(latest);
      return () => {
        listeners.delete(listener);
      };
    },
  } satisfies NetInfoLike;
  return {
    netInfo,
    listenerCount: () => listeners.size,
    fetchCount: () => fetchCalls,
    refreshCount: () => refreshCalls,
    /** Holds native reads until `resolveFetches`. */
    holdFetches() {
      autoResolve = false;
    },
    /** Answers the held native reads, with `with_` (a state read earlier) or the current one. */
    resolveFetches(with_?: NetInfoStateLike) {
      for (const r of held.splice(0)) r(with_);
    },
    /** The network changes; JS hears of it unless the app is suspended. */
    emit(next: NetInfoStateLike) {
      native = next;
      if (!suspended) notify(next);
    },
    /** iOS suspends the app (background): native changes send no event until `resume()`. */
    suspend() {
      suspended = true;
    },
    resume() {
      suspended = false;
    },
  };
}
