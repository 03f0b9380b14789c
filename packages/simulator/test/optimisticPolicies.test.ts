import type { WakeRequest } from '@nightshift/core';
import { describe, expect, it } from 'vitest';
import { deviceDayApp } from '../../../examples/device-day/app';
import { androidPolicy } from '../src/androidPolicy';
import { createScenario } from '../src/createScenario';
import { iosPolicy } from '../src/iosPolicy';
import { simulate } from '../src/simulate';
import type { PolicyState } from '../src/wakePolicy';
import { background, MIN, policyState, request } from './policyState';

// The best-case presets keep the simulator's first models: they time wakes from `earliestAt`.
const state = (over: Partial<PolicyState> = {}): PolicyState => policyState({ now: 0, ...over });

describe("iosPolicy({ preset: 'optimistic' }) (pure)", () => {
  const ios = iosPolicy({ preset: 'optimistic', refreshJitterMs: 0 });

  it('grants ~30 s refresh wake-ups at least 15 min apart, never before earliestAt', () => {
    expect(ios.next(state())).toEqual({ at: 0, kind: 'refresh', budgetMs: 30_000 });
    expect(ios.next(state({ now: 5 * MIN, lastWake: { refresh: 0 } }))?.at).toBe(15 * MIN);
    expect(ios.next(state({ request: request({ earliestAt: 40 * MIN }) }))?.at).toBe(40 * MIN);
  });

  it('adds a seeded opportunistic delay on top', () => {
    const jittered = iosPolicy({ preset: 'optimistic' }).next(
      state({ random: 0.5, request: request({ earliestAt: 60 * MIN }) }),
    );
    expect(jittered?.at).toBe(60 * MIN + 7.5 * MIN);
  });

  it('grants nothing after a force-quit, while active, or with nothing requested', () => {
    expect(ios.next(state({ forceQuit: true }))).toBeNull();
    expect(ios.next(state({ conditions: { ...background, appState: 'active' } }))).toBeNull();
    expect(ios.next(state({ request: null }))).toBeNull();
  });

  it('grants processing wake-ups only while idle and charging, with minutes of budget', () => {
    const idle = { ...background, deviceIdle: true, charging: true };
    expect(ios.next(state({ conditions: idle }))).toEqual({ at: 0, kind: 'processing', budgetMs: 5 * MIN });
    expect(ios.next(state({ conditions: { ...idle, charging: false } }))?.kind).toBe('refresh');
    expect(ios.next(state({ conditions: { ...idle, deviceIdle: false } }))?.kind).toBe('refresh');
    const granted = { at: 0, kind: 'processing' as const, budgetMs: 5 * MIN, request: request() };
    expect(ios.keeps?.(granted, state({ conditions: idle }))).toBe(true);
    expect(ios.keeps?.(granted, state({ conditions: { ...idle, charging: false } }))).toBe(false);
  });
});

describe("androidPolicy({ preset: 'optimistic' }) (pure)", () => {
  const android = androidPolicy({ preset: 'optimistic' });

  it('honours earliestAt with a 10 min budget', () => {
    expect(android.next(state({ request: request({ earliestAt: 42 * MIN }) }))).toEqual({
      at: 42 * MIN,
      kind: 'processing',
      budgetMs: 10 * MIN,
    });
    expect(android.minPeriodMs).toBe(15 * MIN);
  });

  it('honours the network and charging flags of the request', () => {
    const offline = { ...background, network: 'none' as const };
    expect(android.next(state({ conditions: offline, request: request({ network: true }) }))).toBeNull();
    expect(android.next(state({ conditions: offline, request: request({ network: false }) }))).not.toBeNull();
    expect(android.next(state({ request: request({ charging: true }) }))).toBeNull();
    expect(
      android.next(
        state({ conditions: { ...background, charging: true }, request: request({ charging: true }) }),
      ),
    ).not.toBeNull();
    const granted = {
      at: 0,
      kind: 'processing' as const,
      budgetMs: 10 * MIN,
      request: request({ network: true }),
    };
    expect(android.keeps?.(granted, state({ conditions: offline }))).toBe(false);
  });

  it('keeps wake-ups 15 min apart and works on after a swipe-away unless told otherwise', () => {
    expect(android.next(state({ now: MIN, lastWake: { processing: 0 } }))?.at).toBe(15 * MIN);
    expect(android.next(state({ forceQuit: true }))).not.toBeNull();
    expect(
      androidPolicy({ preset: 'optimistic', forceQuitStopsWork: true }).next(state({ forceQuit: true })),
    ).toBeNull();
  });
});

describe('the optimistic presets in a simulated week', () => {
  const scenario = createScenario({ seed: 3, days: 3, forceQuitsPerDay: 1, killsPerDay: 3 });

  it('ios: refresh ≥ 15 min apart with 30 s, processing only idle+charging, nothing while force-quit', async () => {
    const { timeline } = await simulate({
      scenario,
      policy: iosPolicy({ preset: 'optimistic' }),
      app: deviceDayApp,
    });
    const refresh = timeline.windows.filter((w) => w.kind === 'refresh');
    expect(refresh.length).toBeGreaterThan(20);
    for (let i = 1; i < refresh.length; i++)
      expect(refresh[i]!.start - refresh[i - 1]!.start).toBeGreaterThanOrEqual(15 * MIN);
    for (const w of refresh) expect(w.deadline - w.start).toBe(30_000);
    const at = (instant: number) =>
      timeline.conditions.find((c) => c.start <= instant && instant < c.end)!.conditions;
    const processing = timeline.windows.filter((w) => w.kind === 'processing');
    expect(processing.length).toBeGreaterThan(0);
    for (const w of processing) expect(at(w.start)).toMatchObject({ deviceIdle: true, charging: true });
    const forced = timeline.dead.filter((d) => d.forced);
    expect(forced.length).toBeGreaterThan(0);
    for (const d of forced) {
      // Dead until the user opened the app: no window in between, and the launch was an open.
      expect(timeline.windows.some((w) => w.start >= d.start && w.start < d.end)).toBe(false);
      if (d.end < timeline.endAt) expect(at(d.end).appState).toBe('active');
    }
  });

  it('android: windows only where the request allowed them, 10 min budget', async () => {
    const { timeline, events } = await simulate({
      scenario,
      policy: androidPolicy({ preset: 'optimistic' }),
      app: deviceDayApp,
    });
    expect(timeline.windows.length).toBeGreaterThan(20);
    // The request the OS held when it opened each window: the last one logged before it.
    let held: WakeRequest | null = null;
    let checked = 0;
    for (const e of events) {
      if (e.type === 'request') held = e.request;
      if (e.type !== 'window-start') continue;
      checked++;
      expect(e.deadline - e.at).toBe(10 * MIN);
      expect(held).not.toBeNull();
      expect(e.at).toBeGreaterThanOrEqual(held!.earliestAt);
      const c = timeline.conditions.find((s) => s.start <= e.at && e.at < s.end)!.conditions;
      if (held!.network) expect(c.network).not.toBe('none');
      if (held!.charging) expect(c.charging).toBe(true);
    }
    expect(checked).toBe(timeline.windows.length);
  });
});
