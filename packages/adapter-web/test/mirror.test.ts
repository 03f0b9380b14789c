import { InvalidOptionsError, type JobSnapshot } from '@nightshift/core';
import { describe, expect, it, vi } from 'vitest';
import { freezeJob, Mirror } from '../src/mirror';
import { snapshot as job } from './snapshot';

/** A whole state as the tab assembles it: frozen snapshots by id. */
const byId = (jobs: JobSnapshot[]) => new Map(jobs.map((j) => [j.id, freezeJob(j)]));

describe('Mirror', () => {
  it('lists by creation, filtered by state, name and tag, as queue.list does', () => {
    const mirror = new Mirror();
    mirror.replace(
      byId([
        job('b', { createdAt: 2 }),
        job('a', { createdAt: 1, state: 'succeeded', tags: ['x'] }),
        job('c', { createdAt: 2, name: 'upload' }),
      ]),
      mirror.stats,
    );
    expect(mirror.list().map((j) => j.id)).toEqual(['a', 'b', 'c']);
    expect(mirror.list({ state: ['enqueued'] }).map((j) => j.id)).toEqual(['b', 'c']);
    expect(mirror.list({ name: 'upload' }).map((j) => j.id)).toEqual(['c']);
    expect(mirror.list({ tag: 'x' }).map((j) => j.id)).toEqual(['a']);
  });

  it('stops at a limit and refuses what queue.list refuses', () => {
    const mirror = new Mirror();
    mirror.replace(byId(Array.from({ length: 5 }, (_, i) => job(`j${i}`, { createdAt: i }))), mirror.stats);
    expect(mirror.list({ state: 'enqueued', limit: 2 }).map((j) => j.id)).toEqual(['j0', 'j1']);
    expect(mirror.list({ limit: 0 })).toEqual([]);
    expect(() => mirror.list({ limit: -1 })).toThrow(InvalidOptionsError);
    expect(() => mirror.list({ state: 'done' as never })).toThrow(InvalidOptionsError);
  });

  it('settles a waiter whose job is final in a whole state that replaces the mirror', async () => {
    const mirror = new Mirror();
    const resolved: JobSnapshot[] = [];
    mirror.wait('a', { resolve: (j) => resolved.push(j), reject: () => {} });
    mirror.wait('b', { resolve: (j) => resolved.push(j), reject: () => {} });
    const state = byId([job('a', { state: 'succeeded' }), job('b')]);
    mirror.replace(state, mirror.stats);
    expect(resolved).toEqual([state.get('a')]);
    expect(mirror.get('b')).toBe(state.get('b'));
  });

  it('keeps frozen snapshots, the same object until the job changes', () => {
    const mirror = new Mirror();
    const kept = mirror.put(job('a', { payload: { deep: { list: [1] } } }));
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen((kept.payload as { deep: object }).deep)).toBe(true);
    expect(mirror.get('a')).toBe(kept);
    mirror.remove('a');
    expect(mirror.get('a')).toBeUndefined();
  });

  it('settles a waiter when its job becomes final, at once if it already is, and not after it stopped waiting', () => {
    const mirror = new Mirror();
    mirror.put(job('done', { state: 'failed' }));
    const early = { resolve: vi.fn(), reject: vi.fn() };
    mirror.wait('done', early);
    expect(early.resolve).toHaveBeenCalledWith(mirror.get('done'));

    const later = { resolve: vi.fn(), reject: vi.fn() };
    const gone = { resolve: vi.fn(), reject: vi.fn() };
    mirror.wait('a', later);
    mirror.wait('a', gone)();
    mirror.put(job('a', { state: 'running' }));
    expect(later.resolve).not.toHaveBeenCalled();
    mirror.put(job('a', { state: 'succeeded' }));
    expect(later.resolve).toHaveBeenCalledTimes(1);
    expect(gone.resolve).not.toHaveBeenCalled();
    // Retention may delete it right after: the waiter already has it.
    mirror.remove('a');
    expect(later.resolve.mock.calls[0]![0]).toMatchObject({ id: 'a', state: 'succeeded' });
  });
});
