// What React Native 0.81's Libraries/Core/InitializeCore.js sets up that an app can rely on,
// and nothing else, for the new architecture (bridgeless, with the event loop: the default
// since 0.76), where the Hermes runtime runs promise jobs as microtasks (the VM runs with
// -Xmicrotask-queue):
//
// - setUpTimers.js: `queueMicrotask`, and `setImmediate` / `clearImmediate` shimmed over it
//   (Timers/immediateShim.js): on React Native an "immediate" is a microtask, not a task.
//   setTimeout, clearTimeout, setInterval and clearInterval are host functions there; the VM
//   has the first two, the other two are built on them here.
// - setUpXHR.js: AbortController and AbortSignal from the `abort-controller` polyfill.
// - The console is React Native's own polyfill (@react-native/js-polyfills), a Metro polyfill.
//
// Globals React Native does not give (structuredClone, TextEncoder, WeakRef, …) are left out
// on purpose, so code that needs them fails here as it would in an app.
import { AbortController, AbortSignal } from 'abort-controller/dist/abort-controller';

type Timer = (callback: () => void, ms?: number) => unknown;
const g = globalThis as unknown as Record<string, unknown> & {
  setTimeout: Timer;
  clearTimeout: (id: unknown) => void;
};

// React Native's polyfillGlobal: a configurable, writable global.
function polyfillGlobal(name: string, value: unknown) {
  Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
}

// Timers/queueMicrotask.js: a resolved promise's `then`; an error is rethrown from a timer.
let resolved: Promise<void> | undefined;
function queueMicrotask(callback: () => void) {
  if (typeof callback !== 'function')
    throw new TypeError('The argument to queueMicrotask must be a function.');
  (resolved ??= Promise.resolve()).then(callback).catch((error: unknown) =>
    g.setTimeout(() => {
      throw error;
    }, 0),
  );
}
polyfillGlobal('queueMicrotask', queueMicrotask);

// Timers/immediateShim.js.
let nextImmediate = 1;
const clearedImmediates = new Set<number>();
polyfillGlobal('setImmediate', (callback: (...args: unknown[]) => void, ...args: unknown[]) => {
  const id = nextImmediate++;
  clearedImmediates.delete(id);
  queueMicrotask(() => {
    if (!clearedImmediates.delete(id)) callback(...args);
  });
  return id;
});
polyfillGlobal('clearImmediate', (id: number) => {
  clearedImmediates.add(id);
});

// Host setInterval / clearInterval, on the VM's setTimeout.
const intervals = new Map<number, unknown>();
let nextInterval = 1;
polyfillGlobal('setInterval', (callback: () => void, ms = 0) => {
  const id = nextInterval++;
  const tick = () => {
    intervals.set(id, g.setTimeout(tick, ms));
    callback();
  };
  intervals.set(id, g.setTimeout(tick, ms));
  return id;
});
polyfillGlobal('clearInterval', (id: number) => {
  const timer = intervals.get(id);
  intervals.delete(id);
  if (timer !== undefined) g.clearTimeout(timer);
});

polyfillGlobal('AbortController', AbortController);
polyfillGlobal('AbortSignal', AbortSignal);
