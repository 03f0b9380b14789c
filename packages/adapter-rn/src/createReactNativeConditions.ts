import type { Conditions, ConditionsSource } from '@nightshift/core';
import { InvalidOptionsError } from '@nightshift/core';
import { type AppStateLike, appStateFrom } from './appStateFrom';
import type { BatteryReading, BatterySource } from './batteryReading';
import { lazyListeners } from './lazyListeners';
import { type NetInfoLike, type NetInfoStateLike, networkFrom } from './networkFrom';

/** A boolean the app measures itself (device idle, storage low), with change notifications. */
export interface FlagSource {
  /** The value now; synchronous. */
  get(): boolean;
  /** Returns the unsubscribe function. */
  subscribe(listener: (value: boolean) => void): () => void;
}

/**
 * Options of {@link createReactNativeConditions} (and part of those of
 * {@link createReactNativePlatform}).
 *
 * @example
 * const conditions = createReactNativeConditions({
 *   appState: AppState,
 *   netInfo: NetInfo,
 *   battery: expoBatterySource(Battery),
 *   storageLow: { get: () => lowStorage, subscribe: (listener) => onStorageChange(listener) },
 * });
 */
export interface ReactNativeConditionsOptions {
  /** React Native's `AppState`. Required. */
  appState: AppStateLike;
  /** `@react-native-community/netinfo`'s default export. Required. */
  netInfo: NetInfoLike;
  /**
   * Charging and low battery.
   * @default none: the battery reads as charging and not low
   */
  battery?: BatterySource;
  /**
   * Whether the device is idle.
   * @default none: never idle, so jobs that need `deviceIdle` wait
   */
  deviceIdle?: FlagSource;
  /**
   * Whether storage is low.
   * @default none: storage is never low
   */
  storageLow?: FlagSource;
}

/** The conditions source of this adapter: a core `ConditionsSource` that can be refreshed. */
export interface ReactNativeConditions extends ConditionsSource {
  /**
   * Reads the network again from NetInfo's native module (`NetInfo.refresh()`, or `fetch()`
   * on a NetInfo without it); listeners hear a change. Never rejects.
   */
  refresh(): Promise<void>;
}

/**
 * The conditions source of {@link createReactNativePlatform}: app state from `AppState`,
 * network from NetInfo, charging and low battery from a {@link BatterySource}.
 *
 * - `get()` answers synchronously from the last values seen.
 * - The first `subscribe` adds the AppState, NetInfo and battery listeners and calls
 *   `NetInfo.fetch()`; the last unsubscribe removes them all. Listeners hear only real
 *   changes.
 * - Until NetInfo has answered, the network reads as `metered` (connected, not unmetered).
 *   A NetInfo event that arrives before the `fetch()` answer wins over it.
 * - `refresh()` asks NetInfo's native module again (`NetInfo.refresh()`): `fetch()` answers
 *   from NetInfo's cache, which misses what changed while iOS had the app suspended.
 * - Without a battery source, `charging` is true and `batteryLow` false; with one that has not
 *   answered yet, neither holds. `deviceIdle` and `storageLow` are false unless given.
 *
 * @example
 * const conditions = createReactNativeConditions({ appState: AppState, netInfo: NetInfo });
 * const off = conditions.subscribe((c) => console.log(c.network));
 */
export function createReactNativeConditions(options: ReactNativeConditionsOptions): ReactNativeConditions {
  const { appState, netInfo, battery, deviceIdle, storageLow } =
    options ?? ({} as ReactNativeConditionsOptions);
  if (!appState || typeof appState.addEventListener !== 'function') {
    throw new InvalidOptionsError('createReactNativePlatform needs appState: AppState from react-native');
  }
  if (!netInfo || typeof netInfo.addEventListener !== 'function' || typeof netInfo.fetch !== 'function') {
    throw new InvalidOptionsError(
      'createReactNativePlatform needs netInfo: the @react-native-community/netinfo module',
    );
  }

  let net: NetInfoStateLike | null = null;
  // Each NetInfo answer gets a number; a fetch() answer older than an event is dropped.
  let netIssued = 0;
  let netApplied = 0;
  let fetchStarted = false;
  let rnAppState: string | null | undefined;
  let appStateSeen = false;
  let current: Conditions | undefined;

  const compute = (): Conditions => {
    const b: BatteryReading | undefined = battery ? battery.get() : { charging: true, batteryLow: false };
    return {
      network: networkFrom(net),
      charging: b?.charging ?? false,
      batteryLow: b?.batteryLow ?? false,
      deviceIdle: deviceIdle?.get() ?? false,
      storageLow: storageLow?.get() ?? false,
      appState: appStateFrom(appStateSeen ? rnAppState : appState.currentState),
    };
  };
  const changed = () => {
    const next = compute();
    if (current && same(current, next)) return;
    current = next;
    if (listeners.size > 0) listeners.emit(next);
  };
  const applyNet = (state: NetInfoStateLike, order: number) => {
    if (order < netApplied) return;
    netApplied = order;
    net = state;
    changed();
  };
  const fetchNet = () => {
    fetchStarted = true;
    const order = ++netIssued;
    netInfo.fetch().then(
      (state) => applyNet(state, order),
      // Stays `metered` (or the last event's value); the listener keeps it current.
      () => {},
    );
  };

  const listeners = lazyListeners<Conditions>(() => {
    current = compute();
    const appSub = appState.addEventListener('change', (state) => {
      rnAppState = state;
      appStateSeen = true;
      changed();
    });
    const netOff = netInfo.addEventListener((state) => applyNet(state, ++netIssued));
    const offs = [
      battery?.subscribe(changed),
      deviceIdle?.subscribe(changed),
      storageLow?.subscribe(changed),
    ];
    fetchNet();
    return () => {
      // The next subscriber reads AppState.currentState afresh: events were missed meanwhile.
      appStateSeen = false;
      appSub.remove();
      netOff();
      for (const off of offs) off?.();
    };
  });

  return {
    refresh() {
      fetchStarted = true;
      const order = ++netIssued;
      const read = typeof netInfo.refresh === 'function' ? netInfo.refresh() : netInfo.fetch();
      return read.then(
        (state) => applyNet(state, order),
        () => {},
      );
    },
    get() {
      // A read without subscribers still refines the network once, for the next read.
      if (!fetchStarted) fetchNet();
      if (listeners.size === 0) return compute();
      return (current ??= compute());
    },
    subscribe: (listener) => listeners.subscribe(listener),
  };
}

function same(a: Conditions, b: Conditions): boolean {
  return (
    a.network === b.network &&
    a.charging === b.charging &&
    a.batteryLow === b.batteryLow &&
    a.deviceIdle === b.deviceIdle &&
    a.storageLow === b.storageLow &&
    a.appState === b.appState
  );
}
