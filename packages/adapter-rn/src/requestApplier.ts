/**
 * Options of {@link createRequestApplier}.
 *
 * @example
 * const applier = createRequestApplier<WakeRequest | null>({ apply: (target) => sync(target), held: () => open > 0 });
 */
export interface RequestApplierOptions<T> {
  /**
   * Brings the native library to `target`. Called one at a time, always with the latest
   * target, never while `held()` is true. It should do nothing when the library is there
   * already. Required.
   */
  apply(target: T): Promise<void>;
  /**
   * Whether native calls must wait (an OS event is open, the JS context is headless…); call
   * {@link RequestApplier.resume} once it may have turned false.
   * @default () => false
   */
  held?: () => boolean;
}

/** Applies the latest request to a native scheduler, one call at a time. */
export interface RequestApplier<T> {
  /**
   * Makes `target` the one to apply. Resolves once it, or a later target, was applied;
   * rejects with the error of the attempt that covered it. A failed attempt is not retried
   * until the next `set`.
   */
  set(target: T): Promise<void>;
  /** Whether a target was set at all. */
  readonly hasTarget: boolean;
  /** Tries again after a hold ended. */
  resume(): void;
}

/**
 * The request side of the OS schedulers: the queue may change its plan many times while a
 * native call is in flight or while calls are held (an OS event is open), and only the last
 * plan matters, so intermediate ones are never sent. Work starts a microtask after `set`,
 * so requests made together (a handler registration, then the first plan) become one call.
 */
export function createRequestApplier<T>(options: RequestApplierOptions<T>): RequestApplier<T> {
  const { apply } = options;
  const held = options.held ?? (() => false);
  let target: { value: T } | undefined;
  let generation = 0;
  // Nothing newer than this generation needs an attempt: applied, or failed and not retried.
  let settled = 0;
  let busy = false;
  let scheduled = false;
  const waiters: Array<{ generation: number; resolve(): void; reject(error: unknown): void }> = [];

  const settle = (upTo: number, error?: { error: unknown }) => {
    settled = Math.max(settled, upTo);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.generation > upTo) continue;
      waiters.splice(i, 1);
      if (error) w.reject(error.error);
      else w.resolve();
    }
  };

  const run = async () => {
    scheduled = false;
    if (busy) return;
    busy = true;
    try {
      while (target && settled < generation && !held()) {
        const at = generation;
        try {
          await apply(target.value);
          settle(at);
        } catch (error) {
          settle(at, { error });
        }
      }
    } finally {
      busy = false;
    }
  };

  const schedule = () => {
    if (scheduled || busy) return;
    scheduled = true;
    void Promise.resolve().then(run);
  };

  return {
    set(value) {
      target = { value };
      const at = ++generation;
      const done = new Promise<void>((resolve, reject) => waiters.push({ generation: at, resolve, reject }));
      schedule();
      return done;
    },
    get hasTarget() {
      return target !== undefined;
    },
    resume: schedule,
  };
}
