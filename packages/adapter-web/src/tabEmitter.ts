import type { Logger } from '@nightshift/core';

type Listener = (...args: any[]) => void;

/**
 * A tab queue's own events: its listeners stay in place while the tab goes from
 * forwarding to running the jobs. A listener that throws is reported through `error` and
 * never stops the others; an `error` nobody listens for goes to the logger, or to
 * `console.error`, in the tab that runs the jobs (other tabs would only repeat it).
 */
export class TabEmitter {
  private readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();

  constructor(private readonly logger: Logger | undefined) {}

  on(event: string, fn: Listener, once = false): void {
    let list = this.listeners.get(event);
    if (!list) this.listeners.set(event, (list = []));
    list.push({ fn, once });
  }

  off(event: string, fn: Listener): void {
    const list = this.listeners.get(event);
    const i = list?.findIndex((l) => l.fn === fn) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  has(event: string): boolean {
    return (this.listeners.get(event)?.length ?? 0) > 0;
  }

  /** Calls the listeners of `event`; `log`: an unheard `error` goes to the logger. */
  emit(event: string, args: unknown[], log = true): void {
    const list = this.listeners.get(event);
    if (!list || list.length === 0) {
      if (event === 'error' && log) this.log(args[0]);
      return;
    }
    for (const entry of [...list]) {
      if (entry.once) this.off(event, entry.fn);
      try {
        entry.fn(...args);
      } catch (error) {
        if (event === 'error') this.log(error);
        else this.emit('error', [error], log);
      }
    }
  }

  private log(error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.logger) this.logger.error(err.message, { error: err });
    else console.error(err);
  }
}
