import type { Queue } from '@nightshift/core';

/** One subscription to a queue, shared by every hook that reads it. */
export interface QueueSource {
  /** Bumped once per batch of changes the queue reports while someone listens. */
  readonly version: number;
  /** Whether the queue subscription is live, so `version` can be trusted. */
  readonly live: boolean;
  /** Adds a listener (the first one subscribes to the queue); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

type Subscribable = Pick<Queue<any>, 'subscribe'>;

const sources = new WeakMap<Subscribable, QueueSource>();

/**
 * The shared source of a queue: one `queue.subscribe` however many hooks mount, taken with
 * the first listener and dropped with the last. Keyed weakly, so it goes with the queue.
 */
export function queueSource(queue: Subscribable): QueueSource {
  let source = sources.get(queue);
  if (source) return source;
  const listeners = new Set<{ listener: () => void }>();
  let version = 0;
  let unsubscribe: (() => void) | undefined;
  source = {
    get version() {
      return version;
    },
    get live() {
      return unsubscribe !== undefined;
    },
    subscribe(listener) {
      const entry = { listener };
      listeners.add(entry);
      if (!unsubscribe) {
        // Values cached while nobody listened may have missed changes: make them re-read.
        version++;
        unsubscribe = queue.subscribe(() => {
          // Bumped before anyone reads, so every snapshot read after this sees the change.
          version++;
          for (const e of [...listeners]) if (listeners.has(e)) e.listener();
        });
      }
      return () => {
        if (!listeners.delete(entry) || listeners.size > 0 || !unsubscribe) return;
        const off = unsubscribe;
        unsubscribe = undefined;
        // Changes are no longer counted; the next reader compares values instead.
        version++;
        off();
      };
    },
  };
  sources.set(queue, source);
  return source;
}
