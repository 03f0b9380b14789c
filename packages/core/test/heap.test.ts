import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heap } from '../src/heap';

interface Item {
  v: number;
  heapIndex: number;
}

const item = (v: number): Item => ({ v, heapIndex: -1 });
const byValue = () => new Heap<Item>((a, b) => a.v < b.v);

function drain(heap: Heap<Item>): number[] {
  const out: number[] = [];
  for (let i = heap.pop(); i !== undefined; i = heap.pop()) out.push(i.v);
  return out;
}

describe('Heap', () => {
  it('pops items in order, whatever order they came in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (values) => {
        const heap = byValue();
        for (const v of values) heap.push(item(v));
        expect(drain(heap)).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });

  it('removes any item and keeps the rest in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1 }), fc.array(fc.nat()), (values, picks) => {
        const heap = byValue();
        const items = values.map(item);
        for (const i of items) heap.push(i);
        const removed = new Set<number>();
        for (const p of picks) {
          const i = p % items.length;
          heap.remove(items[i]!);
          removed.add(i);
        }
        const left = values.filter((_, i) => !removed.has(i)).sort((a, b) => a - b);
        expect(drain(heap)).toEqual(left);
      }),
    );
  });

  it('visits exactly the items within a bound', () => {
    const heap = byValue();
    for (const v of [5, 1, 9, 3, 3, 7]) heap.push(item(v));
    const seen: number[] = [];
    heap.visitWhile(
      (i) => i.v <= 3,
      (i) => seen.push(i.v),
    );
    expect(seen.sort()).toEqual([1, 3, 3]);
  });

  it('takes back an item it gave up, and holds it once', () => {
    const heap = byValue();
    const [a, b, c] = [item(1), item(2), item(3)];
    for (const i of [a, b, c]) heap.push(i);
    heap.remove(b);
    heap.push(b);
    expect(heap.size).toBe(3);
    expect(drain(heap)).toEqual([1, 2, 3]);
  });

  it('removes an item from a long run after the run dropped its popped head', () => {
    const heap = byValue();
    const items = Array.from({ length: 3_000 }, (_, v) => item(v));
    for (const i of items) heap.push(i);
    for (let n = 0; n < 2_000; n++) heap.pop();
    heap.remove(items[2_500]!);
    expect(heap.size).toBe(999);
    expect(drain(heap)).toEqual(
      items
        .slice(2_000)
        .filter((i) => i.v !== 2_500)
        .map((i) => i.v),
    );
  });

  it('ignores the removal of an item another heap holds', () => {
    const one = byValue();
    const two = byValue();
    const a = item(1);
    one.push(a);
    one.remove(a);
    two.push(a);
    one.remove(a);
    expect([one.size, two.size]).toEqual([0, 1]);
    expect(two.pop()).toBe(a);
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
            fc.record({ remove: fc.nat() }),
            fc.record({ again: fc.nat() }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const heap = byValue();
          const live: Item[] = [];
          // Items removed from the heap that may be pushed again, as a retried job is.
          const out: Item[] = [];
          for (const op of ops) {
            if (op === 'pop') {
              const expected = live.length === 0 ? undefined : Math.min(...live.map((l) => l.v));
              expect(heap.peek()?.v).toBe(expected);
              const got = heap.pop();
              expect(got?.v).toBe(expected);
              if (got !== undefined) out.push(...live.splice(live.indexOf(got), 1));
            } else if ('remove' in op) {
              if (live.length === 0) continue;
              const [victim] = live.splice(op.remove % live.length, 1);
              heap.remove(victim!);
              out.push(victim!);
            } else if ('again' in op) {
              if (out.length === 0) continue;
              const [back] = out.splice(op.again % out.length, 1);
              // Its key only grows once it left, as a job's `runAt` does on a retry.
              back!.v += op.again % 5;
              heap.push(back!);
              live.push(back!);
            } else {
              const i = item(op.push);
              heap.push(i);
              live.push(i);
            }
            expect(heap.size).toBe(live.length);
          }
          expect(drain(heap)).toEqual(live.map((l) => l.v).sort((a, b) => a - b));
        },
      ),
    );
  });
});
