import { describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine';
import { type Entry, newEntry } from '../src/jobIndex';
import { Run } from '../src/run';
import { RunList } from '../src/runList';
import { makeJobRecord } from '../src/testing/makeJobRecord';

function run(name: string): Run {
  const entry: Entry = newEntry(makeJobRecord(name), undefined);
  return new Run({} as Engine, entry, 0, undefined);
}

const ids = (list: RunList) => list.entries().map((e) => e.rec.id);

describe('RunList', () => {
  it('lists runs in the order they started', () => {
    const list = new RunList();
    for (const name of ['a', 'b', 'c']) list.add(run(name));
    expect(ids(list)).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(3);
  });

  it('removes a run from the head, the middle or the tail and keeps the rest in order', () => {
    const list = new RunList();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(run) as [Run, Run, Run, Run];
    for (const r of [a, b, c, d]) list.add(r);
    list.delete(b);
    expect(ids(list)).toEqual(['a', 'c', 'd']);
    list.delete(a);
    expect(ids(list)).toEqual(['c', 'd']);
    list.delete(d);
    expect(ids(list)).toEqual(['c']);
    list.delete(c);
    expect(ids(list)).toEqual([]);
    expect(list.size).toBe(0);
    list.add(b);
    expect(ids(list)).toEqual(['b']);
  });

  it('hands out a copy, so runs can end while the caller walks it', () => {
    const list = new RunList();
    const runs = ['a', 'b', 'c'].map(run);
    for (const r of runs) list.add(r);
    const seen: string[] = [];
    for (const entry of list.entries()) {
      seen.push(entry.rec.id);
      list.delete(runs.find((r) => r.entry === entry)!);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(0);
  });
});
