import { type Check, equal } from '../harness';

/** Globals the VM and React Native's InitializeCore give or not, printed for the record. */
const PROBES: Record<string, () => boolean> = {
  'Promise.allSettled': () => typeof (Promise as { allSettled?: unknown }).allSettled === 'function',
  'Promise.any': () => typeof (Promise as { any?: unknown }).any === 'function',
  structuredClone: () => typeof (globalThis as { structuredClone?: unknown }).structuredClone === 'function',
  TextEncoder: () => typeof (globalThis as { TextEncoder?: unknown }).TextEncoder === 'function',
  WeakRef: () => typeof (globalThis as { WeakRef?: unknown }).WeakRef === 'function',
  'Array.prototype.at': () => typeof ([] as { at?: unknown }).at === 'function',
  'Object.hasOwn': () => typeof (Object as { hasOwn?: unknown }).hasOwn === 'function',
  queueMicrotask: () => typeof (globalThis as { queueMicrotask?: unknown }).queueMicrotask === 'function',
  'AbortSignal reason': () => {
    const controller = new AbortController();
    controller.abort('why');
    return (controller.signal as { reason?: unknown }).reason === 'why';
  },
};

export const environment: Check = {
  name: 'the VM is React Native’s: the InitializeCore globals are there, and nothing the app did not get',
  async run() {
    const missing = Object.keys(PROBES).filter((name) => !PROBES[name]!());
    console.log(`# missing on this VM after InitializeCore: ${missing.join(', ') || 'none'}`);
    for (const name of [
      'setTimeout',
      'clearTimeout',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'AbortController',
    ]) {
      equal(typeof (globalThis as Record<string, unknown>)[name], 'function', name);
    }
    equal(typeof console.log, 'function', 'console.log');
  },
};
