import { backgroundFetchScheduler, NativeModuleMissingError } from '@nightshift/adapter-rn';
import { NativeModules } from 'react-native';
import { backgroundFetchJsLayer } from '../../../../packages/adapter-rn/test/fakes/backgroundFetchJsLayer';
import { assert, type Check, equal } from '../harness';

export const missingNativeModule: Check = {
  name: 'react-native-background-fetch not linked: a NativeModuleMissingError that names the module and the fix',
  async run() {
    assert(NativeModules.RNBackgroundFetch === undefined, 'this build links no RNBackgroundFetch');
    const scheduler = backgroundFetchScheduler(backgroundFetchJsLayer(NativeModules) as never);
    let rejected: unknown;
    try {
      await scheduler.request({ earliestAt: 0, network: false, charging: false });
    } catch (error) {
      rejected = error;
    }
    assert(
      rejected instanceof NativeModuleMissingError,
      `request rejects with NativeModuleMissingError (got ${String(rejected)})`,
    );
    equal(rejected.code, 'NATIVE_MODULE_MISSING', 'code');
    equal(rejected.name, 'NativeModuleMissingError', 'name');
    for (const words of [
      'react-native-background-fetch',
      'RNBackgroundFetch',
      'pod install',
      'expo prebuild',
    ]) {
      assert(rejected.message.includes(words), `the message names "${words}": ${rejected.message}`);
    }
    assert(rejected.cause instanceof TypeError, 'the engine’s TypeError is kept as the cause');

    // A later plan fails the same way: every call that reaches the native module is typed.
    let again: unknown;
    try {
      await scheduler.request({ earliestAt: 60_000, network: true, charging: false });
    } catch (error) {
      again = error;
    }
    assert(again instanceof NativeModuleMissingError, `a later request rejects alike (got ${String(again)})`);
  },
};
