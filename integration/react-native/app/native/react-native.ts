// What the app imports as 'react-native' (metro.config.js maps it here): the few modules the
// app and the native-module fakes use, behaving as React Native documents them. AppState is
// the adapter's own fake (packages/adapter-rn/test/fakes), so the Node tests and this app
// agree on what AppState does.
import '../host/initializeCore';
import { fakeAppState } from '../../../../packages/adapter-rn/test/fakes/fakeReactNative';
import { OS } from './platform';

const appStateControl = fakeAppState('active');

/** AppState: `currentState` and 'change' events. */
export const AppState = appStateControl.appState;

/**
 * NativeModules: the modules the native side registered. A module that is not linked into
 * the build is simply absent, as in React Native.
 */
export const NativeModules = (globalThis as unknown as { __nightshiftNativeModules: Record<string, any> })
  .__nightshiftNativeModules;

/** Platform: `OS` comes from the file Metro picked for the build's platform. */
export const Platform = {
  OS,
  select<T>(choices: { android?: T; ios?: T; default?: T }): T | undefined {
    return OS in choices ? choices[OS] : choices.default;
  },
};

/**
 * TurboModuleRegistry: `getEnforcing` throws an Invariant Violation for a module the native
 * side did not register (Libraries/TurboModule/TurboModuleRegistry.js).
 */
export const TurboModuleRegistry = {
  get<T>(name: string): T | null {
    return (NativeModules[name] as T | undefined) ?? null;
  },
  getEnforcing<T>(name: string): T {
    const module = NativeModules[name] as T | undefined;
    if (module == null) {
      const error = new Error(
        `TurboModuleRegistry.getEnforcing(...): '${name}' could not be found. Verify that a module by this name is registered in the native binary.`,
      );
      error.name = 'Invariant Violation';
      throw error;
    }
    return module;
  },
};

const headlessTasks = new Map<string, () => (data: unknown) => Promise<void>>();

/** AppRegistry: only the headless-task registry (Android background JS). */
export const AppRegistry = {
  registerHeadlessTask(taskKey: string, taskProvider: () => (data: unknown) => Promise<void>) {
    headlessTasks.set(taskKey, taskProvider);
  },
};

/** Drives the fakes from the checks: the OS side of the device. */
export const device = {
  appState: appStateControl,
  headlessTask: (taskKey: string) => headlessTasks.get(taskKey)?.(),
};
