import { describe, expect, it } from 'vitest';
import { createScenario } from '../src/createScenario';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('createScenario', () => {
  it('is seeded: the same options give the same steps, another seed others', () => {
    const a = createScenario({ seed: 5, days: 2 });
    expect(createScenario({ seed: 5, days: 2 })).toEqual(a);
    expect(createScenario({ seed: 6, days: 2 })).not.toEqual(a);
    for (let i = 1; i < a.steps.length; i++)
      expect(a.steps[i]!.at).toBeGreaterThanOrEqual(a.steps[i - 1]!.at);
    expect(a.steps.every((s) => s.at > a.startAt && s.at < a.endAt)).toBe(true);
    expect(a.steps.filter((s) => s.kind === 'kill')).toHaveLength(4);
  });

  it('generates the named network traces', () => {
    const nets = (network: 'wifi' | 'cellular' | 'none' | 'flapping') => {
      const s = createScenario({ network });
      const seen = new Set([s.initial.network]);
      for (const step of s.steps)
        if (step.kind === 'conditions' && step.set.network) seen.add(step.set.network);
      return [...seen].sort();
    };
    expect(nets('wifi')).toEqual(['unmetered']);
    expect(nets('cellular')).toEqual(['metered']);
    expect(nets('none')).toEqual(['none']);
    expect(nets('flapping')).toEqual(['metered', 'none', 'unmetered']);
  });
});

describe('createScenario: the app before and around the simulation', () => {
  it('records the opens of the last 14 days before the simulation, from the install on', () => {
    const month = createScenario({ seed: 2, installedDaysAgo: 30 });
    const opens = month.history!.opens;
    expect(month.device!.installedAt).toBe(-30 * DAY);
    expect(opens[0]).toBeGreaterThanOrEqual(-14 * DAY);
    expect(opens[opens.length - 1]).toBeLessThan(0);
    expect(opens.length).toBeGreaterThan(14 * 8);
    for (let i = 1; i < opens.length; i++) expect(opens[i]).toBeGreaterThan(opens[i - 1]!);
    expect(createScenario({ seed: 2, installedDaysAgo: 3 }).history!.opens.length).toBeLessThan(3 * 11);
    // Installed at noon two and a half days ago: nothing from before that.
    const recent = createScenario({ seed: 2, installedDaysAgo: 2.5 });
    expect(recent.history!.opens[0]).toBeGreaterThanOrEqual(-2.5 * DAY);
    expect(recent.history!.opens.length).toBeGreaterThan(2 * 8);
    expect(createScenario({ seed: 2, installedDaysAgo: 0 }).history!.opens).toEqual([]);
  });

  it('leaves the simulated days as they are whatever the history', () => {
    expect(createScenario({ seed: 2, installedDaysAgo: 0 }).steps).toEqual(createScenario({ seed: 2 }).steps);
  });

  it('keeps sessions to the usual times of day with the habit', () => {
    const slotsUsed = (habit: number) => {
      const s = createScenario({ seed: 3, days: 7, habit });
      const slots = new Set<number>();
      for (const step of s.steps)
        if (step.kind === 'conditions' && step.set.appState === 'active')
          slots.add(Math.floor((step.at % DAY) / (HOUR / 2)));
      return slots.size;
    };
    expect(slotsUsed(1)).toBeLessThan(slotsUsed(0) - 5);
  });

  it('carries the device settings', () => {
    const s = createScenario({ bucket: 'rare', lowPowerMode: true, backgroundAppRefresh: false });
    expect(s.device).toMatchObject({ bucket: 'rare', lowPowerMode: true, backgroundAppRefresh: false });
    expect(createScenario().device).toMatchObject({
      bucket: 'working-set',
      lowPowerMode: false,
      backgroundAppRefresh: true,
    });
    expect(() => createScenario({ installedDaysAgo: -1 })).toThrow(RangeError);
  });
});
