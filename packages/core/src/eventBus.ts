import EventEmitter from 'eventemitter3';
import type { Logger } from './types';

type Listener = (...args: never[]) => void;

/**
 * The queue's typed events and its batch subscribers. A listener that throws is reported
 * through `error` and never breaks the engine or the other listeners; an error nobody
 * listens for goes to the logger, or to `console.error`, but never vanishes.
 */
export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly guards = new Map<string, WeakMap<Listener, (...args: unknown[]) => void>>();
  private readonly subscribers = new Set<() => void>();
  /**
   * Events that may have listeners. The engine asks `has` a few times per job; the
   * emitter's own lookup is keyed by a varying name, which V8 cannot cache. A `once`
   * listener may leave a stale entry until its event fires; that costs an empty emit, no more.
   */
  private readonly listened = new Set<string>();
  private notifyScheduled = false;
  /** A dead process says nothing: no event, no subscriber call, no log line. */
  private muted = false;

  constructor(private readonly logger: Logger | undefined) {}

  /** Silences the bus for good: the queue's process died (the memory platform's `crash()`). */
  mute(): void {
    this.muted = true;
  }

  emit(event: string, ...args: unknown[]): void {
    if (!this.listened.has(event) || this.muted) return;
    this.emitter.emit(event, ...args);
    this.forgetIfUnheard(event);
  }

  has(event: string): boolean {
    return this.listened.has(event);
  }

  on(event: string, listener: Listener, once = false): void {
    const guarded = this.guard(event, listener);
    if (once) this.emitter.once(event, guarded);
    else this.emitter.on(event, guarded);
    this.listened.add(event);
  }

  off(event: string, listener: Listener): void {
    const guarded = this.guards.get(event)?.get(listener);
    if (guarded) this.emitter.off(event, guarded);
    this.forgetIfUnheard(event);
  }

  private forgetIfUnheard(event: string): void {
    if (this.emitter.listenerCount(event) === 0) this.listened.delete(event);
  }

  /** Reports an engine failure: through `error` when someone listens, else the logger or console. */
  reportError(error: unknown): void {
    if (this.muted) return;
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.has('error')) this.emit('error', err);
    else this.log(err);
  }

  subscribe(listener: () => void): () => void {
    this.subscribers.add(listener);
    return () => {
      this.subscribers.delete(listener);
    };
  }

  /** Calls every subscriber once: after a batch of changes landed. */
  notify(): void {
    if (this.subscribers.size === 0 || this.muted) return;
    for (const listener of [...this.subscribers]) {
      try {
        listener();
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  /** Calls subscribers once after the current turn, however many changes it makes (progress). */
  notifySoon(): void {
    if (this.notifyScheduled || this.subscribers.size === 0) return;
    this.notifyScheduled = true;
    Promise.resolve().then(() => {
      this.notifyScheduled = false;
      this.notify();
    });
  }

  private log(error: Error): void {
    if (this.logger) this.logger.error(error.message, { error });
    else console.error(error);
  }

  private guard(event: string, listener: Listener): (...args: unknown[]) => void {
    let byListener = this.guards.get(event);
    if (!byListener) this.guards.set(event, (byListener = new WeakMap()));
    let guarded = byListener.get(listener);
    if (!guarded) {
      guarded = (...args: unknown[]) => {
        try {
          (listener as (...a: unknown[]) => void)(...args);
        } catch (error) {
          // An `error` listener that throws would loop: it goes straight to the log.
          if (event === 'error') this.log(error instanceof Error ? error : new Error(String(error)));
          else this.reportError(error);
        }
      };
      byListener.set(listener, guarded);
    }
    return guarded;
  }
}
