import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateList, type StateListItem } from '../src/stateList';

interface Item extends StateListItem {
  rec: { seq: number };
}

const item = (seq: number): Item => ({ rec: { seq }, prevInState: undefined, nextInState: undefined });

function walk(list: StateList<Item>): number[] {
  const out: number[] = [];
  for (let i = list.first(); i; i = i.nextInState) out.push(i.rec.seq);
  return out;
}

describe('StateList', () => {
  it('walks items in creation order when they join in that order', () => {
    const list = new StateList<Item>();
    for (const seq of [1, 2, 3]) list.add(item(seq));
    expect(walk(list)).toEqual([1, 2, 3]);
    expect(list.size).toBe(3);
  });

  it('puts a job that joins late (a retry back in enqueued) at its creation place', () => {
    const list = new StateList<Item>();
    const retried = item(1);
    for (const i of [item(2), item(3)]) list.add(i);
    list.add(retried);
    expect(walk(list)).toEqual([1, 2, 3]);
    // Sorted once, the list stays linked in order: a second walk reads the same.
    expect(walk(list)).toEqual([1, 2, 3]);
  });

  it('unlinks the head, the tail and an item between them', () => {
    const list = new StateList<Item>();
    const items = [1, 2, 3, 4, 5].map(item);
    for (const i of items) list.add(i);
    list.delete(items[0]!);
    list.delete(items[4]!);
    list.delete(items[2]!);
    expect(walk(list)).toEqual([2, 4]);
    expect(list.size).toBe(2);
    list.delete(items[1]!);
    list.delete(items[3]!);
    expect(walk(list)).toEqual([]);
    expect(list.first()).toBeUndefined();
  });

  it('keeps exactly the items added and not deleted, in creation order, whatever the moves', () => {
    // Jobs move between two states at random, as jobs do between enqueued and running.
    const op = fc.record({ seq: fc.nat({ max: 30 }), walk: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const lists = [new StateList<Item>(), new StateList<Item>()];
        const where = new Map<number, { item: Item; at: number }>();
        for (const { seq, walk: check } of ops) {
          const held = where.get(seq);
          if (!held) {
            const i = item(seq);
            lists[0]!.add(i);
            where.set(seq, { item: i, at: 0 });
          } else {
            lists[held.at]!.delete(held.item);
            held.at = 1 - held.at;
            lists[held.at]!.add(held.item);
          }
          if (check) {
            for (const at of [0, 1]) {
              const expected = [...where.entries()]
                .filter(([, h]) => h.at === at)
                .map(([s]) => s)
                .sort((a, b) => a - b);
              expect(walk(lists[at]!)).toEqual(expected);
              expect(lists[at]!.size).toBe(expected.length);
            }
          }
        }
      }),
    );
  });
});
