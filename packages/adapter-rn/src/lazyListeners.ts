/** A set of listeners whose upstream subscription runs only while at least one listens. */
export interface LazyListeners<T> {
  readonly size: number;
  /** Adds a listener (starting upstream for the first); returns an idempotent unsubscribe. */
  subscribe(listener: (value: T) => void): () => void;
  /** Calls every listener; one that throws does not keep the others from being called. */
  emit(value: T): void;
}

/**
 * Listeners with a lazily started upstream: `start` runs when the first listener arrives,
 * and the function it returns runs when the last one leaves. Internal helper.
 */
export function lazyListeners<T>(start: () => () => void): LazyListeners<T> {
  // One entry per subscription, so subscribing the same function twice needs two unsubscribes.
  const entries = new Set<{ listener: (value: T) => void }>();
  let stop: (() => void) | undefined;
  return {
    get size() {
      return entries.size;
    },
    subscribe(listener) {
      const entry = { listener };
      entries.add(entry);
      if (entries.size === 1) stop = start();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        entries.delete(entry);
        if (entries.size === 0 && stop) {
          const s = stop;
          stop = undefined;
          s();
        }
      };
    },
    emit(value) {
      let failure: { error: unknown } | undefined;
      for (const entry of [...entries]) {
        if (!entries.has(entry)) continue;
        try {
          entry.listener(value);
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    },
  };
}
