import type { AppState } from '@nightshift/core';

/**
 * The part of React Native's `AppState` the adapter uses. `AppState` from `react-native`
 * satisfies it: pass the module object itself.
 *
 * @example
 * import { AppState } from 'react-native';
 * createReactNativePlatform({ appState: AppState, netInfo: NetInfo });
 */
export interface AppStateLike {
  /** `'active'`, `'background'`, `'inactive'`, `'unknown'` or `'extension'`. */
  readonly currentState: string | null | undefined;
  /** Returns a subscription whose `remove()` stops the listener (React Native ≥ 0.65). */
  addEventListener(
    type: 'change',
    listener: (state: string) => void,
  ): {
    /** Stops the listener. */
    remove(): void;
  };
}

/**
 * Maps a React Native app state to Nightshift's: `active` stays `active`; `inactive`
 * (the iOS app switcher, an incoming call), `background`, `unknown`, `extension` and
 * a missing value all read as `background`, where the queue starts nothing on its own.
 *
 * @example
 * appStateFrom('inactive'); // 'background'
 */
export function appStateFrom(state: string | null | undefined): AppState {
  return state === 'active' ? 'active' : 'background';
}
