import type { WakeWindow, WindowReport } from '@nightshift/core';

export function reportFor(window: WakeWindow, result: WindowReport['result'] = 'no-data'): WindowReport {
  return {
    startedAt: window.deadline - 1,
    endedAt: window.deadline - 1,
    deadline: window.deadline,
    ran: 0,
    succeeded: result === 'new-data' ? 1 : 0,
    failed: result === 'failed' ? 1 : 0,
    interrupted: 0,
    deferred: 0,
    nextWakeAt: null,
    result,
  };
}

/** A promise with its resolve and reject. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
