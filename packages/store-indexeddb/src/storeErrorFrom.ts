import { NightshiftError, StoreError } from '@nightshift/core';

/**
 * Wraps what IndexedDB threw or aborted with in a `StoreError` whose `cause` is the
 * original. A full quota is said in words: it is the one failure a user can act on (free
 * space, clear finished jobs), and its DOMException message differs between browsers.
 */
export function storeErrorFrom(database: string, what: string, cause: unknown): NightshiftError {
  if (cause instanceof NightshiftError) return cause;
  const name = (cause as { name?: unknown } | null)?.name;
  const message = cause instanceof Error || isDomException(cause) ? cause.message : String(cause);
  if (name === 'QuotaExceededError') {
    return new StoreError(
      `IndexedDB store "${database}": could not ${what}: the origin's storage quota is full ` +
        `(QuotaExceededError: ${message}). Nothing of this write was kept.`,
      { cause },
    );
  }
  return new StoreError(
    `IndexedDB store "${database}": could not ${what}: ${typeof name === 'string' ? `${name}: ` : ''}${message}`,
    { cause },
  );
}

function isDomException(value: unknown): value is DOMException {
  return typeof DOMException !== 'undefined' && value instanceof DOMException;
}
