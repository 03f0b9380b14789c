import type { NetworkState } from '@nightshift/core';

/**
 * The fields of a NetInfo state the adapter reads. Every `NetInfoState` of
 * `@react-native-community/netinfo` satisfies it.
 */
export interface NetInfoStateLike {
  /** `'wifi'`, `'ethernet'`, `'cellular'`, `'none'`, `'unknown'`, … */
  readonly type: string;
  /** `false` when there is no active network; `null` while unknown. */
  readonly isConnected: boolean | null;
  /** `null` until NetInfo's reachability check has answered. */
  readonly isInternetReachable: boolean | null;
  /** Type-specific details; `null` when there is no connection. */
  readonly details: {
    /** Whether the OS flags the connection as metered (a hotspot, a metered wifi). */
    readonly isConnectionExpensive?: boolean;
  } | null;
}

/**
 * The part of `@react-native-community/netinfo` the adapter uses: pass its default export.
 *
 * @example
 * import NetInfo from '@react-native-community/netinfo';
 * createReactNativePlatform({ appState: AppState, netInfo: NetInfo });
 */
export interface NetInfoLike {
  /** Resolves with the last state NetInfo saw, reading the native module only before it saw one. */
  fetch(): Promise<NetInfoStateLike>;
  /** Reads the native module again and tells every listener. NetInfo ≥ 5 has it. */
  refresh?(): Promise<NetInfoStateLike>;
  /** Calls `listener` soon after subscribing and on every change; returns the unsubscribe function. */
  addEventListener(listener: (state: NetInfoStateLike) => void): () => void;
}

/**
 * Maps a NetInfo state to Nightshift's network condition:
 *
 * | NetInfo | network |
 * | --- | --- |
 * | `isConnected === false` or `isInternetReachable === false` | `none` |
 * | `wifi` or `ethernet`, not `details.isConnectionExpensive` | `unmetered` |
 * | anything else (cellular, vpn, `unknown`, expensive wifi, no state yet) | `metered` |
 *
 * `null` (`isConnected` / `isInternetReachable` not known yet, or no state at all) is not
 * `false`: it reads as `metered`, so a job that only needs a connection may try, while a
 * job that needs an unmetered network waits until NetInfo is sure.
 *
 * @example
 * networkFrom({ type: 'wifi', isConnected: true, isInternetReachable: null, details: { isConnectionExpensive: false } }); // 'unmetered'
 */
export function networkFrom(state: NetInfoStateLike | null | undefined): NetworkState {
  if (!state) return 'metered';
  if (state.isConnected === false || state.isInternetReachable === false) return 'none';
  const unmeteredType = state.type === 'wifi' || state.type === 'ethernet';
  if (unmeteredType && state.details?.isConnectionExpensive !== true) return 'unmetered';
  return 'metered';
}
