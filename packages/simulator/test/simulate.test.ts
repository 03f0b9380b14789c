import { createQueue, defineJob } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { deviceDayApp } from '../../../examples/device-day/app';
import { androidPolicy } from '../src/androidPolicy';
import { createScenario } from '../src/createScenario';
import { iosPolicy } from '../src/iosPolicy';
import { renderTerminal } from '../src/renderTerminal';
import { simulate } from '../src/simulate';
import type { PolicyState, WakePolicy } from '../src/wakePolicy';
import { syncApp } from './syncApp';

const HOUR = 3_600_000;
/** A policy that wakes the app every hour for `budgetMs` and remembers what it was told. */
function hourly(over: Partial<WakePolicy> & { budgetMs?: number; expiresAfterMs?: number } = {}) {
  const seen: PolicyState[] = [];
  const { budgetMs = 60_000, expiresAfterMs, ...rest } = over;
  const policy: WakePolicy = {
    name: 'hourly',
    next(s) {
      seen.push(s);
      if (s.conditions.appState === 'active' || !s.request) return null;
      const at = Math.max(s.now, (s.lastWake.refresh ?? -Infinity) + HOUR);
      return expiresAfterMs === undefined
        ? { at, kind: 'refresh', budgetMs }
        : { at, kind: 'refresh', budgetMs, expiresAfterMs };
    },
    ...rest,
  };
  return { policy, seen };
}

describe('simulate', () => {
  const scenario = createScenario({ seed: 11, days: 1, killsPerDay: 3, forceQuitsPerDay: 1 });

  it('replays: the same seed gives the same timeline, to the JSON', async () => {
    const a = await simulate({ scenario, policy: iosPolicy(), app: deviceDayApp });
    const b = await simulate({ scenario, policy: iosPolicy(), app: deviceDayApp });
    expect(JSON.stringify(b.timeline)).toBe(JSON.stringify(a.timeline));
    expect(b.metrics).toEqual(a.metrics);
    const other = await simulate({
      scenario: createScenario({ seed: 12 }),
      policy: iosPolicy(),
      app: deviceDayApp,
    });
    expect(JSON.stringify(other.timeline)).not.toBe(JSON.stringify(a.timeline));
  });

  it('runs the demo app with zero constraint violations under every model', async () => {
    for (const policy of [
      iosPolicy(),
      iosPolicy({ adapter: 'expo-background-task' }),
      androidPolicy(),
      androidPolicy({ adapter: 'expo-background-task', oem: 'samsung' }),
      iosPolicy({ preset: 'optimistic' }),
    ]) {
      const week = await simulate({
        scenario: createScenario({ seed: 2, days: 7 }),
        policy,
        app: deviceDayApp,
      });
      expect(week.metrics.violations).toEqual([]);
      expect(week.errors).toEqual([]);
      // In the foreground at every open, and in the background now and then.
      expect(week.metrics.byType['sync-inbox']!.completed).toBeGreaterThan(70);
      expect(week.metrics.byType['sync-inbox']!.background).toBeGreaterThan(5);
      expect(week.metrics.kills).toBeGreaterThan(5);
      expect(week.metrics.launches).toBeLessThanOrEqual(1 + week.metrics.kills + week.metrics.forceQuits);
      expect(week.metrics.launches).toBeGreaterThanOrEqual(week.metrics.kills);
    }
  });

  it('takes a custom policy and resumes checkpointed work across kills', async () => {
    const hourly: WakePolicy = {
      name: 'hourly',
      next: (s) =>
        s.conditions.appState === 'active' || !s.request
          ? null
          : {
              at: Math.max(s.now, (s.lastWake.refresh ?? -Infinity) + 3_600_000),
              kind: 'refresh',
              budgetMs: 60_000,
            },
    };
    const chunks: number[] = [];
    const result = await simulate({
      scenario: createScenario({
        seed: 1,
        network: 'wifi',
        sessionsPerDay: 0,
        killsPerDay: 0,
        forceQuitsPerDay: 0,
        charging: 'always',
      }),
      policy: hourly,
      app: ({ platform, store, launch }) => {
        const big = defineJob({
          name: 'big',
          async run(_p: null, ctx) {
            for (let i = (ctx.checkpoint as number | undefined) ?? 0; i < 10; i++) {
              await platform.sleep(10_000, ctx.signal);
              chunks.push(i);
              await ctx.saveCheckpoint(i + 1);
            }
          },
        });
        const queue = createQueue({ platform, store, jobs: [big] });
        return {
          queue,
          jobs: [big],
          onStart: async () => {
            if (launch === 0) await queue.enqueue(big, null);
          },
        };
      },
    });
    // 100 s of work through 60 s windows: cut once, resumed from its checkpoint, never redone.
    expect(result.metrics.byType.big).toMatchObject({ completed: 1, interrupted: 1 });
    expect(chunks).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.metrics.windows.granted).toBe(2);
    expect(result.metrics.windows.expired).toBe(1);
  });

  it('renders a compact terminal summary with a lane per job type', async () => {
    const result = await simulate({ scenario, policy: androidPolicy(), app: deviceDayApp });
    const text = renderTerminal(result);
    expect(text).toContain('policy android');
    expect(text).toContain('constraint violations: 0');
    const rows = text.split('\n').slice(text.split('\n').findIndex((r) => r.startsWith('day 1')));
    for (const lane of ['app', 'network', 'charging', 'battery', 'OS windows', ...result.timeline.jobNames]) {
      const row = rows.find((r) => r.startsWith(lane.padEnd(16)));
      expect(row, lane).toBeDefined();
      expect([...row!].length).toBe(16 + 96);
    }
  });
});

describe('simulate and the policy', () => {
  const quiet = createScenario({ seed: 3, days: 1, killsPerDay: 0, forceQuitsPerDay: 0, network: 'wifi' });

  it('ends a window early when the policy says the OS will (expiresAfterMs)', async () => {
    const early = hourly({ budgetMs: 30_000, expiresAfterMs: 3_000 });
    const result = await simulate({ scenario: quiet, policy: early.policy, app: syncApp(10_000) });
    const windows = result.timeline.windows;
    expect(windows.length).toBeGreaterThan(10);
    for (const w of windows) {
      expect(w.outcome).toBe('aborted');
      expect(w.end - w.start).toBeLessThan(4_000);
    }
    expect(result.metrics.windows.aborted).toBe(windows.length);
    expect(result.timeline.runs.some((r) => r.reason === 'WINDOW_EXPIRED')).toBe(true);
    const full = await simulate({
      scenario: quiet,
      policy: hourly({ budgetMs: 30_000 }).policy,
      app: syncApp(10_000),
    });
    expect(full.timeline.windows.every((w) => w.outcome === 'completed')).toBe(true);
  });

  it("kills the process at the policy's killAt, and a new process starts at the next open", async () => {
    // No wake-ups: processes start only at opens, and die ten minutes into the background.
    const killer: WakePolicy = {
      name: 'killer',
      next: () => null,
      killAt: (s) =>
        s.processAlive && s.conditions.appState === 'background'
          ? s.conditionsSince.appState + 600_000
          : null,
    };
    const result = await simulate({ scenario: quiet, policy: killer, app: syncApp() });
    expect(result.metrics.kills).toBeGreaterThan(5);
    for (const d of result.timeline.dead) {
      const active = result.timeline.conditions.filter(
        (c) => c.start <= d.start && c.conditions.appState === 'active',
      );
      // Ten minutes after the user left the app (or after the start, for the first process).
      expect(d.start - (active.pop()?.end ?? quiet.startAt)).toBe(600_000);
    }
  });

  it('holds the request the app made before a window until the window ends', async () => {
    // The queue asks for nothing while every job runs, then again: the adapter applies neither.
    // (No sessions: in the foreground the queue runs the job itself and may ask for nothing.)
    const watch = hourly();
    const scenario = createScenario({ seed: 3, days: 1, sessionsPerDay: 0, killsPerDay: 0, network: 'wifi' });
    const result = await simulate({ scenario, policy: watch.policy, app: syncApp() });
    expect(result.timeline.requests.some((r) => r.request === null)).toBe(true);
    const scheduled = new Set(watch.seen.filter((s) => s.requestSince).map((s) => s.requestSince!.scheduled));
    expect(scheduled.size).toBe(1);
  });

  it('tells the policy the opens, the battery level, since when each condition holds, and past windows', async () => {
    const scenario = createScenario({ seed: 4, days: 1, installedDaysAgo: 10 });
    const watch = hourly();
    const result = await simulate({ scenario, policy: watch.policy, app: syncApp() });
    const last = watch.seen[watch.seen.length - 1]!;
    const opensInDay = result.timeline.conditions.filter(
      (c, i, all) => c.conditions.appState === 'active' && all[i - 1]?.conditions.appState !== 'active',
    ).length;
    expect(last.opens.length).toBe(scenario.history!.opens.length + opensInDay);
    expect(last.device).toEqual(scenario.device);
    expect(last.windows.map((w) => w.at)).toEqual(result.timeline.windows.map((w) => w.start));
    // Battery samples alone make the policy think again.
    expect(new Set(watch.seen.map((s) => s.batteryLevel)).size).toBeGreaterThan(10);
    const asleep = watch.seen.find((s) => s.conditions.deviceIdle && s.now > 12 * HOUR)!;
    const wentIdle = result.timeline.conditions.find(
      (c, i, all) => c.conditions.deviceIdle && i > 0 && !all[i - 1]!.conditions.deviceIdle,
    )!;
    expect(asleep.conditionsSince.deviceIdle).toBe(wentIdle.start);
  });

  it('asks the policy again when only the battery level changed', async () => {
    // Nothing else changes in the first hours: no sessions, wifi, unplugged, still.
    const scenario = createScenario({
      seed: 5,
      days: 1,
      sessionsPerDay: 0,
      killsPerDay: 0,
      network: 'wifi',
      charging: 'never',
      batteryLevel: 0.51,
    });
    const belowHalf: WakePolicy = {
      name: 'below half',
      next: (s) =>
        s.batteryLevel < 0.5 && !s.lastWake.refresh ? { at: s.now, kind: 'refresh', budgetMs: 30_000 } : null,
    };
    const { timeline } = await simulate({ scenario, policy: belowHalf, app: syncApp() });
    expect(timeline.windows).toHaveLength(1);
    expect(timeline.windows[0]!.start).toBeLessThan(HOUR);
  });
});
