import { describe, expect, it } from 'vitest';
import { EMPTY_STATS } from '../src/mirror';
import { StateAssembly } from '../src/stateAssembly';
import type { TabMessage } from '../src/tabMessages';
import { snapshot } from './snapshot';

const page = (
  stream: string,
  part: number,
  parts: number,
  ids: string[],
): Extract<TabMessage, { t: 'state' }> => ({
  t: 'state',
  leader: 'L',
  stream,
  part,
  parts,
  jobs: ids.map((id) => snapshot(id)),
  stats: EMPTY_STATS,
});
const batch = (leader: string): Extract<TabMessage, { t: 'batch' }> => ({
  t: 'batch',
  leader,
  events: [],
  jobs: [],
  removed: [],
  stats: EMPTY_STATS,
});

describe('StateAssembly', () => {
  it('returns the whole state with its last page, frozen, and the batches of its context that came meanwhile', () => {
    const assembly = new StateAssembly();
    expect(assembly.page(page('s', 0, 2, ['a', 'b']))).toBeUndefined();
    const later = batch('L');
    assembly.batch(later, false);
    assembly.batch(batch('other'), true);
    const whole = assembly.page(page('s', 1, 2, ['c']))!;
    expect([...whole.jobs.keys()]).toEqual(['a', 'b', 'c']);
    expect(Object.isFrozen(whole.jobs.get('a')!.payload)).toBe(true);
    expect(whole.after).toEqual([{ message: later, applied: false }]);
  });

  it('ignores pages of a state whose first page it missed, and forgets states on clear', () => {
    const assembly = new StateAssembly();
    expect(assembly.page(page('late', 1, 2, ['x']))).toBeUndefined();
    assembly.page(page('s', 0, 2, ['a']));
    assembly.clear();
    expect(assembly.page(page('s', 1, 2, ['b']))).toBeUndefined();
    expect(assembly.page(page('one', 0, 1, []))).toMatchObject({ leader: 'L', jobs: new Map() });
  });
});
