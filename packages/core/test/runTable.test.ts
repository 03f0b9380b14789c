import { describe, expect, it } from 'vitest';
import type { Entry } from '../src/jobIndex';
import type { Run } from '../src/run';
import { RunTable } from '../src/runTable';

/** The parts of a run the table reads. */
function run(name: string, concurrency?: number): Run {
  const entry = { type: { name, concurrency } } as unknown as Entry;
  return { name, entry, state: 'starting', prev: undefined, next: undefined } as unknown as Run;
}

describe('RunTable', () => {
  it('counts the queue slots from the states of its runs', () => {
    const table = new RunTable();
    const a = run('a');
    const b = run('a');
    table.begin(a);
    table.begin(b);
    expect(table.size).toBe(2);
    table.apply(a, 'called');
    expect(table.size).toBe(2);
    // Told to stop: its handler may still run, but its slot is free.
    table.apply(a, 'abort');
    expect([a.state, table.size, table.stopping]).toEqual(['stopping', 1, 1]);
    table.apply(a, 'settled');
    expect([a.state, table.size, table.stopping]).toEqual(['ended', 1, 0]);
    // Aborted before its handler was called: nothing left to wait for.
    table.apply(b, 'abort');
    expect([b.state, table.size, table.stopping]).toEqual(['ended', 0, 0]);
  });

  it('counts the slots of a type with a concurrency limit, and frees them once', () => {
    const table = new RunTable();
    const a = run('upload', 1);
    table.begin(a);
    expect(table.typeHasSlot('upload', 1)).toBe(false);
    expect(table.typeHasSlot('other', undefined)).toBe(true);
    table.apply(a, 'called');
    table.apply(a, 'abort');
    expect(table.typeHasSlot('upload', 1)).toBe(true);
    // An event that does not apply changes nothing: the slot is not freed twice.
    expect(table.apply(a, 'abort')).toBe('stopping');
    table.begin(run('upload', 1));
    expect(table.typeHasSlot('upload', 1)).toBe(false);
  });

  it('tells stop() when the last slot is freed, and at once when none is held', () => {
    const table = new RunTable();
    const heard: string[] = [];
    table.whenEmpty(() => heard.push('empty at once'));
    const a = run('a');
    table.begin(a);
    table.whenEmpty(() => heard.push('empty later'));
    table.apply(a, 'called');
    expect(heard).toEqual(['empty at once']);
    table.apply(a, 'settled');
    expect(heard).toEqual(['empty at once', 'empty later']);
  });
});
