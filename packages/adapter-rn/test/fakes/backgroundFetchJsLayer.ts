/**
 * react-native-background-fetch's JS layer as versions 4.0–4.3 ship it (index.js), over a
 * `NativeModules` object: it reads `NativeModules.RNBackgroundFetch` once at import and calls
 * it from every method, with no check. With the native module linked, the calls reach it;
 * without, each call fails with the engine's own TypeError: `configure`, `start`, `stop` and
 * `status` reject (the call runs inside `new Promise`), `finish` throws. On iOS the real import
 * already throws (`new NativeEventEmitter()` requires a non-null argument), and from 4.4 on it
 * throws on both platforms (`TurboModuleRegistry.getEnforcing('RNBackgroundFetch')`); neither
 * reaches the adapter. Event listeners are left out: without a native module no event comes.
 */
export function backgroundFetchJsLayer(NativeModules: Record<string, any>) {
  // Typed loosely on purpose: the point is the engine's behaviour on a missing module.
  const RNBackgroundFetch: any = NativeModules.RNBackgroundFetch;
  const BackgroundFetch = {
    STATUS_RESTRICTED: 0,
    STATUS_DENIED: 1,
    STATUS_AVAILABLE: 2,
    NETWORK_TYPE_NONE: 0,
    NETWORK_TYPE_ANY: 1,
    configure(
      config: Record<string, unknown>,
      onEvent: (taskId: string) => void,
      onTimeout?: (taskId: string) => void,
    ) {
      if (typeof onEvent !== 'function') {
        throw 'BackgroundFetch requires an event callback at 2nd argument';
      }
      void onTimeout;
      return new Promise<number>((resolve, reject) => {
        RNBackgroundFetch.configure(config || {}, resolve, reject);
      });
    },
    start() {
      return new Promise<number>((resolve, reject) => {
        RNBackgroundFetch.start(resolve, reject);
      });
    },
    stop(taskId?: string) {
      return new Promise<boolean>((resolve, reject) => {
        RNBackgroundFetch.stop(taskId, resolve, reject);
      });
    },
    finish(taskId: string) {
      RNBackgroundFetch.finish(taskId);
    },
    status() {
      return new Promise<number>((resolve) => {
        RNBackgroundFetch.status(resolve);
      });
    },
    registerHeadlessTask(_task: unknown) {},
  };
  return BackgroundFetch;
}
