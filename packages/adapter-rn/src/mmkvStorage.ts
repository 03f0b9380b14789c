import { InvalidOptionsError, type KeyValueStorage } from '@nightshift/core';

/**
 * An MMKV instance of `react-native-mmkv`: v4 (`createMMKV()`, with `remove`) or v3
 * (`new MMKV()`, with `delete`).
 */
export type MmkvLike = {
  /** The string under `key`, `undefined` when absent. */
  getString(key: string): string | undefined;
  /** Stores `value` under `key`. */
  set(key: string, value: string): void;
} & (
  | {
      /** Removes `key` (react-native-mmkv v4). */
      remove(key: string): unknown;
    }
  | {
      /** Removes `key` (react-native-mmkv v3). */
      delete(key: string): unknown;
    }
);

/**
 * Wraps an MMKV instance as `{ getItem, setItem, removeItem }` for `createKeyValueStore`.
 * It works with react-native-mmkv v4 (`remove`) and v3 (`delete`). MMKV is synchronous;
 * the methods return promises so the shape matches AsyncStorage's, and an MMKV error
 * becomes a rejection. MMKV has no multi-key transaction, so no `multiSet` is offered.
 *
 * @throws InvalidOptionsError when `mmkv` has no `getString`, `set` and `remove`/`delete`.
 *
 * @example
 * import { createMMKV } from 'react-native-mmkv';
 * import { createKeyValueStore } from '@nightshift/core';
 *
 * const store = createKeyValueStore(mmkvStorage(createMMKV({ id: 'nightshift' })));
 */
export function mmkvStorage(mmkv: MmkvLike): KeyValueStorage {
  const m = mmkv as Partial<{
    getString(key: string): string | undefined;
    set(key: string, value: string): void;
    remove(key: string): unknown;
    delete(key: string): unknown;
  }>;
  if (!m || typeof m.getString !== 'function' || typeof m.set !== 'function') {
    throw new InvalidOptionsError('mmkvStorage needs an MMKV instance (createMMKV() or new MMKV())');
  }
  // v4 renamed delete to remove; bind whichever this instance has (Nitro methods need their `this`).
  const remove = typeof m.remove === 'function' ? m.remove : m.delete;
  if (typeof remove !== 'function') {
    throw new InvalidOptionsError('mmkvStorage needs an MMKV instance with remove (v4) or delete (v3)');
  }
  return {
    getItem: async (key) => m.getString!.call(mmkv, key) ?? null,
    setItem: async (key, value) => {
      m.set!.call(mmkv, key, value);
    },
    removeItem: async (key) => {
      remove.call(mmkv, key);
    },
  };
}
