import { backgroundFetchScheduler, NativeModuleMissingError } from '@nightshift/adapter-rn';
import { NativeModules } from 'react-native';
import { backgroundFetchJsLayer } from '../../../../packages/adapter-rn/test/fakes/backgroundFetchJsLayer';
import { assert, type Check, equal } from '../harness';
import { flush } from './support';

export const missingNativeModule: Check = {
  name: 'react-native-background-fetch not linked: a NativeModuleMissingError that names the module and the fix',
  async run() {
    assert(NativeModules.RNBackgroundFetch === undefined, 'this build links no RNBackgroundFetch');
    const errors: unknown[] = [];
    const scheduler = backgroundFetchScheduler(backgroundFetchJsLayer(NativeModules) as never, {
      logger: { debug() {}, info() {}, warn() {}, error: (_message, fields) => errors.push(fields?.error) },
    });
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

    // Registering the wake handler configures too: that failure reaches the logger, typed alike.
    scheduler.onWake(async () => {
      throw new Error('no window can come without the native module');
    });
    await flush();
    assert(
      errors.some((e) => e instanceof NativeModuleMissingError),
      'the logger hears the same typed error',
    );
  },
};
