import { type Conditions, DEFAULT_CONDITIONS } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../src/buildTimeline';
import { computeMetrics, percentile } from '../src/computeMetrics';
import { findViolations } from '../src/findViolations';
import type { SimulationEvent } from '../src/timeline';

const online: Conditions = { ...DEFAULT_CONDITIONS, appState: 'background' };
const offline: Conditions = { ...online, network: 'none' };
const report = (at: number, deadline: number, ran: number) => ({
  startedAt: at,
  endedAt: at + 10_000,
  deadline,
  ran,
  succeeded: ran,
  failed: 0,
  interrupted: 0,
  deferred: 0,
  nextWakeAt: null,
  result: 'new-data' as const,
});
const net = { network: 'connected' as const };

// A small day, by hand: two syncs (one retried), a window that ran nothing, a kill mid-upload.
const log: SimulationEvent[] = [
  { at: 0, type: 'conditions', conditions: online, batteryLevel: 0.9 },
  { at: 0, type: 'process', event: 'launch', reason: 'initial' },
  { at: 1_000, type: 'window-start', kind: 'refresh', deadline: 31_000 },
  { at: 1_000, type: 'job', event: 'started', id: 's1', name: 'sync', createdAt: 0, constraints: net },
  { at: 5_000, type: 'job', event: 'succeeded', id: 's1', name: 'sync' },
  { at: 11_000, type: 'window-end', outcome: 'completed', report: report(1_000, 31_000, 1) },
  { at: 60_000, type: 'window-start', kind: 'processing', deadline: 360_000 },
  { at: 60_000, type: 'window-end', outcome: 'completed', report: report(60_000, 360_000, 0) },
  { at: 100_000, type: 'job', event: 'started', id: 's2', name: 'sync', createdAt: 90_000, constraints: net },
  { at: 102_000, type: 'job', event: 'retrying', id: 's2', name: 'sync', reason: 'RETRY_LATER' },
  { at: 160_000, type: 'job', event: 'started', id: 's2', name: 'sync', createdAt: 90_000, constraints: net },
  { at: 170_000, type: 'job', event: 'succeeded', id: 's2', name: 'sync' },
  { at: 200_000, type: 'job', event: 'started', id: 'u1', name: 'upload', createdAt: 150_000 },
  { at: 230_000, type: 'process', event: 'kill' },
  { at: 300_000, type: 'process', event: 'launch', reason: 'wake' },
  { at: 300_000, type: 'job', event: 'interrupted', id: 'u1', name: 'upload', reason: 'INTERRUPTED' },
];

describe('buildTimeline and computeMetrics on a hand-made log', () => {
  const timeline = buildTimeline(log, { startAt: 0, endAt: 400_000 });
  const metrics = computeMetrics(timeline);

  it('pairs runs with their outcomes, closing runs at a kill', () => {
    expect(timeline.runs.map((r) => [r.id, r.outcome, r.start, r.end])).toEqual([
      ['s1', 'succeeded', 1_000, 5_000],
      ['s2', 'retrying', 100_000, 102_000],
      ['s2', 'succeeded', 160_000, 170_000],
      ['u1', 'killed', 200_000, 230_000],
    ]);
    expect(timeline.dead).toEqual([{ start: 230_000, end: 300_000, forced: false }]);
  });

  it('counts completions, latency percentiles, windows and wasted work', () => {
    expect(metrics.byType.sync).toMatchObject({ runs: 3, completed: 2, retried: 1, interrupted: 0 });
    // Latencies 5 s and 80 s: the median is the lower by nearest rank, p95 the higher.
    expect(metrics.byType.sync?.latencyP50).toBe(5_000);
    expect(metrics.byType.sync?.latencyP95).toBe(80_000);
    expect(metrics.byType.upload).toMatchObject({ runs: 1, completed: 0, interrupted: 1, wastedMs: 30_000 });
    expect(metrics.byType.upload?.latencyP50).toBeUndefined();
    expect(metrics.windows).toEqual({
      granted: 2,
      used: 1,
      expired: 0,
      refresh: 1,
      processing: 1,
      aborted: 0,
    });
    // Only s1 succeeded inside a window: s2 ran while no window was open.
    expect(metrics.byType.sync?.background).toBe(1);
    expect(metrics.byType.upload?.background).toBe(0);
    expect(metrics).toMatchObject({ interrupted: 1, wastedMs: 30_000, launches: 2, kills: 1, forceQuits: 0 });
    expect(metrics.violations).toEqual([]);
  });

  it('percentile uses the nearest rank', () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
    expect(
      percentile(
        Array.from({ length: 100 }, (_, i) => i + 1),
        0.95,
      ),
    ).toBe(95);
  });

  it('flags a window the app did not finish by its deadline as expired', () => {
    const t = buildTimeline(
      [
        { at: 0, type: 'window-start', kind: 'refresh', deadline: 30_000 },
        { at: 30_000, type: 'window-end', outcome: 'expired' },
        { at: 30_000, type: 'process', event: 'kill' },
      ],
      { startAt: 0, endAt: 60_000 },
    );
    expect(computeMetrics(t).windows).toMatchObject({ granted: 1, expired: 1 });
  });
});

describe('findViolations', () => {
  it('detects a run that started offline or kept running after the network left (a broken event stream)', () => {
    const broken: SimulationEvent[] = [
      { at: 0, type: 'conditions', conditions: offline, batteryLevel: 1 },
      { at: 1_000, type: 'job', event: 'started', id: 'a', name: 'sync', createdAt: 0, constraints: net },
      { at: 4_000, type: 'job', event: 'succeeded', id: 'a', name: 'sync' },
      { at: 10_000, type: 'conditions', conditions: online, batteryLevel: 1 },
      { at: 11_000, type: 'job', event: 'started', id: 'b', name: 'sync', createdAt: 0, constraints: net },
      { at: 20_000, type: 'conditions', conditions: offline, batteryLevel: 1 },
      { at: 25_000, type: 'job', event: 'succeeded', id: 'b', name: 'sync' },
      // Aborted at the very instant the network went: allowed.
      { at: 30_000, type: 'conditions', conditions: online, batteryLevel: 1 },
      { at: 31_000, type: 'job', event: 'started', id: 'c', name: 'sync', createdAt: 0, constraints: net },
      { at: 40_000, type: 'conditions', conditions: offline, batteryLevel: 1 },
      { at: 40_000, type: 'job', event: 'interrupted', id: 'c', name: 'sync', reason: 'CONSTRAINTS_UNMET' },
    ];
    const violations = findViolations(buildTimeline(broken, { startAt: 0, endAt: 60_000 }));
    expect(violations.map((v) => [v.id, v.at, v.durationMs])).toEqual([
      ['a', 1_000, 3_000],
      ['b', 20_000, 5_000],
    ]);
    expect(violations[0]?.conditions.network).toBe('none');
  });
});
