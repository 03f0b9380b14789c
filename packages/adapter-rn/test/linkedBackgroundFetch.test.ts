import { describe, expect, it } from 'vitest';
import { backgroundFetchScheduler, NativeModuleMissingError } from '../src/index';
import { linkedBackgroundFetch } from '../src/linkedBackgroundFetch';
import { backgroundFetchJsLayer } from './fakes/backgroundFetchJsLayer';
import { fakeBackgroundFetch } from './fakes/fakeBackgroundFetch';
import { flush } from './fakes/fakeClock';

const wake = { earliestAt: 0, network: false, charging: false };

async function rejection(promise: Promise<unknown> | void): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('react-native-background-fetch without its native module', () => {
  it('rejects the request with NativeModuleMissingError naming the module and the fix', async () => {
    const scheduler = backgroundFetchScheduler(backgroundFetchJsLayer({}) as never);
    const error = await rejection(scheduler.request(wake));
    expect(error).toBeInstanceOf(NativeModuleMissingError);
    const missing = error as NativeModuleMissingError;
    expect(missing.code).toBe('NATIVE_MODULE_MISSING');
    expect(missing.name).toBe('NativeModuleMissingError');
    expect(missing.packageName).toBe('react-native-background-fetch');
    expect(missing.nativeModule).toBe('RNBackgroundFetch');
    expect(missing.message).toContain('NativeModules.RNBackgroundFetch is missing');
    expect(missing.message).toContain('pod install');
    expect(missing.message).toContain('npx expo prebuild');
    expect(missing.cause).toBeInstanceOf(TypeError);
  });

  it('reports the configure that registering a wake handler makes through the logger, typed alike', async () => {
    const errors: unknown[] = [];
    const scheduler = backgroundFetchScheduler(backgroundFetchJsLayer({}) as never, {
      logger: { debug() {}, info() {}, warn() {}, error: (_message, fields) => errors.push(fields?.error) },
    });
    scheduler.onWake(async () => {
      throw new Error('never called');
    });
    await flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(NativeModuleMissingError);
  });

  it('throws it from a synchronous call (finish) and rejects it from the promise-returning ones', async () => {
    const BackgroundFetch = linkedBackgroundFetch(backgroundFetchJsLayer({}));
    expect(() => BackgroundFetch.finish('task')).toThrow(NativeModuleMissingError);
    expect(await rejection(BackgroundFetch.start())).toBeInstanceOf(NativeModuleMissingError);
    expect(await rejection(BackgroundFetch.stop())).toBeInstanceOf(NativeModuleMissingError);
    expect(await rejection(BackgroundFetch.status())).toBeInstanceOf(NativeModuleMissingError);
  });
});

describe('react-native-background-fetch with its native module', () => {
  it('passes calls, results and constants through', async () => {
    const native = {
      configure: (_config: unknown, success: (status: number) => void) => success(2),
      finish: (taskId: string) => finished.push(taskId),
    };
    const finished: string[] = [];
    const BackgroundFetch = linkedBackgroundFetch(backgroundFetchJsLayer({ RNBackgroundFetch: native }));
    expect(await BackgroundFetch.configure({}, () => {})).toBe(2);
    BackgroundFetch.finish('task');
    expect(finished).toEqual(['task']);
    expect([BackgroundFetch.NETWORK_TYPE_ANY, BackgroundFetch.STATUS_AVAILABLE]).toEqual([1, 2]);
  });

  it('leaves the failures of a linked module as they are', async () => {
    const bf = fakeBackgroundFetch();
    bf.failNextConfigure();
    const error = await rejection(backgroundFetchScheduler(bf.BackgroundFetch).request(wake));
    expect(error).not.toBeInstanceOf(NativeModuleMissingError);
    expect((error as Error).message).toBe('configure failed');
  });

  it('keeps a missing callback the library refuses (a thrown string) as it is', () => {
    const BackgroundFetch = linkedBackgroundFetch(backgroundFetchJsLayer({}));
    expect(() => BackgroundFetch.configure({}, undefined as never)).toThrow(
      'BackgroundFetch requires an event callback at 2nd argument',
    );
  });
});
