import type { OsScheduler } from '@nightshift/core';
import type { AppStateLike } from './appStateFrom';

// How createReactNativePlatform hands its AppState to a scheduler made by this package
// without a public method on OsScheduler: the scheduler registers a binder here.
const binders = new WeakMap<OsScheduler, (appState: AppStateLike) => void>();

/** Lets `scheduler` receive the platform's AppState. Internal to the adapter. */
export function acceptAppState(scheduler: OsScheduler, bind: (appState: AppStateLike) => void): void {
  binders.set(scheduler, bind);
}

/** Gives `appState` to `scheduler` if it takes one. Internal to the adapter. */
export function bindAppState(scheduler: OsScheduler, appState: AppStateLike): void {
  binders.get(scheduler)?.(appState);
}
