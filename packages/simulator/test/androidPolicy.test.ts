import type { Conditions } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { androidPolicy } from '../src/androidPolicy';
import { createScenario } from '../src/createScenario';
import { DOZE_TIMINGS, dozePhase } from '../src/dozePhase';
import { simulate } from '../src/simulate';
import type { Timeline } from '../src/timeline';
import { background, DAY, drive, HOUR, MIN, policyState, request } from './policyState';
import { syncApp } from './syncApp';

const charging: Conditions = { ...background, charging: true };
const at = (timeline: Timeline, instant: number) =>
  timeline.conditions.find((c) => c.start <= instant && instant < c.end)!.conditions;

describe('androidPolicy (pure)', () => {
  const android = androidPolicy();

  it('gives a background-fetch window the adapter budget within the library limits', () => {
    expect(android.next(policyState())?.budgetMs).toBe(25_000);
    const bigger = androidPolicy({ adapterBudgetMs: 50_000 });
    expect(bigger.next(policyState())?.budgetMs).toBe(50_000);
    // Headless (the wake launches the app): React Native's headless task stops at 30 s.
    expect(bigger.next(policyState({ processAlive: false }))?.budgetMs).toBe(30_000);
    // The library's own task timeout, BGTask.MAX_TIME.
    expect(androidPolicy({ adapterBudgetMs: 90_000 }).next(policyState())?.budgetMs).toBe(60_000);
  });

  it('gives an expo-background-task window the adapter budget within the 10 minutes a job may run', () => {
    expect(androidPolicy({ adapter: 'expo-background-task' }).next(policyState())?.budgetMs).toBe(25_000);
    const long = androidPolicy({ adapter: 'expo-background-task', adapterBudgetMs: 20 * MIN });
    expect(long.next(policyState({ conditions: charging }))?.budgetMs).toBe(10 * MIN);
  });

  it('background-fetch: one wake per 15-minute period, at a seeded instant anywhere in it, whatever earliestAt says', () => {
    const start = policyState({
      conditions: charging,
      request: request({ earliestAt: 10 * DAY + 5 * HOUR }),
      requestSince: { scheduled: 10 * DAY, flags: 10 * DAY },
    });
    const granted = drive(android, start, 1);
    expect(granted.length).toBeGreaterThan(80);
    expect(granted[0]!.at).toBeLessThan(10 * DAY + 15 * MIN);
    const gaps = granted.slice(1).map((g, i) => g.at - granted[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30 * MIN + 5_000);
    // Spread, not a metronome: gaps of under 5 and over 25 minutes both happen.
    expect(gaps.some((g) => g < 5 * MIN)).toBe(true);
    expect(gaps.some((g) => g > 25 * MIN)).toBe(true);
  });

  it('expo-background-task: 25 s after it was scheduled, then 15 minutes after each run ended', () => {
    const expo = androidPolicy({ adapter: 'expo-background-task' });
    const start = policyState({
      conditions: charging,
      requestSince: { scheduled: 10 * DAY, flags: 10 * DAY },
    });
    const granted = drive(expo, start, 0.1);
    expect(granted[0]!.at).toBe(10 * DAY + 25_000);
    expect(granted[1]!.at).toBe(granted[0]!.at + 5_000 + 15 * MIN);
  });

  it("honours the library's constraints and stops a window that loses them", () => {
    const offline = { ...background, network: 'none' as const };
    expect(
      android.next(policyState({ conditions: offline, request: request({ network: true }) })),
    ).toBeNull();
    expect(
      android.next(policyState({ conditions: offline, request: request({ network: false }) })),
    ).not.toBeNull();
    expect(android.next(policyState({ request: request({ charging: true }) }))).toBeNull();
    // expo-background-task asks for a network and a battery that is not low, whatever the request.
    const expo = androidPolicy({ adapter: 'expo-background-task' });
    expect(expo.next(policyState({ conditions: offline }))).toBeNull();
    expect(expo.next(policyState({ conditions: { ...background, batteryLow: true } }))).toBeNull();
    const granted = {
      at: 0,
      kind: 'refresh' as const,
      budgetMs: 25_000,
      request: request({ network: true }),
    };
    expect(android.keeps?.(granted, policyState({ conditions: offline }))).toBe(false);
    expect(android.keeps?.(granted, policyState())).toBe(true);
  });

  it('a rare-bucket app gets at most 10 minutes of job time a day unplugged, more while charging', () => {
    // Windows as long as the library allows, so the time quota is what binds.
    const rare = androidPolicy({
      adapter: 'expo-background-task',
      bucket: 'rare',
      adapterBudgetMs: 20 * MIN,
    });
    const length = (p: { budgetMs: number; expiresAfterMs?: number }) =>
      Math.min(p.budgetMs, p.expiresAfterMs ?? p.budgetMs);
    const unplugged = drive(rare, policyState(), 3, length);
    for (const w of unplugged) {
      const day = unplugged.filter((o) => o.at > w.at - DAY && o.at <= w.at);
      expect(day.reduce((sum, o) => sum + length(o), 0)).toBeLessThanOrEqual(10 * MIN);
    }
    const plugged = drive(rare, policyState({ conditions: charging }), 3, length);
    expect(plugged.reduce((sum, o) => sum + length(o), 0)).toBeGreaterThan(3 * 10 * MIN);
  });

  it('a restricted app runs once a day, plugged in or not', () => {
    for (const conditions of [background, charging]) {
      const granted = drive(androidPolicy({ bucket: 'restricted' }), policyState({ conditions }), 3);
      expect(granted.length).toBe(3);
      expect(granted[1]!.at - granted[0]!.at).toBeGreaterThanOrEqual(DAY);
    }
  });

  it('takes the bucket from the scenario unless the policy names one', () => {
    const device = { ...policyState().device, bucket: 'restricted' as const };
    expect(drive(android, policyState({ device }), 1).length).toBe(1);
    expect(
      drive(androidPolicy({ bucket: 'working-set' }), policyState({ device }), 1).length,
    ).toBeGreaterThan(20);
  });

  it('holds jobs to Doze maintenance windows and ends a window with the maintenance window', () => {
    // Still, screen-off and unplugged since 10 d − 3 h: deep idle since 10 d − 2 h.
    const idle = { ...background, deviceIdle: true };
    const since = {
      ...policyState().conditionsSince,
      deviceIdle: 10 * DAY - 3 * HOUR,
      charging: 10 * DAY - 3 * HOUR,
    };
    const plan = android.next(policyState({ conditions: idle, conditionsSince: since }))!;
    const phase = dozePhase(10 * DAY - 3 * HOUR, plan.at);
    expect(phase.state).toBe('maintenance');
    expect(plan.expiresAfterMs ?? plan.budgetMs).toBeLessThanOrEqual(phase.until - plan.at);
    expect(
      androidPolicy({ doze: false }).next(policyState({ conditions: idle, conditionsSince: since }))!.at,
    ).toBeLessThan(plan.at);
  });

  it('ends a window with the maintenance window, and counts Doze from when the phone was both still and unplugged', () => {
    const idle = { ...background, deviceIdle: true };
    const still = 10 * DAY - 3 * HOUR;
    // Deep idle from 10 d − 2 h: idle for an hour, then maintenance until 10 d − 55 min.
    const since = { ...policyState().conditionsSince, deviceIdle: still, charging: still };
    const now = 10 * DAY - 55 * MIN - 10_000;
    const plan = android.next(policyState({ now, conditions: idle, conditionsSince: since }))!;
    expect(plan.at).toBe(now);
    expect(plan.expiresAfterMs).toBe(10_000);
    // Still for hours but unplugged only half an hour ago: not dozing yet.
    const unplugged = { ...since, charging: 10 * DAY - 30 * MIN };
    const awake = android.next(policyState({ conditions: idle, conditionsSince: unplugged }))!;
    expect(dozePhase(10 * DAY - 30 * MIN, awake.at).state).toBe('awake');
    expect(awake.at).toBeLessThan(10 * DAY + 15 * MIN);
  });

  it('ends a window when the quota runs out', () => {
    // 9 min 20 s of the working set's 10 minutes used in the last hour.
    const windows = [{ at: 10 * DAY - HOUR, end: 10 * DAY - HOUR + 560_000, kind: 'refresh' as const }];
    const expo = androidPolicy({ adapter: 'expo-background-task', adapterBudgetMs: 5 * MIN });
    const plan = expo.next(
      policyState({ windows, requestSince: { scheduled: 10 * DAY - 2 * HOUR, flags: 0 } }),
    )!;
    expect(plan.expiresAfterMs).toBe(40_000);
  });
});

describe('androidPolicy vendor rules (pure)', () => {
  it('xiaomi: no work without a live process, none after a swipe, the process killed 10 minutes into the background', () => {
    const xiaomi = androidPolicy({ oem: 'xiaomi' });
    expect(xiaomi.next(policyState({ processAlive: false }))).toBeNull();
    expect(xiaomi.next(policyState({ forceQuit: true }))).toBeNull();
    expect(androidPolicy().next(policyState({ forceQuit: true, processAlive: false }))).not.toBeNull();
    const s = policyState();
    expect(xiaomi.killAt?.(s)).toBe(Math.max(s.now, s.conditionsSince.appState + 10 * MIN));
    expect(androidPolicy().killAt?.(s)).toBeNull();
  });

  it('samsung: a sleeping app after 3 days unused runs once a day; after 16 days, never', () => {
    const samsung = androidPolicy({ oem: 'samsung' });
    const unusedFor = (days: number) => policyState({ opens: [10 * DAY - days * DAY] });
    expect(drive(samsung, unusedFor(1), 1).length).toBeGreaterThan(20);
    expect(drive(samsung, unusedFor(4), 1).length).toBe(1);
    expect(samsung.next(unusedFor(17))).toBeNull();
  });
});

describe('androidPolicy in simulated days', () => {
  it('Doze: unplugged at night, wakes come only in maintenance windows that get further apart', async () => {
    const scenario = createScenario({ seed: 8, days: 2, charging: 'never', batteryLevel: 1, killsPerDay: 0 });
    const { timeline } = await simulate({ scenario, policy: androidPolicy(), app: syncApp() });
    // The spans during which the phone was idle and unplugged, and since when.
    let idleSince: number | undefined;
    let dozing = 0;
    for (const w of timeline.windows) {
      for (const span of timeline.conditions) {
        if (span.start > w.start) break;
        const idle = span.conditions.deviceIdle && !span.conditions.charging;
        if (!idle) idleSince = undefined;
        else idleSince ??= span.start;
      }
      const phase = dozePhase(at(timeline, w.start).deviceIdle ? idleSince : undefined, w.start);
      expect(phase.state).not.toBe('idle');
      if (phase.state === 'maintenance') dozing++;
      idleSince = undefined;
    }
    expect(dozing).toBeGreaterThan(2);
    // Deep idle: an hour, two, four, six: a handful of windows a night, not four an hour.
    const night = timeline.windows.filter((w) => w.start % DAY > 2 * HOUR && w.start % DAY < 6 * HOUR);
    expect(night.length).toBeLessThanOrEqual(4);
    expect(DOZE_TIMINGS.maxIdleMs).toBe(6 * HOUR);
  });

  it('xiaomi: after a kill, nothing runs in the background until the user opens the app', async () => {
    const scenario = createScenario({ seed: 9, days: 2, killsPerDay: 3 });
    const { timeline } = await simulate({
      scenario,
      policy: androidPolicy({ oem: 'xiaomi' }),
      app: syncApp(),
    });
    expect(timeline.kills).toBeGreaterThan(6);
    for (const d of timeline.dead)
      expect(timeline.windows.some((w) => w.start > d.start && w.start < d.end)).toBe(false);
  });

  it('no window is longer than the adapter budget', async () => {
    const scenario = createScenario({ seed: 10, days: 2 });
    for (const adapter of ['background-fetch', 'expo-background-task'] as const) {
      const { timeline } = await simulate({ scenario, policy: androidPolicy({ adapter }), app: syncApp() });
      expect(timeline.windows.length).toBeGreaterThan(50);
      for (const w of timeline.windows) expect(w.deadline - w.start).toBeLessThanOrEqual(25_000);
    }
  });
});
