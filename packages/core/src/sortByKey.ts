import type { Slicer } from './slices';

/** Bits of the key a pass of the radix sort places: 65,536 buckets. */
const DIGIT = 65_536;

/**
 * Sorts `items` by a numeric key, stably, in slices: `start()` orders 100,000 loaded jobs
 * this way without holding the thread (`Array.prototype.sort` takes ~50 ms over 100,000
 * items in random order here, in one block). Items already in order, the usual case, cost
 * one pass and no copy. Integer keys go through an LSD radix sort, 16 bits a pass; other
 * keys (fractional instants from a virtual clock) fall back to one `sort`.
 */
export async function sortByKey<T>(items: T[], key: (item: T) => number, slicer: Slicer): Promise<T[]> {
  const n = items.length;
  const keys = new Float64Array(n);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let ordered = true;
  let integers = true;
  for (let i = 0; i < n; i++) {
    const k = key(items[i]!);
    keys[i] = k;
    if (k < min) min = k;
    if (k > max) max = k;
    if (i > 0 && k < keys[i - 1]!) ordered = false;
    if (!Number.isSafeInteger(k)) integers = false;
    if (slicer.spent()) await slicer.next();
  }
  if (ordered) return items;
  if (!integers || !Number.isSafeInteger(max - min)) {
    return items
      .map((item, i) => ({ item, k: keys[i]! }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.item);
  }
  let src = items;
  let srcKeys = keys;
  let dst: T[] = new Array(n);
  let dstKeys = new Float64Array(n);
  const count = new Uint32Array(DIGIT);
  for (let place = 1; (max - min) / place >= 1; place *= DIGIT) {
    count.fill(0);
    for (let i = 0; i < n; i++) {
      count[Math.floor((srcKeys[i]! - min) / place) % DIGIT]!++;
      if (slicer.spent()) await slicer.next();
    }
    let at = 0;
    for (let d = 0; d < DIGIT; d++) {
      const c = count[d]!;
      count[d] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const k = srcKeys[i]!;
      const to = count[Math.floor((k - min) / place) % DIGIT]!++;
      dst[to] = src[i]!;
      dstKeys[to] = k;
      if (slicer.spent()) await slicer.next();
    }
    // The caller's array is never written to: a third buffer takes its turn.
    const done = dst;
    dst = src === items ? new Array(n) : src;
    src = done;
    [srcKeys, dstKeys] = [dstKeys, srcKeys];
  }
  return src;
}
