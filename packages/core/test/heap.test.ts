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

describe('Heap under interleaved pushes, pops and removals', () => {
  it('always pops the smallest live item, whether it sits in the sorted run or the heap', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
            fc.constant('pop' as const),
            fc.nat(),
          ),
          {
            maxLength: 300,
          },
        ),
        (ops) => {
          const heap = new Heap<number>((a, b) => a < b);
          const live: Array<{ value: number; node: ReturnType<typeof heap.push> }> = [];
          for (const op of ops) {
            if (op === 'pop') {
              const expected = live.length === 0 ? undefined : Math.min(...live.map((l) => l.value));
              expect(heap.peek()).toBe(expected);
              const got = heap.pop();
              expect(got).toBe(expected);
              if (got !== undefined)
                live.splice(
                  live.findIndex((l) => l.value === got),
                  1,
                );
            } else if (typeof op === 'number') {
              if (live.length === 0) continue;
              const [victim] = live.splice(op % live.length, 1);
              heap.remove(victim!.node);
            } else {
              live.push({ value: op.push, node: heap.push(op.push) });
            }
            expect(heap.size).toBe(live.length);
          }
        },
      ),
    );
  });
});
