import { createQueue, defineJob } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { deviceDayApp } from '../../../examples/device-day/app';
import { androidPolicy } from '../src/androidPolicy';
import { createScenario } from '../src/createScenario';
import { iosPolicy } from '../src/iosPolicy';
import { renderTerminal } from '../src/renderTerminal';
import { simulate } from '../src/simulate';
import type { WakePolicy } from '../src/wakePolicy';

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

  it('runs the demo app with zero constraint violations under both models', async () => {
    for (const policy of [iosPolicy(), androidPolicy()]) {
      const week = await simulate({
        scenario: createScenario({ seed: 2, days: 7 }),
        policy,
        app: deviceDayApp,
      });
      expect(week.metrics.violations).toEqual([]);
      expect(week.errors).toEqual([]);
      expect(week.metrics.byType['sync-inbox']!.completed).toBeGreaterThan(200);
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
