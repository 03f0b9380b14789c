import { NativeModuleMissingError } from './NativeModuleMissingError';

const PACKAGE = 'react-native-background-fetch';
const NATIVE_MODULE = 'RNBackgroundFetch';
const FIX =
  'Fix: install react-native-background-fetch in the app itself and rebuild the native app ' +
  '(iOS: `cd ios && pod install`, then build again; Android: build again, autolinking adds it). ' +
  'With Expo: add "react-native-background-fetch" to "plugins" in app.json, run `npx expo prebuild` ' +
  'and use a development build; Expo Go does not contain this module.';

/** The library's methods that reach its native module. */
const NATIVE_METHODS = ['configure', 'start', 'stop', 'finish', 'scheduleTask', 'status'] as const;

/**
 * Up to 4.3, react-native-background-fetch's JS layer reads `NativeModules.RNBackgroundFetch`
 * once and calls it on every method (index.js). Without the native module, on Android the
 * import succeeds and each call fails with the engine's own TypeError ("Cannot read property
 * 'configure' of undefined" on Hermes), thrown or, inside its promises, rejected. The library
 * itself throws no TypeError of its own (it throws a string for a missing callback), and a
 * linked module rejects with its status or a native Error, so a TypeError from one of these
 * calls means the native half is missing.
 */
function isMissingNativeModule(error: unknown): boolean {
  return error instanceof TypeError;
}

function translate(error: unknown): unknown {
  return isMissingNativeModule(error)
    ? new NativeModuleMissingError(PACKAGE, NATIVE_MODULE, FIX, { cause: error })
    : error;
}

/** Calls `owner[name]` as it is at call time (a later spy or patch still sees the call). */
function guarded(owner: Record<string, unknown>, name: string) {
  return (...args: unknown[]) => {
    let result: unknown;
    try {
      result = (owner[name] as (...a: unknown[]) => unknown).apply(owner, args);
    } catch (error) {
      throw translate(error);
    }
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      return Promise.resolve(result).then(undefined, (error: unknown) => {
        throw translate(error);
      });
    }
    return result;
  };
}

/**
 * `BackgroundFetch` with the calls that reach the native module turned into a
 * {@link NativeModuleMissingError} when that module is not linked. Constants and any other
 * member read through to the original.
 */
export function linkedBackgroundFetch<T extends object>(BackgroundFetch: T): T {
  const wrapped = Object.create(BackgroundFetch) as Record<string, unknown>;
  const owner = BackgroundFetch as unknown as Record<string, unknown>;
  for (const name of NATIVE_METHODS) {
    if (typeof owner[name] === 'function') wrapped[name] = guarded(owner, name);
  }
  return wrapped as T;
}
