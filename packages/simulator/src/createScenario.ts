import { createSeededRandom } from '@nightshift/adapter-memory';
import { type Conditions, DEFAULT_CONDITIONS, type NetworkState } from '@nightshift/core';
import { daySessions, type HabitOptions, userRoutine } from './daySessions';
import type { StandbyBucket } from './standbyQuota';
import type { DeviceProfile } from './wakePolicy';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A network trace {@link createScenario} can generate. */
export type NetworkTrace =
  /** home wifi, a cellular commute with dead spots, office wifi, back home */
  | 'commute'
  /** unmetered all day */
  | 'wifi'
  /** metered all day */
  | 'cellular'
  /** offline all day */
  | 'none'
  /** switches between wifi, cellular and nothing every 1 to 12 minutes */
  | 'flapping';

/**
 * Options of {@link createScenario}.
 *
 * @example
 * const scenario = createScenario({ seed: 3, days: 2, network: 'cellular', charging: 'never', batteryLevel: 0.3 });
 */
export interface ScenarioOptions {
  /** Seeds every random choice: the same options always give the same scenario. @default 1 */
  seed?: number;
  /** The first instant, taken as midnight of the first day. @default 0 */
  startAt?: number;
  /** How many days to generate. @default 1 */
  days?: number;
  /** The network trace. @default 'commute' @example createScenario({ network: 'flapping' }) */
  network?: NetworkTrace;
  /** App sessions (the user opens the app) per day, between waking up and going to bed. @default 10 */
  sessionsPerDay?: number;
  /** Shortest and longest session, in minutes. @default [1, 8] */
  sessionMinutes?: [number, number];
  /** `overnight`: plugged in from bedtime to waking up, sometimes topped up at noon. @default 'overnight' */
  charging?: 'overnight' | 'always' | 'never';
  /** Battery charge at the start, in 0..1; it drains and charges with use. @default 0.8 */
  batteryLevel?: number;
  /** Times per day the OS kills the process while it is in the background. @default 2 */
  killsPerDay?: number;
  /** Times per day the user swipes the app away right after a session (a fraction gives a seeded chance). @default 0.25 */
  forceQuitsPerDay?: number;
  /**
   * The share of sessions (after the morning one) that keep to the user's usual times of day,
   * ± 20 minutes; the others fall anywhere in the waking day. iOS learns the usual times.
   *
   * @default 0.6
   */
  habit?: number;
  /**
   * How many days before the simulation the app was installed. The user's opens of the last
   * 14 of them, with the same habits, are in the scenario's `history`: an OS that learns
   * usage starts from them. `0` simulates the first days after install.
   *
   * @default 30
   * @example
   * createScenario({ installedDaysAgo: 0, days: 5 }); // the first five days
   */
  installedDaysAgo?: number;
  /** The Android App Standby Bucket the app's usage puts it in. @default 'working-set' */
  bucket?: StandbyBucket;
  /** iOS Low Power Mode, on for the whole simulation. @default false */
  lowPowerMode?: boolean;
  /** The iOS Background App Refresh switch for the app. @default true */
  backgroundAppRefresh?: boolean;
}

/** One scripted change of the device. */
export type ScenarioStep =
  | {
      /** When the change happens. */
      at: number;
      /** A change of conditions (and battery level). */
      kind: 'conditions';
      /** The conditions that change at `at` (`appState: 'active'` is the user opening the app). */
      set: Partial<Conditions>;
      /** The new battery level, when it changed. */
      batteryLevel?: number;
    }
  /** The OS kills the process (memory pressure); the queue's store keeps what was written. */
  | {
      /** When the OS kills the process. */
      at: number;
      /** The process is killed. */
      kind: 'kill';
    }
  /** The user swipes the app away: the process dies and, on iOS, no wake-up comes until the app is opened. */
  | {
      /** When the user swipes the app away. */
      at: number;
      /** The user force-quits the app. */
      kind: 'force-quit';
    };

/** A seeded device scenario: what the device starts as and every change after. */
export interface Scenario {
  /** The seed it was generated from; the simulation seeds its own randomness from it too. */
  seed: number;
  /** The first instant. */
  startAt: number;
  /** The last instant: `startAt` plus the days asked for. */
  endAt: number;
  /** The conditions at `startAt`. */
  initial: Conditions;
  /** The battery charge at `startAt`, in 0..1. */
  batteryLevel: number;
  /** In time order; every `at` is in `(startAt, endAt)`. */
  steps: ScenarioStep[];
  /**
   * The device's settings and the app's install date.
   *
   * @default { installedAt: startAt - 30 days, bucket: 'working-set', lowPowerMode: false, backgroundAppRefresh: true }
   */
  device?: DeviceProfile;
  /** What happened before `startAt`. @default { opens: [] } */
  history?: {
    /** Every instant the user opened the app, oldest first. */
    opens: number[];
  };
}

type Change = { at: number; key: keyof Conditions; value: Conditions[keyof Conditions] };

/**
 * Generates a seeded day (or week) of a phone: app sessions switching between active and
 * background, a network trace, charging and battery level, device idle at night, process
 * kills in the background and the odd force-quit. Pure: the same options give the same
 * scenario, step for step.
 *
 * @param options - the shape of the day. @default {}
 * @returns the {@link Scenario}, ready for {@link simulate}.
 * @example
 * const scenario = createScenario({ seed: 42, days: 7, network: 'commute', killsPerDay: 3 });
 * scenario.steps.filter((s) => s.kind === 'kill').length; // about 21
 */
export function createScenario(options: ScenarioOptions = {}): Scenario {
  const { seed = 1, startAt = 0, days = 1, network = 'commute', sessionsPerDay = 10 } = options;
  const {
    sessionMinutes = [1, 8],
    charging = 'overnight',
    killsPerDay = 2,
    forceQuitsPerDay = 0.25,
  } = options;
  if (!(days > 0)) throw new RangeError(`days must be > 0, got ${days}`);
  const { installedDaysAgo = 30, habit = 0.6 } = options;
  if (!(installedDaysAgo >= 0))
    throw new RangeError(`installedDaysAgo must be >= 0, got ${installedDaysAgo}`);
  // The routine and the days before the simulation have streams of their own, so that
  // changing them leaves the simulated days as they were.
  const habits: HabitOptions = {
    sessionsPerDay,
    sessionMinutes,
    routine: userRoutine(Math.max(0, sessionsPerDay - 1), createSeededRandom(seed ^ 0x7a11)),
    habit,
  };
  const installedAt = startAt - Math.round(installedDaysAgo * DAY);
  const opens: number[] = [];
  const past = createSeededRandom(seed ^ 0x4157);
  for (let d = Math.min(14, Math.ceil(installedDaysAgo)); d >= 1; d--) {
    for (const [start] of daySessions(startAt - d * DAY, past, habits).sessions)
      if (start >= installedAt) opens.push(Math.round(start));
  }
  const device: DeviceProfile = {
    installedAt,
    bucket: options.bucket ?? 'working-set',
    lowPowerMode: options.lowPowerMode ?? false,
    backgroundAppRefresh: options.backgroundAppRefresh ?? true,
  };
  const random = createSeededRandom(seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const endAt = startAt + Math.round(days * DAY);
  const changes: Change[] = [];
  const set = (at: number, key: keyof Conditions, value: Conditions[keyof Conditions]) =>
    changes.push({ at: Math.round(at), key, value });
  const extra: ScenarioStep[] = [];

  set(startAt, 'appState', 'background');
  set(startAt, 'deviceIdle', true);
  set(startAt, 'charging', charging !== 'never');
  set(startAt, 'network', network === 'cellular' ? 'metered' : network === 'none' ? 'none' : 'unmetered');
  set(startAt, 'storageLow', false);
  for (let d = 0; d < Math.ceil(days); d++) {
    const day = startAt + d * DAY;
    const { wake, bed, sessions } = daySessions(day, random, habits);
    const free = sessions[sessions.length - 1]?.[1] ?? wake;
    for (const [start, end] of sessions) {
      set(start, 'appState', 'active');
      set(end, 'appState', 'background');
    }
    set(wake, 'deviceIdle', false);
    set(Math.max(bed, free) + 30 * MIN, 'deviceIdle', true);
    if (charging === 'overnight') {
      set(wake + between(10, 40) * MIN, 'charging', false);
      if (random() < 0.4) {
        const noon = day + between(11.5, 14) * HOUR;
        set(noon, 'charging', true);
        set(noon + between(30, 90) * MIN, 'charging', false);
      }
      set(bed - between(0, 30) * MIN, 'charging', true);
    }
    networkDay(network, day, wake, random, set);
    const background = (at: number) => !sessions.some(([s, e]) => at >= s - MIN && at <= e + MIN);
    for (let k = 0; k < count(killsPerDay, random); k++) {
      let at = between(day, day + DAY);
      for (let tries = 0; tries < 20 && !background(at); tries++) at = between(day, day + DAY);
      if (background(at)) extra.push({ at: Math.round(at), kind: 'kill' });
    }
    for (let k = 0; k < count(forceQuitsPerDay, random); k++) {
      const session = sessions[Math.floor(random() * sessions.length)];
      if (session) extra.push({ at: Math.round(session[1] + 3_000), kind: 'force-quit' });
    }
  }
  const scenario = assemble(
    { seed, startAt, endAt, batteryLevel: options.batteryLevel ?? 0.8 },
    changes,
    extra,
  );
  scenario.device = device;
  scenario.history = { opens };
  return scenario;
}

function count(perDay: number, random: () => number): number {
  const whole = Math.floor(perDay);
  return whole + (random() < perDay - whole ? 1 : 0);
}

function networkDay(
  trace: NetworkTrace,
  day: number,
  wake: number,
  random: () => number,
  set: (at: number, key: keyof Conditions, value: NetworkState) => void,
): void {
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  if (trace === 'flapping') {
    const states: NetworkState[] = ['unmetered', 'metered', 'none'];
    for (let at = day + between(1, 12) * MIN; at < day + DAY; at += between(1, 12) * MIN) {
      set(at, 'network', states[Math.floor(random() * 3)]!);
    }
    return;
  }
  if (trace !== 'commute') return;
  const commute = (from: number, to: NetworkState) => {
    set(from, 'network', 'metered');
    const length = between(30, 50) * MIN;
    // Dead spots: a tunnel, the underground.
    for (let k = 0; k < 2; k++) {
      if (random() < 0.6) {
        const gap = from + between(5, length / MIN - 5) * MIN;
        set(gap, 'network', 'none');
        set(gap + between(1, 4) * MIN, 'network', 'metered');
      }
    }
    set(from + length, 'network', to);
    return from + length;
  };
  const leave = wake + between(60, 90) * MIN;
  commute(leave, 'unmetered');
  commute(day + between(17, 18) * HOUR, 'unmetered');
}

/** Folds the changes into initial conditions and merged steps, and adds the battery level. */
function assemble(
  head: { seed: number; startAt: number; endAt: number; batteryLevel: number },
  changes: Change[],
  extra: ScenarioStep[],
): Scenario {
  const { startAt, endAt } = head;
  changes.sort((a, b) => a.at - b.at);
  const initial: Conditions = { ...DEFAULT_CONDITIONS };
  const byAt = new Map<number, Partial<Conditions>>();
  for (const c of changes) {
    if (c.at <= startAt) (initial as unknown as Record<string, unknown>)[c.key] = c.value;
    else if (c.at < endAt) {
      const partial = byAt.get(c.at) ?? {};
      (partial as Record<string, unknown>)[c.key] = c.value;
      byAt.set(c.at, partial);
    }
  }
  // Battery: sampled every 15 minutes from the state in force; charging fills, use drains.
  let level = head.batteryLevel;
  initial.batteryLow = level <= 0.15;
  const state = { ...initial };
  const instants = [...byAt.keys()];
  for (let at = startAt + 15 * MIN; at < endAt; at += 15 * MIN) instants.push(at);
  instants.sort((a, b) => a - b);
  const steps: ScenarioStep[] = [];
  let last = startAt;
  for (const at of [...new Set(instants)]) {
    const rate = state.charging ? 0.35 : state.appState === 'active' ? -0.25 : -0.03;
    level = Math.min(1, Math.max(0.01, level + (rate * (at - last)) / HOUR));
    last = at;
    const partial = { ...byAt.get(at) };
    Object.assign(state, partial);
    const rounded = Math.round(level * 100) / 100;
    if (state.batteryLow !== rounded <= 0.15) partial.batteryLow = state.batteryLow = rounded <= 0.15;
    const step: ScenarioStep = { at, kind: 'conditions', set: partial, batteryLevel: rounded };
    steps.push(step);
  }
  for (const e of extra) if (e.at > startAt && e.at < endAt) steps.push(e);
  steps.sort((a, b) => a.at - b.at);
  return { seed: head.seed, startAt, endAt, initial, batteryLevel: head.batteryLevel, steps };
}
