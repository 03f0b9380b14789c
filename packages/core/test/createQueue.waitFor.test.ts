import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { setup } from './helpers';

const noop = defineJob({ name: 'noop', run: () => {} });

/** An AbortSignal as React Native's polyfill (abort-controller 3) makes it: no `reason`. */
function signalWithoutReason() {
  const listeners = new Set<() => void>();
  const signal = {
    aborted: false,
    addEventListener: (_type: 'abort', listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: 'abort', listener: () => void) => listeners.delete(listener),
  };
  return {
    signal: signal as unknown as AbortSignal,
    abort() {
      signal.aborted = true;
      for (const l of [...listeners]) l();
    },
  };
}

describe('createQueue waitFor', () => {
  it('rejects with an AbortError when a signal without a reason aborts', async () => {
    const { queue } = setup([noop]);
    await queue.start();
    const job = await queue.enqueue(noop, undefined, { delayMs: 1_000 });
    const controller = signalWithoutReason();
    const waiting = queue.waitFor(job.id, { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError', message: 'waitFor was aborted' });
  });
});
