/**
 * A uniform draw in [0, 1) fixed by its inputs: the same seed and keys always give the same
 * number. Policies must be pure and are asked again after every change, so a draw that
 * belongs to a thing (this period, this day's 7:30 slot, this window) is a hash of what
 * names that thing, not the next value of a stream. Pure.
 *
 * @param seed - the scenario's seed.
 * @param keys - integers that name what the draw is for.
 * @returns a number in [0, 1).
 * @example
 * hashRandom(7, 3, 14); // the draw of seed 7 for day 3, slot 14
 * hashRandom(7, 3, 14) === hashRandom(7, 3, 14); // true
 */
export function hashRandom(seed: number, ...keys: number[]): number {
  let h = (seed | 0) ^ 0x9e3779b9;
  for (const key of keys) {
    // Keys can be instants past 2^32: fold the high part in too.
    h = mix(h ^ (key | 0));
    h = mix(h ^ Math.floor(key / 4_294_967_296));
  }
  return (mix(h) >>> 0) / 4_294_967_296;
}

/** murmur3's 32-bit finaliser: every input bit reaches every output bit. */
function mix(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
