import { InvalidOptionsError } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { mmkvStorage } from '../src/index';

/** react-native-mmkv v4 (createMMKV): `remove` returns whether the key existed; methods need `this`. */
class MmkvV4 {
  #data = new Map<string, string>();
  getString(key: string) {
    return this.#data.get(key);
  }
  set(key: string, value: string) {
    this.#data.set(key, value);
  }
  remove(key: string) {
    return this.#data.delete(key);
  }
}

/** react-native-mmkv v3 (new MMKV()): `delete`. */
class MmkvV3 {
  #data = new Map<string, string>();
  getString(key: string) {
    return this.#data.get(key);
  }
  set(key: string, value: string) {
    this.#data.set(key, value);
  }
  delete(key: string) {
    this.#data.delete(key);
  }
}

describe('mmkvStorage', () => {
  it.each([
    ['v4 (remove)', () => new MmkvV4()],
    ['v3 (delete)', () => new MmkvV3()],
  ])('maps getItem / setItem / removeItem onto MMKV %s', async (_label, make) => {
    const kv = mmkvStorage(make());
    await expect(kv.getItem('a')).resolves.toBeNull();
    await kv.setItem('a', '{"x":1}');
    await expect(kv.getItem('a')).resolves.toBe('{"x":1}');
    await kv.removeItem('a');
    await expect(kv.getItem('a')).resolves.toBeNull();
    await kv.removeItem('never-there');
  });

  it('turns an MMKV error into a rejection', async () => {
    const kv = mmkvStorage({
      getString: () => {
        throw new Error('locked');
      },
      set: () => {},
      remove: () => true,
    });
    await expect(kv.getItem('a')).rejects.toThrow('locked');
  });

  it('refuses what is not an MMKV instance', () => {
    expect(() => mmkvStorage(undefined as never)).toThrow(InvalidOptionsError);
    expect(() => mmkvStorage({ getString: () => undefined, set: () => {} } as never)).toThrow(
      InvalidOptionsError,
    );
  });
});
