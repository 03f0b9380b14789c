import { type Conditions, type ConditionsSource, DEFAULT_CONDITIONS } from '@nightshift/core';

/** A {@link ConditionsSource} whose conditions a test sets by hand. */
export interface MemoryConditions extends ConditionsSource {
  /** The current conditions: a complete, frozen object. */
  get(): Conditions;
  /**
   * Calls `listener` with the complete new conditions after each change. Returns the
   * function that removes this subscription (subscribing one function twice gives two).
   */
  subscribe(listener: (conditions: Conditions) => void): () => void;
  /**
   * Merges `partial` into the conditions. When something changed, every subscriber is
   * called synchronously, in subscription order, with the complete new conditions; a
   * subscriber that throws does not stop the others, and the first error is rethrown
   * afterwards. Keys set to `undefined` are left as they are.
   *
   * @returns whether anything changed.
   * @throws TypeError for an unknown key or a value a condition cannot take.
   * @example
   * conditions.set({ network: 'none' }); // true: subscribers heard about it
   * conditions.set({ network: 'none' }); // false: nothing changed, nobody is called
   */
  set(partial: Partial<Conditions>): boolean;
  /**
   * Forgets every subscriber, as a killed process would. Unsubscribe functions handed out
   * before stay harmless; later subscriptions work normally.
   */
  clear(): void;
}

const CHECKS: { [K in keyof Conditions]: (value: unknown) => boolean } = {
  network: (v) => v === 'none' || v === 'metered' || v === 'unmetered',
  charging: (v) => typeof v === 'boolean',
  batteryLow: (v) => typeof v === 'boolean',
  deviceIdle: (v) => typeof v === 'boolean',
  storageLow: (v) => typeof v === 'boolean',
  appState: (v) => v === 'active' || v === 'background',
};

function merge(base: Conditions, partial: Partial<Conditions> | undefined): Conditions {
  const next: Conditions = { ...base };
  if (partial === undefined) return next;
  for (const [key, value] of Object.entries(partial)) {
    if (value === undefined) continue;
    // A typo such as `netwrok` would otherwise pass silently and the test would prove nothing.
    if (!Object.hasOwn(CHECKS, key)) throw new TypeError(`unknown condition "${key}"`);
    const check = CHECKS[key as keyof Conditions];
    if (!check(value)) throw new TypeError(`condition "${key}" cannot be ${JSON.stringify(value)}`);
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

function same(a: Conditions, b: Conditions): boolean {
  return (Object.keys(CHECKS) as Array<keyof Conditions>).every((key) => a[key] === b[key]);
}

/**
 * Creates a {@link MemoryConditions}: core's `DEFAULT_CONDITIONS` (online, unmetered,
 * charging, active) with `initial` merged over them.
 *
 * @param initial - conditions that differ from the defaults. @default {}
 * @throws TypeError for an unknown key or an impossible value in `initial`.
 * @example
 * const conditions = createMemoryConditions({ network: 'metered' });
 * conditions.subscribe((c) => console.log(c.appState));
 * conditions.set({ appState: 'background' }); // logs "background"
 */
export function createMemoryConditions(initial?: Partial<Conditions>): MemoryConditions {
  let current: Conditions = Object.freeze(merge(DEFAULT_CONDITIONS, initial));
  // Wrapping each listener makes every subscription distinct, so an old unsubscribe can
  // never remove a later subscription of the same function.
  let subscriptions = new Set<{ listener: (conditions: Conditions) => void }>();

  return {
    get: () => current,

    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe needs a listener');
      const subscription = { listener };
      subscriptions.add(subscription);
      const owner = subscriptions;
      return () => {
        owner.delete(subscription);
      };
    },

    set(partial) {
      const next = merge(current, partial);
      if (same(current, next)) return false;
      current = Object.freeze(next);
      const snapshot = current;
      let failure: { error: unknown } | undefined;
      // A copy, so a listener that subscribes while being told is not called for this change;
      // the `has` check skips one removed meanwhile (or dropped by `clear`).
      for (const subscription of [...subscriptions]) {
        if (!subscriptions.has(subscription)) continue;
        try {
          subscription.listener(snapshot);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
      return true;
    },

    clear() {
      subscriptions = new Set();
    },
  };
}
