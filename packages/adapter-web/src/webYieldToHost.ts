/**
 * Lets the browser run other work (a frame, an input event, another task) before the
 * engine goes on: `scheduler.yield()` where the browser has it (Chromium 129+), which
 * resumes ahead of other queued tasks, else a `MessageChannel` message, else
 * `setTimeout(0)`.
 *
 * @example
 * const yieldToHost = webYieldToHost();
 * for (const slice of slices) {
 *   work(slice);
 *   await yieldToHost();
 * }
 */
export function webYieldToHost(): () => Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler && typeof scheduler.yield === 'function') return () => scheduler.yield!();
  if (typeof MessageChannel !== 'undefined') {
    let waiting: Array<() => void> = [];
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const resume = waiting;
      waiting = [];
      for (const resolve of resume) resolve();
    };
    (channel.port1 as { unref?: () => void }).unref?.();
    return () =>
      new Promise<void>((resolve) => {
        if (waiting.push(resolve) === 1) channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}
