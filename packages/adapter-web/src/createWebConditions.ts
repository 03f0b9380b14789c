import type { AppState, Conditions, ConditionsSource } from '@nightshift/core';
import { type BatteryLike, batteryFrom } from './batteryFrom';
import { type NetworkInformationLike, networkFrom } from './networkFrom';

/**
 * Options of {@link createWebConditions}.
 *
 * @example
 * createWebConditions({ appState: 'active' }); // in a worker that runs for its page
 */
export interface WebConditionsOptions {
  /**
   * The app state where the context has no document: a service worker runs only when the
   * browser wakes it, so it reads as `background`; a dedicated or shared worker runs for
   * its pages and reads as `active`. A page always follows `document.visibilityState`.
   * @default 'background' in a service worker, 'active' in other workers
   * @example appState: 'background'
   */
  appState?: AppState;
}

/** The share of its quota an origin may fill before `storageLow` holds. */
const STORAGE_LOW_SHARE = 0.9;

interface EventSourceLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

interface WebGlobals {
  document?: { visibilityState: string } & EventSourceLike;
  navigator?: {
    onLine?: boolean;
    connection?: NetworkInformationLike & Partial<EventSourceLike>;
    getBattery?: () => Promise<BatteryLike & EventSourceLike>;
    storage?: { estimate?: () => Promise<{ usage?: number; quota?: number }> };
  };
  ServiceWorkerGlobalScope?: abstract new () => unknown;
  addEventListener?: EventSourceLike['addEventListener'];
  removeEventListener?: EventSourceLike['removeEventListener'];
}

/**
 * The device's conditions as a browser context sees them:
 *
 * - `appState`: `active` while `document.visibilityState` is `visible`, else `background`;
 *   without a document, see {@link WebConditionsOptions.appState}.
 * - `network`: `none` while `navigator.onLine` is false, `metered` where the Network
 *   Information API says `saveData` or a cellular connection, else `unmetered`.
 * - `charging` and `batteryLow` (level ≤ 15 %) from the Battery Status API where the
 *   context has it (Chromium pages); elsewhere both read as satisfied.
 * - `storageLow` while the origin uses more than 90 % of its quota
 *   (`navigator.storage.estimate()`, read when the first listener subscribes and again
 *   when the page becomes visible or comes online).
 * - `deviceIdle` is always false: the Idle Detection API needs a permission prompt.
 *
 * It follows the `visibilitychange`, `online`, `offline`, connection `change` and battery
 * `chargingchange` / `levelchange` events, listening only while someone subscribes.
 *
 * @example
 * const conditions = createWebConditions();
 * const stop = conditions.subscribe((c) => console.log(c.network, c.appState));
 */
export function createWebConditions(options: WebConditionsOptions = {}): ConditionsSource {
  const g = globalThis as WebGlobals;
  const inServiceWorker =
    typeof g.ServiceWorkerGlobalScope === 'function' && globalThis instanceof g.ServiceWorkerGlobalScope;
  const fallbackAppState: AppState = options.appState ?? (inServiceWorker ? 'background' : 'active');
  const listeners = new Set<(c: Conditions) => void>();
  let battery: (BatteryLike & EventSourceLike) | undefined;
  let storageLow = false;
  let current: Conditions | undefined;
  let detach: (() => void) | undefined;

  const read = (): Conditions =>
    Object.freeze({
      network: networkFrom(g.navigator?.onLine !== false, g.navigator?.connection),
      ...batteryFrom(battery),
      deviceIdle: false,
      storageLow,
      appState: g.document
        ? g.document.visibilityState === 'visible'
          ? 'active'
          : 'background'
        : fallbackAppState,
    });

  const update = () => {
    if (!current) return;
    const next = read();
    if (same(next, current)) return;
    current = next;
    for (const listener of [...listeners]) listener(next);
  };

  const checkStorage = () => {
    g.navigator?.storage?.estimate?.().then(
      ({ usage = 0, quota = 0 }) => {
        storageLow = quota > 0 && usage / quota > STORAGE_LOW_SHARE;
        update();
      },
      () => {},
    );
  };

  function attach(): () => void {
    const undo: Array<() => void> = [];
    const on = (target: EventSourceLike | undefined, type: string, listener: () => void) => {
      if (!target?.addEventListener) return;
      target.addEventListener(type, listener);
      undo.push(() => target.removeEventListener(type, listener));
    };
    const recheck = () => {
      update();
      checkStorage();
    };
    on(g.document, 'visibilitychange', recheck);
    on(g as EventSourceLike, 'online', recheck);
    on(g as EventSourceLike, 'offline', update);
    on(g.navigator?.connection as EventSourceLike | undefined, 'change', update);
    let live = true;
    undo.push(() => {
      live = false;
    });
    g.navigator?.getBattery?.().then(
      (manager) => {
        if (!live) return;
        battery = manager;
        on(manager, 'chargingchange', update);
        on(manager, 'levelchange', update);
        update();
      },
      () => {},
    );
    checkStorage();
    return () => {
      for (const u of undo.splice(0)) u();
    };
  }

  return {
    get: () => (detach && current ? current : read()),
    subscribe(listener) {
      listeners.add(listener);
      if (!detach) {
        current = read();
        detach = attach();
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0 || !detach) return;
        detach();
        detach = undefined;
        current = undefined;
      };
    },
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
