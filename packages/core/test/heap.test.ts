import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heap } from '../src/heap';

describe('Heap', () => {
  it('pops items in order, whatever order they came in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const heap = new Heap<number>((a, b) => a < b);
        for (const v of values) heap.push(v);
        const out: number[] = [];
        for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
        expect(out).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });

  it('removes any node and keeps the rest in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.array(fc.nat()), (values, picks) => {
        const heap = new Heap<number>((a, b) => a < b);
        const nodes = values.map((v) => heap.push(v));
        const removed = new Set<number>();
        for (const p of picks) {
          const i = p % nodes.length;
          heap.remove(nodes[i]!);
          removed.add(i);
        }
        const left = values.filter((_, i) => !removed.has(i)).sort((a, b) => a - b);
        const out: number[] = [];
        for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
        expect(out).toEqual(left);
      }),
    );
  });

  it('visits exactly the items within a bound', () => {
    const heap = new Heap<number>((a, b) => a < b);
    for (const v of [5, 1, 9, 3, 3, 7]) heap.push(v);
    const seen: number[] = [];
    heap.visitWhile(
      (v) => v <= 3,
      (v) => seen.push(v),
    );
    expect(seen.sort()).toEqual([1, 3, 3]);
  });
});
