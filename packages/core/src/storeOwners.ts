import type { Engine } from './engine';
import { StoreInUseError } from './errors';
import type { Store } from './types';

/**
 * Which live queue owns each store in this JS context. Kept on `globalThis` under a
 * registered symbol, so two copies of the package (its ESM and CJS builds, say) share it.
 */
const KEY = Symbol.for('nightshift.storeOwners');

function owners(): WeakMap<Store, Engine> {
  const g = globalThis as { [KEY]?: WeakMap<Store, Engine> };
  if (!g[KEY]) g[KEY] = new WeakMap();
  return g[KEY];
}

function live(e: Engine): boolean {
  return e.phase === 'starting' || e.phase === 'started' || e.phase === 'stopping';
}

/**
 * Takes `e.store` for `e`, or throws `StoreInUseError` when another queue of this JS
 * context is starting, running or stopping on it: two queues on one store would each run
 * the other's jobs. A queue that stopped, failed to start or was killed by the memory
 * platform's `crash()` owns nothing.
 */
export function claimStore(e: Engine): void {
  const map = owners();
  const owner = map.get(e.store);
  if (owner && owner !== e && live(owner)) {
    throw new StoreInUseError(
      'another queue in this JS context is already running on this store; use one queue per store (share it between the app and its headless task), or stop() the other first',
    );
  }
  map.set(e.store, e);
}

/** Gives `e.store` up, if `e` still owns it. */
export function releaseStore(e: Engine): void {
  const map = owners();
  if (map.get(e.store) === e) map.delete(e.store);
}
