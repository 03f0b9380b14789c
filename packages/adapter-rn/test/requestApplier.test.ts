import { describe, expect, it } from 'vitest';
import { createRequestApplier } from '../src/requestApplier';
import { flush } from './fakes/fakeClock';
import { deferred } from './fakes/report';

describe('createRequestApplier', () => {
  it('applies only the latest target of those set together', async () => {
    const applied: number[] = [];
    const applier = createRequestApplier<number>({ apply: async (t) => void applied.push(t) });
    await Promise.all([applier.set(1), applier.set(2), applier.set(3)]);
    expect(applied).toEqual([3]);
  });

  it('applies one at a time: a target set during a call waits for it, then only the latest runs', async () => {
    const applied: number[] = [];
    const gate = deferred<void>();
    let calls = 0;
    const applier = createRequestApplier<number>({
      apply: async (t) => {
        if (calls++ === 0) await gate.promise;
        applied.push(t);
      },
    });
    const first = applier.set(1);
    await flush();
    const second = applier.set(2);
    const third = applier.set(3);
    await flush();
    expect(applied).toEqual([]);
    gate.resolve();
    await Promise.all([first, second, third]);
    expect(applied).toEqual([1, 3]);
  });

  it('makes no call while held, and applies the latest once resumed', async () => {
    const applied: number[] = [];
    let held = true;
    const applier = createRequestApplier<number>({
      apply: async (t) => void applied.push(t),
      held: () => held,
    });
    const settled: number[] = [];
    void applier.set(1).then(() => settled.push(1));
    void applier.set(2).then(() => settled.push(2));
    await flush();
    expect(applied).toEqual([]);
    expect(settled).toEqual([]);
    held = false;
    applier.resume();
    await flush();
    expect(applied).toEqual([2]);
    expect(settled.sort()).toEqual([1, 2]);
  });

  it('rejects the targets a failed call covered and retries only on the next set', async () => {
    let fail = true;
    const applied: number[] = [];
    const applier = createRequestApplier<number>({
      apply: async (t) => {
        if (fail) throw new Error('native call failed');
        applied.push(t);
      },
    });
    await expect(applier.set(1)).rejects.toThrow('native call failed');
    fail = false;
    applier.resume();
    await flush();
    expect(applied).toEqual([]);
    await applier.set(2);
    expect(applied).toEqual([2]);
  });

  it('tells whether a target was ever set', () => {
    const applier = createRequestApplier<number>({ apply: async () => {} });
    expect(applier.hasTarget).toBe(false);
    void applier.set(1);
    expect(applier.hasTarget).toBe(true);
  });
});
