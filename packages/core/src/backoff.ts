import type { Backoff, RetryPolicy } from './types';

/** The retry policy a job gets when its definition names none. */
export const DEFAULT_RETRY: Readonly<{
  /** 3. */
  maxAttempts: number;
  /** Exponential from 30 s, doubling, capped at 5 h, with ±10 % jitter. */
  backoff: Required<Backoff>;
}> = Object.freeze({
  maxAttempts: 3,
  backoff: Object.freeze({
    kind: 'exponential',
    initialDelayMs: 30_000,
    multiplier: 2,
    maxDelayMs: 18_000_000,
    jitter: 0.1,
  }) as Required<Backoff>,
});

/**
 * The delay before the retry that follows failed attempt `attempt` (1 after the first
 * failure). Pure: `random` is the platform's random source.
 *
 * Exponential: `initialDelayMs × multiplier^(attempt−1)`; linear: `initialDelayMs × attempt`;
 * fixed: `initialDelayMs`. Capped at `maxDelayMs`, then spread by a uniform factor in
 * `[1 − jitter, 1 + jitter]`. A function backoff's result is used as it is.
 */
export function retryDelay(
  backoff: RetryPolicy['backoff'] | undefined,
  attempt: number,
  error: unknown,
  random: () => number,
): number {
  if (typeof backoff === 'function') {
    const delay = backoff(attempt, error);
    return Number.isFinite(delay) && delay > 0 ? delay : 0;
  }
  const b = backoff ?? DEFAULT_RETRY.backoff;
  const multiplier = b.multiplier ?? 2;
  const cap = b.maxDelayMs ?? 18_000_000;
  const jitter = b.jitter ?? 0.1;
  let base: number;
  switch (b.kind) {
    case 'exponential':
      base = b.initialDelayMs * multiplier ** (attempt - 1);
      break;
    case 'linear':
      base = b.initialDelayMs * attempt;
      break;
    default:
      base = b.initialDelayMs;
  }
  const capped = Math.min(base, cap);
  if (jitter === 0) return capped;
  return Math.round(capped * (1 - jitter + 2 * jitter * random()));
}
