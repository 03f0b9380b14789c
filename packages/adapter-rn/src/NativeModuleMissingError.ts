import { NightshiftError } from '@nightshift/core';

/**
 * A native library's JS package is in the bundle but its native module is not in the build:
 * the package was installed without rebuilding the app, autolinking skipped it, or the app
 * runs in Expo Go. `code` is `NATIVE_MODULE_MISSING`; the message names the module and the fix.
 *
 * @example
 * queue.on('error', (error) => {
 *   if (error instanceof NativeModuleMissingError) console.warn(error.message); // names the fix
 * });
 */
export class NativeModuleMissingError extends NightshiftError {
  /** The stable code of this error kind. */
  declare readonly code: 'NATIVE_MODULE_MISSING';
  /** The npm package whose native half is missing, such as `react-native-background-fetch`. */
  readonly packageName: string;
  /** The name the native side registers the module under, such as `RNBackgroundFetch`. */
  readonly nativeModule: string;

  constructor(packageName: string, nativeModule: string, fix: string, options?: { cause?: unknown }) {
    super(
      'NATIVE_MODULE_MISSING',
      `${packageName} is installed, but its native module ${nativeModule} is not in this build ` +
        `(NativeModules.${nativeModule} is missing). ${fix}`,
      options,
    );
    // Minifiers rename classes; the name is part of the persisted `error` field.
    this.name = 'NativeModuleMissingError';
    this.packageName = packageName;
    this.nativeModule = nativeModule;
  }
}
