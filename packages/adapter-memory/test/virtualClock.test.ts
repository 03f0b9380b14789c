import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../src/seededRandom';
import { createVirtualClock } from '../src/virtualClock';

async function chain(steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await Promise.resolve();
}

describe('createVirtualClock', () => {
  it('starts at the given instant, or 0 by default', () => {
    expect(createVirtualClock().now()).toBe(0);
    expect(createVirtualClock(1_700_000_000_000).now()).toBe(1_700_000_000_000);
  });

  it('moves time only when advanced, by exactly the amount asked', async () => {
    const clock = createVirtualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
    await clock.advance(0);
    expect(clock.now()).toBe(1_250);
  });

  it('fires timers in time order, each with now() at its own instant', async () => {
    const clock = createVirtualClock(0);
    const fired: Array<[string, number]> = [];
    clock.setTimer(300, () => fired.push(['c', clock.now()]));
    clock.setTimer(100, () => fired.push(['a', clock.now()]));
    clock.setTimer(200, () => fired.push(['b', clock.now()]));
    await clock.advance(1_000);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
      ['c', 300],
    ]);
    expect(clock.now()).toBe(1_000);
  });

  it('fires timers due at the same instant in the order they were set', async () => {
    const clock = createVirtualClock(0);
    const fired: number[] = [];
    for (let i = 0; i < 20; i++) clock.setTimer(50, () => fired.push(i));
    await clock.advance(50);
    expect(fired).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('does not fire a due timer inside setTimer, but on the next advance(0)', async () => {
    const clock = createVirtualClock(10);
    const fired: number[] = [];
    clock.setTimer(10, () => fired.push(clock.now()));
    expect(fired).toEqual([]);
    await clock.advance(0);
    expect(fired).toEqual([10]);
    expect(clock.now()).toBe(10);
  });

  it('fires a timer set for a past instant at the current time, behind timers already due', async () => {
    const clock = createVirtualClock(100);
    const fired: Array<[string, number]> = [];
    clock.setTimer(100, () => fired.push(['due', clock.now()]));
    clock.setTimer(40, () => fired.push(['past', clock.now()]));
    await clock.advance(0);
    expect(fired).toEqual([
      ['due', 100],
      ['past', 100],
    ]);
  });

  it('lets long promise chains settle before the next timer fires, also at the same instant', async () => {
    const clock = createVirtualClock(0);
    const log: string[] = [];
    clock.setTimer(10, () => {
      void chain(5_000).then(() => log.push('chain'));
    });
    clock.setTimer(10, () => log.push('same-instant'));
    clock.setTimer(11, () => log.push('later'));
    await clock.advance(20);
    expect(log).toEqual(['chain', 'same-instant', 'later']);
  });

  it('fires timers that callbacks and their promises set for the current instant before time moves on', async () => {
    const clock = createVirtualClock(0);
    const log: Array<[string, number]> = [];
    clock.setTimer(10, () => {
      clock.setTimer(clock.now(), () => log.push(['direct', clock.now()]));
      void chain(100).then(() => clock.setTimer(clock.now(), () => log.push(['via-promise', clock.now()])));
    });
    clock.setTimer(11, () => log.push(['next', clock.now()]));
    await clock.advance(11);
    expect(log).toEqual([
      ['direct', 10],
      ['via-promise', 10],
      ['next', 11],
    ]);
  });

  it('lets promises settle before looking for due timers', async () => {
    const clock = createVirtualClock(0);
    const fired: string[] = [];
    void chain(1_000).then(() => clock.setTimer(0, () => fired.push('late-set')));
    await clock.advance(0);
    expect(fired).toEqual(['late-set']);
  });

  it('never fires a cancelled timer, and a late or repeated cancel is harmless', async () => {
    const clock = createVirtualClock(0);
    const fired: string[] = [];
    const cancelA = clock.setTimer(5, () => fired.push('a'));
    const cancelB = clock.setTimer(5, () => fired.push('b'));
    cancelA();
    cancelA();
    expect(clock.pending()).toBe(1);
    await clock.advance(10);
    expect(fired).toEqual(['b']);
    cancelB();
    expect(clock.pending()).toBe(0);
    clock.setTimer(20, () => fired.push('c'));
    cancelB();
    expect(clock.pending()).toBe(1);
  });

  it('counts pending timers and reports the earliest live one', async () => {
    const clock = createVirtualClock(0);
    expect(clock.nextTimerAt()).toBeUndefined();
    const cancelEarly = clock.setTimer(5, () => {});
    clock.setTimer(30, () => {});
    clock.setTimer(20, () => {});
    expect(clock.pending()).toBe(3);
    expect(clock.nextTimerAt()).toBe(5);
    cancelEarly();
    expect(clock.nextTimerAt()).toBe(20);
    await clock.advance(25);
    expect(clock.pending()).toBe(1);
    expect(clock.nextTimerAt()).toBe(30);
  });

  it('advanceTo moves to an instant and never moves time backwards', async () => {
    const clock = createVirtualClock(100);
    const fired: number[] = [];
    clock.setTimer(150, () => fired.push(clock.now()));
    await clock.advanceTo(200);
    expect(clock.now()).toBe(200);
    expect(fired).toEqual([150]);
    clock.setTimer(200, () => fired.push(clock.now()));
    await clock.advanceTo(50);
    expect(clock.now()).toBe(200);
    expect(fired).toEqual([150, 200]);
  });

  it('runUntilIdle follows a chain of timers and stops at the last one', async () => {
    const clock = createVirtualClock(0);
    const fired: number[] = [];
    const step = (n: number) => {
      fired.push(clock.now());
      if (n < 4) clock.setTimer(clock.now() + 1_000, () => step(n + 1));
    };
    clock.setTimer(500, () => step(1));
    await clock.runUntilIdle();
    expect(fired).toEqual([500, 1_500, 2_500, 3_500]);
    expect(clock.now()).toBe(3_500);
    expect(clock.pending()).toBe(0);
  });

  it('runUntilIdle gives up after maxMs when a timer keeps rescheduling itself', async () => {
    const clock = createVirtualClock(0);
    let fires = 0;
    const tick = () => {
      fires++;
      clock.setTimer(clock.now() + 100, tick);
    };
    clock.setTimer(100, tick);
    await clock.runUntilIdle({ maxMs: 1_000 });
    expect(fires).toBe(10);
    expect(clock.now()).toBe(1_000);
    expect(clock.pending()).toBe(1);
  });

  it('serializes concurrent advances: the second starts where the first ended', async () => {
    const clock = createVirtualClock(0);
    const fired: number[] = [];
    clock.setTimer(15, () => fired.push(clock.now()));
    await Promise.all([clock.advance(10), clock.advance(10)]);
    expect(clock.now()).toBe(20);
    expect(fired).toEqual([15]);
    await Promise.all([clock.advanceTo(30), clock.advance(5)]);
    expect(clock.now()).toBe(35);
  });

  it('rejects the advance with the error a callback threw, stopping at that instant', async () => {
    const clock = createVirtualClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => {
      throw new Error('boom');
    });
    clock.setTimer(20, () => fired.push(clock.now()));
    await expect(clock.advance(100)).rejects.toThrow('boom');
    expect(clock.now()).toBe(10);
    expect(clock.pending()).toBe(1);
    await clock.advance(100);
    expect(fired).toEqual([20]);
  });

  it('clear() drops pending timers; old cancel functions do not touch new timers', async () => {
    const clock = createVirtualClock(0);
    const fired: string[] = [];
    const cancelOld = clock.setTimer(10, () => fired.push('old'));
    clock.clear();
    expect(clock.pending()).toBe(0);
    clock.setTimer(10, () => fired.push('new'));
    cancelOld();
    expect(clock.pending()).toBe(1);
    await clock.advance(20);
    expect(fired).toEqual(['new']);
  });

  it('refuses non-finite or negative amounts and a NaN instant', async () => {
    const clock = createVirtualClock(0);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advance(Number.NaN)).rejects.toThrow(RangeError);
    await expect(clock.advanceTo(Number.POSITIVE_INFINITY)).rejects.toThrow(RangeError);
    expect(() => clock.setTimer(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => createVirtualClock(Number.NaN)).toThrow(RangeError);
  });

  it('fires 100k timers, each once and in time order', async () => {
    const clock = createVirtualClock(0);
    const random = createSeededRandom(7);
    const fired: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const at = Math.floor(random() * 1_000_000);
      clock.setTimer(at, () => {
        if (clock.now() !== at) throw new Error(`fired at ${clock.now()}, set for ${at}`);
        fired.push(at);
      });
    }
    await clock.advance(1_000_000);
    expect(fired).toHaveLength(100_000);
    for (let i = 1; i < fired.length; i++) {
      if (fired[i]! < fired[i - 1]!) throw new Error(`out of order at ${i}`);
    }
    expect(clock.pending()).toBe(0);
  });

  it('fires exactly the uncancelled timers, in (instant, setting) order, whatever the steps', async () => {
    const timer = fc.record({ delay: fc.integer({ min: -50, max: 500 }), cancel: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(timer, { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 8 }),
        async (timers, steps) => {
          const clock = createVirtualClock(100);
          const fired: Array<{ i: number; now: number }> = [];
          timers.forEach(({ delay, cancel }, i) => {
            const stop = clock.setTimer(100 + delay, () => fired.push({ i, now: clock.now() }));
            if (cancel) stop();
          });
          for (const ms of steps) await clock.advance(ms);
          await clock.advance(1_000);
          const expected = timers
            .map((t, i) => ({ i, at: Math.max(100, 100 + t.delay), cancel: t.cancel }))
            .filter((t) => !t.cancel)
            .sort((a, b) => a.at - b.at || a.i - b.i);
          expect(fired.map((f) => f.i)).toEqual(expected.map((t) => t.i));
          for (const f of fired) expect(f.now).toBe(Math.max(100, 100 + timers[f.i]!.delay));
        },
      ),
      { numRuns: 60 },
    );
  });
});
