/**
 * A deterministic source of uniform numbers in [0, 1), for `Platform.random`.
 *
 * It is mulberry32: 32 bits of state, a period of 2^32 and good enough statistics for
 * jitter and ids in tests, while costing a few integer operations per call. The same seed
 * always yields the same sequence, on every JavaScript engine, so a simulation that failed
 * can be replayed exactly. It is not a cryptographic generator.
 *
 * @param seed - any finite number; it is reduced to an unsigned 32-bit integer, so seeds
 *   that differ only in their fraction, or by a multiple of 2^32, give the same sequence.
 * @returns a function that returns the next number of the sequence on each call.
 * @throws RangeError when `seed` is not a finite number.
 * @example
 * const random = createSeededRandom(42);
 * const jitter = 0.9 + 0.2 * random(); // the same value on every run
 */
export function createSeededRandom(seed: number): () => number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new RangeError(`createSeededRandom needs a finite seed, got ${String(seed)}`);
  }
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    // Dividing 32 bits by 2^32 can never reach 1, so the range stays half-open.
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
