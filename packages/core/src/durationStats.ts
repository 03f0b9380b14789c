import type { TypeStats } from './types';

const SAMPLES = 64;

/** Quantile of a sorted array, by nearest rank. Pure. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Per-type run counters and the durations of the last successful runs, which window
 * admission uses as the expected duration of a type that declares none.
 */
export class DurationStats {
  private readonly types = new Map<
    string,
    { runs: number; succeeded: number; failed: number; samples: number[]; next: number }
  >();

  private of(name: string) {
    let t = this.types.get(name);
    if (!t) this.types.set(name, (t = { runs: 0, succeeded: 0, failed: 0, samples: [], next: 0 }));
    return t;
  }

  started(name: string): void {
    this.of(name).runs++;
  }

  failed(name: string): void {
    this.of(name).failed++;
  }

  succeeded(name: string, durationMs: number): void {
    const t = this.of(name);
    t.succeeded++;
    this.sample(name, durationMs);
  }

  /** Adds a past duration without counting a run (from records loaded at start). */
  sample(name: string, durationMs: number): void {
    const t = this.of(name);
    if (t.samples.length < SAMPLES) t.samples.push(durationMs);
    else t.samples[t.next] = durationMs;
    t.next = (t.next + 1) % SAMPLES;
  }

  /** The median of recent successful runs, or undefined before the first. */
  expected(name: string): number | undefined {
    const t = this.types.get(name);
    if (!t || t.samples.length === 0) return undefined;
    return quantile(
      [...t.samples].sort((a, b) => a - b),
      0.5,
    );
  }

  snapshot(estimates: ReadonlyMap<string, number | undefined>): Record<string, TypeStats> {
    const out: Record<string, TypeStats> = {};
    for (const [name, t] of this.types) {
      const sorted = [...t.samples].sort((a, b) => a - b);
      const stats: TypeStats = { runs: t.runs, succeeded: t.succeeded, failed: t.failed };
      const p50 = quantile(sorted, 0.5);
      const p95 = quantile(sorted, 0.95);
      if (p50 !== undefined) stats.durationP50 = p50;
      if (p95 !== undefined) stats.durationP95 = p95;
      const expected = estimates.get(name) ?? p50;
      if (expected !== undefined) stats.expectedDurationMs = expected;
      put(out, name, stats);
    }
    for (const [name, estimate] of estimates) {
      if (!Object.hasOwn(out, name)) {
        put(
          out,
          name,
          estimate === undefined
            ? { runs: 0, succeeded: 0, failed: 0 }
            : { runs: 0, succeeded: 0, failed: 0, expectedDurationMs: estimate },
        );
      }
    }
    return out;
  }
}

/**
 * Sets an own property named by a job type: a type named `__proto__` must not reach the
 * object's prototype through the setter, nor `constructor` be mistaken for one it has.
 */
function put(out: Record<string, TypeStats>, name: string, stats: TypeStats): void {
  Object.defineProperty(out, name, { value: stats, enumerable: true, writable: true, configurable: true });
}
