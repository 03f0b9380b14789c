import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { QueueSource } from './queueSource';

interface Cache<T> {
  version: number;
  key: string;
  value: T;
}

/**
 * `useSyncExternalStore` over a {@link QueueSource} with a stable snapshot: while the
 * queue subscription is live and its version has not moved, the cached value is returned
 * without reading the queue; otherwise the value is read and, when it equals the cached
 * one (`equal`), the cached object is kept, so React sees no change and renders nothing.
 * `key` names what is read (an id, a filter); a new key always reads afresh.
 */
export function useQueueSnapshot<T>(
  source: QueueSource,
  key: string,
  read: () => T,
  equal: (a: T, b: T) => boolean,
): T {
  const cache = useRef<Cache<T> | undefined>(undefined);
  const getSnapshot = (): T => {
    const cached = cache.current;
    if (cached && cached.key === key && source.live && cached.version === source.version) return cached.value;
    const fresh = read();
    const value = cached && cached.key === key && equal(cached.value, fresh) ? cached.value : fresh;
    cache.current = { version: source.version, key, value };
    return value;
  };
  const subscribe = useCallback((onChange: () => void) => source.subscribe(onChange), [source]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** Equal when identical or, for JSON data such as snapshots and stats, equal as JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Element-wise {@link sameJson} for lists. */
export function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
  return true;
}
