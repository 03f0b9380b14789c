import { describe, expect, it } from 'vitest';
import { createScenario } from '../src/createScenario';
import { iosPolicy } from '../src/iosPolicy';
import { simulate } from '../src/simulate';
import { background, DAY, drive, HOUR, MIN, policyState, request } from './policyState';
import { syncApp } from './syncApp';

const clock = (at: number) => (at % DAY) / HOUR;

describe('iosPolicy with background-fetch (pure)', () => {
  const ios = iosPolicy();

  it('plans a refresh shortly before the time the user usually opens the app', () => {
    // Opened at 7:10 on each of the last seven days: the 7:00 slot is a sure thing.
    const plan = ios.next(policyState());
    expect(plan?.kind).toBe('refresh');
    expect(clock(plan!.at)).toBeGreaterThanOrEqual(7 - 0.75);
    expect(clock(plan!.at)).toBeLessThan(7);
    // Served: the next one is the next morning's.
    const next = ios.next(
      policyState({
        now: plan!.at + 30_000,
        windows: [{ at: plan!.at, end: plan!.at + 30_000, kind: 'refresh' }],
      }),
    );
    expect(next!.at - plan!.at).toBeGreaterThan(20 * HOUR);
  });

  it('gives a window the adapter budget, within the 30 s iOS allows', () => {
    expect(ios.next(policyState())?.budgetMs).toBe(25_000);
    expect(iosPolicy({ adapterBudgetMs: 40_000 }).next(policyState())?.budgetMs).toBe(30_000);
  });

  it('does not time wakes from earliestAt: a job due later waits for the next wake after it', () => {
    const s = policyState({ request: request({ earliestAt: 10 * DAY + 12 * HOUR }) });
    expect(ios.next(s)!.at).toBeLessThan(10 * DAY + 7 * HOUR);
  });

  it('grants nothing under Low Power Mode, with Background App Refresh off, or below 20 % unplugged', () => {
    const device = policyState().device;
    expect(ios.next(policyState({ device: { ...device, lowPowerMode: true } }))).toBeNull();
    expect(ios.next(policyState({ device: { ...device, backgroundAppRefresh: false } }))).toBeNull();
    expect(ios.next(policyState({ batteryLevel: 0.19 }))).toBeNull();
    expect(
      ios.next(policyState({ batteryLevel: 0.19, conditions: { ...background, charging: true } })),
    ).not.toBeNull();
  });

  it('grants no refresh to an app not opened for eight days, and does to one opened six days ago', () => {
    // Opened every half hour of the day for a week, then not at all: a two-week memory
    // still sees the habit, so only the week without use can stop the refreshes.
    const habit = iosPolicy({ usageHistoryMs: 14 * DAY });
    const lastOpenedDaysAgo = (days: number) => {
      const now = 20 * DAY;
      const lastDay = Math.floor(now / DAY - days);
      const opens: number[] = [];
      for (let d = lastDay - 6; d <= lastDay; d++)
        for (let h = 8; h < 22; h += 0.5) opens.push(d * DAY + h * HOUR);
      return policyState({ now, opens });
    };
    expect(habit.next(lastOpenedDaysAgo(8))).toBeNull();
    const six = habit.next(lastOpenedDaysAgo(6));
    expect(six).not.toBeNull();
    expect(six!.at).toBeLessThan(20 * DAY + DAY);
  });

  it('waits out a warm-up of two days after install', () => {
    const now = 10 * DAY;
    const fresh = policyState({
      now,
      device: { ...policyState().device, installedAt: now - DAY },
      opens: [now - DAY + 7 * HOUR],
    });
    expect(ios.next(fresh)!.at).toBeGreaterThanOrEqual(now + DAY);
    expect(iosPolicy({ warmUpMs: 0 }).next(fresh)!.at).toBeLessThan(now + DAY);
  });

  it('spends at most six refreshes a day, at least 15 minutes apart, on the likeliest opens', () => {
    // Opened every half hour from 8:00 to 22:00, every day.
    const opens: number[] = [];
    for (let d = 3; d < 10; d++) for (let h = 8; h < 22; h += 0.5) opens.push(d * DAY + h * HOUR + MIN);
    const granted = drive(ios, policyState({ now: 10 * DAY, opens }), 4);
    const perDay = new Map<number, number>();
    for (const g of granted)
      perDay.set(Math.floor(g.at / DAY), (perDay.get(Math.floor(g.at / DAY)) ?? 0) + 1);
    expect([...perDay.values()].every((n) => n <= 6)).toBe(true);
    expect(Math.max(...perDay.values())).toBe(6);
    for (let i = 1; i < granted.length; i++)
      expect(granted[i]!.at - granted[i - 1]!.at).toBeGreaterThanOrEqual(15 * MIN);
  });

  it('ends some refresh windows early, 2 to 5 s in', () => {
    const start = policyState();
    const early = drive(ios, start, 60).filter((g) => g.expiresAfterMs !== undefined);
    expect(early.length).toBeGreaterThan(0);
    for (const g of early) {
      expect(g.expiresAfterMs).toBeGreaterThanOrEqual(2_000);
      expect(g.expiresAfterMs).toBeLessThanOrEqual(5_000);
    }
    const none = drive(iosPolicy({ earlyExpiryChance: 0 }), start, 60);
    expect(none.some((g) => g.expiresAfterMs !== undefined)).toBe(false);
  });

  it('grants nothing after a force-quit, while active, or with nothing requested', () => {
    expect(ios.next(policyState({ forceQuit: true }))).toBeNull();
    expect(ios.next(policyState({ conditions: { ...background, appState: 'active' } }))).toBeNull();
    expect(ios.next(policyState({ request: null }))).toBeNull();
  });
});

describe('iosPolicy with expo-background-task (pure)', () => {
  const expo = iosPolicy({ adapter: 'expo-background-task' });
  const idle = { ...background, deviceIdle: true };

  it('plans processing tasks only, while the phone is idle with a network, without a charger', () => {
    expect(expo.next(policyState())).toBeNull();
    const plan = expo.next(policyState({ conditions: idle }));
    expect(plan).toMatchObject({ kind: 'processing', budgetMs: 25_000 });
    expect(expo.next(policyState({ conditions: { ...idle, network: 'none' } }))).toBeNull();
    const granted = { ...plan!, request: request() };
    expect(expo.keeps?.(granted, policyState({ conditions: idle }))).toBe(true);
    expect(expo.keeps?.(granted, policyState({ conditions: background }))).toBe(false);
  });

  it('runs no processing task once the app has gone a week unopened', () => {
    const s = policyState({ conditions: idle, opens: [10 * DAY - 8 * DAY] });
    expect(expo.next(s)).toBeNull();
    expect(expo.next({ ...s, opens: [10 * DAY - 6 * DAY] })).not.toBeNull();
  });

  it('runs at most one processing task per 12 hours', () => {
    const s = policyState({ conditions: idle, lastWake: { processing: 10 * DAY - HOUR } });
    expect(expo.next(s)!.at).toBe(10 * DAY + 11 * HOUR);
  });
});

describe('iosPolicy in simulated days', () => {
  const app = syncApp();

  it('background-fetch: refresh windows only, none longer than 25 s, at most six a day, nothing while force-quit', async () => {
    const scenario = createScenario({ seed: 3, days: 5, forceQuitsPerDay: 1, killsPerDay: 3 });
    const { timeline } = await simulate({ scenario, policy: iosPolicy(), app });
    expect(timeline.windows.length).toBeGreaterThan(5);
    for (const w of timeline.windows) {
      expect(w.kind).toBe('refresh');
      expect(w.deadline - w.start).toBeLessThanOrEqual(25_000);
    }
    for (let d = 0; d < 5; d++)
      expect(timeline.windows.filter((w) => Math.floor(w.start / DAY) === d).length).toBeLessThanOrEqual(6);
    const forced = timeline.dead.filter((d) => d.forced);
    expect(forced.length).toBeGreaterThan(0);
    for (const d of forced)
      expect(timeline.windows.some((w) => w.start >= d.start && w.start < d.end)).toBe(false);
  });

  it('background-fetch: no refresh in the first two days after install', async () => {
    const scenario = createScenario({ seed: 4, days: 4, installedDaysAgo: 0 });
    const { timeline } = await simulate({ scenario, policy: iosPolicy(), app });
    expect(timeline.windows.filter((w) => w.start < 2 * DAY)).toEqual([]);
    expect(timeline.windows.filter((w) => w.start >= 2 * DAY).length).toBeGreaterThan(0);
  });

  it('expo-background-task: no refresh task is simulated, processing tasks come at night', async () => {
    const scenario = createScenario({ seed: 5, days: 3 });
    const { timeline } = await simulate({
      scenario,
      policy: iosPolicy({ adapter: 'expo-background-task' }),
      app,
    });
    expect(timeline.windows.length).toBeGreaterThan(0);
    for (const w of timeline.windows) {
      expect(w.kind).toBe('processing');
      const c = timeline.conditions.find((s) => s.start <= w.start && w.start < s.end)!.conditions;
      expect(c.deviceIdle).toBe(true);
    }
  });

  it('Low Power Mode stops every background launch', async () => {
    const scenario = createScenario({ seed: 6, days: 2, lowPowerMode: true });
    for (const adapter of ['background-fetch', 'expo-background-task'] as const) {
      const { timeline } = await simulate({ scenario, policy: iosPolicy({ adapter }), app });
      expect(timeline.windows).toEqual([]);
    }
  });
});
