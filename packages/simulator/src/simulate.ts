import { createMemoryPlatform, createSeededRandom, type MemoryPlatform } from '@nightshift/adapter-memory';
import {
  type Conditions,
  type Constraints,
  createMemoryStore,
  type OsScheduler,
  type Store,
  type WakeRequest,
  type WakeWindow,
  WindowExpiredError,
  type WindowReport,
} from '@nightshift/core';
import type { AppFactory, SimulatedApp, SimulationEnv } from './appFactory';
import { buildTimeline } from './buildTimeline';
import { computeMetrics, type SimulationMetrics } from './computeMetrics';
import type { Scenario, ScenarioStep } from './createScenario';
import { recordQueueEvents } from './recordQueueEvents';
import type { SimulationEvent, Timeline } from './timeline';
import type {
  DeviceProfile,
  GrantedWindow,
  PastWindow,
  PlannedWake,
  PolicyState,
  WakePolicy,
} from './wakePolicy';

const DAY = 86_400_000;

/**
 * Options of {@link simulate}.
 *
 * @example
 * const result = await simulate({ scenario: createScenario({ days: 3 }), policy: androidPolicy(), app });
 */
export interface SimulateOptions {
  /** The device's day, from {@link createScenario}. Required. */
  scenario: Scenario;
  /** The OS model: {@link iosPolicy}, {@link androidPolicy} or a custom {@link WakePolicy}. Required. */
  policy: WakePolicy;
  /** Builds your queue with your jobs, once per process. Required. */
  app: AppFactory;
  /** The durable data under every process. @default createMemoryStore() */
  store?: Store;
}

/** What {@link simulate} returns: every event, the timeline and its metrics. */
export interface SimulationResult {
  /** The policy's name. */
  policy: string;
  /** The scenario that was run. */
  scenario: Scenario;
  /** The raw log, in time order. */
  events: SimulationEvent[];
  /** The events arranged by lane, from {@link buildTimeline}. */
  timeline: Timeline;
  /** The summary, from {@link computeMetrics}. */
  metrics: SimulationMetrics;
  /** Errors the queue reported through its `error` event. */
  errors: Array<{
    /** The virtual instant of the report. */
    at: number;
    /** The error's message. */
    message: string;
  }>;
}

interface OpenWindow {
  granted: GrantedWindow;
  deadline: number;
  /** When the OS ends it early, if it does. */
  expireAt: number | undefined;
  controller: AbortController;
  alive: boolean;
  settled: boolean;
  aborted: boolean;
  report?: WindowReport;
}

/**
 * Runs your queue through a scenario in virtual time under an OS wake-up model: applies
 * every condition change, kills and relaunches the process on the same store, grants the
 * wake-ups the policy decides on and drives each window until its report or its deadline
 * (a window that misses its deadline gets the process killed, as the OS would). Returns
 * the log, the {@link Timeline} and the {@link SimulationMetrics}. The same scenario,
 * policy and app give the same result.
 *
 * @param options - scenario, policy, app factory and optional store.
 * @example
 * const result = await simulate({
 *   scenario: createScenario({ seed: 1, days: 7 }),
 *   policy: iosPolicy(),
 *   app: ({ platform, store }) => {
 *     const jobs = [defineJob({ name: 'sync', async run(_p, ctx) { await platform.sleep(2_000, ctx.signal); } })];
 *     const queue = createQueue({ platform, store, jobs });
 *     return { queue, jobs, onStart: () => void queue.enqueue('sync', null, { uniqueKey: 'sync', repeat: { everyMs: 1_800_000 } }) };
 *   },
 * });
 * console.log(renderTerminal(result));
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const { scenario, policy, app } = options;
  const { startAt, endAt } = scenario;
  const mem = createMemoryPlatform({
    now: startAt,
    seed: scenario.seed,
    conditions: scenario.initial,
    ...(policy.minPeriodMs === undefined ? {} : { minPeriodMs: policy.minPeriodMs }),
  });
  const events: SimulationEvent[] = [];
  const errors: SimulationResult['errors'] = [];
  const overrides = new Map<string, Constraints>();
  const base = options.store ?? createMemoryStore();
  const observed: Store = {
    load: () => base.load(),
    write(ops) {
      for (const op of ops)
        if ('put' in op && op.put.constraints) overrides.set(op.put.id, op.put.constraints);
      return base.write(ops);
    },
  };
  const appRandom = createSeededRandom(scenario.seed ^ 0x5eed);
  const policyRandom = createSeededRandom(scenario.seed ^ 0x05);
  // What the app asked last, and what the OS holds: the adapters apply no request while a
  // window is open, only the last one once it closed (adapter-rn's contract).
  let asked: WakeRequest | null = null;
  let request: WakeRequest | null = null;
  let requestSince: PolicyState['requestSince'];
  const hold = (wake: WakeRequest | null) => {
    const now = mem.now();
    if (wake === null) requestSince = undefined;
    else if (request === null || requestSince === undefined) requestSince = { scheduled: now, flags: now };
    else if (request.network !== wake.network || request.charging !== wake.charging)
      requestSince = { scheduled: requestSince.scheduled, flags: now };
    request = wake;
  };
  let handler: { fn: (w: WakeWindow) => Promise<WindowReport> } | undefined;
  let dirty = true;
  const scheduler: OsScheduler = {
    request(wake) {
      mem.scheduler.request(wake);
      asked = wake === null ? null : { ...wake };
      if (!win) hold(asked);
      events.push({ at: mem.now(), type: 'request', request: asked });
      dirty = true;
    },
    onWake(fn) {
      const entry = { fn };
      handler = entry;
      return () => {
        if (handler === entry) handler = undefined;
      };
    },
  };
  const platform: MemoryPlatform = { ...mem, scheduler };

  let proc: SimulatedApp | undefined;
  let launches = 0;
  let battery = scenario.batteryLevel;
  let forceQuit = false;
  let win: OpenWindow | undefined;
  let planned = null as PlannedWake | null;
  let plannedKill = null as number | null;
  let slotRandom = policyRandom();
  const lastWake: PolicyState['lastWake'] = {};
  const device: DeviceProfile = scenario.device ?? {
    installedAt: startAt - 30 * DAY,
    bucket: 'working-set',
    lowPowerMode: false,
    backgroundAppRefresh: true,
  };
  const opens: number[] = [...(scenario.history?.opens ?? [])];
  const pastWindows: PastWindow[] = [];
  const conditionsSince = Object.fromEntries(
    Object.keys(scenario.initial).map((key) => [key, startAt]),
  ) as Record<keyof Conditions, number>;

  const logConditions = () =>
    events.push({
      at: mem.now(),
      type: 'conditions',
      conditions: mem.conditions.get(),
      batteryLevel: battery,
    });
  const state = (): PolicyState => ({
    now: mem.now(),
    conditions: mem.conditions.get(),
    batteryLevel: battery,
    request,
    requestSince,
    lastWake: { ...lastWake },
    windows: pastWindows,
    forceQuit,
    processAlive: proc !== undefined,
    conditionsSince,
    opens,
    device,
    seed: scenario.seed,
    random: slotRandom,
  });
  const replan = () => {
    const s = state();
    planned = policy.next(s);
    plannedKill = policy.killAt?.(s) ?? null;
    dirty = false;
  };

  async function launch(reason: SimulationEnv['reason']): Promise<void> {
    const env: SimulationEnv = {
      platform,
      // The same store for every process: a queue of a killed process dies with it.
      store: observed,
      launch: launches++,
      reason,
      random: appRandom,
    };
    events.push({ at: mem.now(), type: 'process', event: 'launch', reason });
    const built = await app(env);
    const q = built.queue;
    recordQueueEvents(q, built.jobs, events, mem.now, (id) => overrides.get(id));
    q.on('error', (e) => errors.push({ at: mem.now(), message: e.message }));
    await q.start();
    proc = built;
    await built.onStart?.();
  }

  function kill(kind: 'kill' | 'force-quit', windowOutcome: 'killed' | 'expired' = 'killed'): void {
    if (win) endWindow(windowOutcome);
    mem.crash();
    handler = undefined;
    proc = undefined;
    if (kind === 'force-quit') forceQuit = true;
    events.push({ at: mem.now(), type: 'process', event: kind });
    dirty = true;
  }

  function endWindow(outcome: Timeline['windows'][number]['outcome']): void {
    const w = win!;
    w.alive = false;
    win = undefined;
    pastWindows.push({ at: w.granted.at, end: mem.now(), kind: w.granted.kind });
    if (asked !== request) hold(asked);
    const entry: SimulationEvent = { at: mem.now(), type: 'window-end', outcome };
    if (w.report) entry.report = w.report;
    events.push(entry);
    dirty = true;
  }

  async function grant(p: PlannedWake): Promise<void> {
    if (!proc) await launch('wake');
    const now = mem.now();
    lastWake[p.kind] = now;
    slotRandom = policyRandom();
    const granted: GrantedWindow = { ...p, at: now, request };
    const w: OpenWindow = {
      granted,
      deadline: now + p.budgetMs,
      expireAt: p.expiresAfterMs === undefined ? undefined : now + p.expiresAfterMs,
      controller: new AbortController(),
      alive: true,
      settled: false,
      aborted: false,
    };
    win = w;
    events.push({ at: now, type: 'window-start', kind: p.kind, deadline: w.deadline });
    const fn = handler?.fn;
    if (!fn) {
      endWindow('completed');
      return;
    }
    const done = (report?: WindowReport) => {
      if (!w.alive) return;
      w.settled = true;
      if (report) w.report = report;
    };
    let result: Promise<WindowReport>;
    try {
      result = Promise.resolve(fn({ deadline: w.deadline, kind: p.kind, signal: w.controller.signal }));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(done, () => done());
  }

  async function apply(step: ScenarioStep): Promise<void> {
    if (step.kind === 'kill' || step.kind === 'force-quit') {
      kill(step.kind);
      return;
    }
    const before = mem.conditions.get();
    if (step.batteryLevel !== undefined && step.batteryLevel !== battery) {
      battery = step.batteryLevel;
      dirty = true;
    }
    mem.setConditions(step.set);
    const after = mem.conditions.get();
    if (after !== before || step.batteryLevel !== undefined) logConditions();
    if (after === before) return;
    dirty = true;
    for (const key of Object.keys(after) as Array<keyof Conditions>)
      if (after[key] !== before[key]) conditionsSince[key] = mem.now();
    if (win && !win.aborted && policy.keeps && !policy.keeps(win.granted, state())) {
      win.aborted = true;
      win.controller.abort(new WindowExpiredError('the OS expired the background window'));
    }
    if (after.appState === before.appState) return;
    if (after.appState === 'active') {
      forceQuit = false;
      opens.push(mem.now());
      if (!proc) await launch('open');
      await proc?.onForeground?.();
    } else await proc?.onBackground?.();
  }

  logConditions();
  await launch('initial');
  const steps = scenario.steps;
  let next = 0;
  let burst = { at: Number.NaN, count: 0 };
  for (;;) {
    if (dirty && !win) replan();
    const now = mem.now();
    let t = endAt;
    const step = steps[next];
    if (step && step.at < t) t = step.at;
    if (win) {
      t = Math.min(t, win.deadline);
      if (win.expireAt !== undefined && !win.aborted) t = Math.min(t, win.expireAt);
    } else {
      if (planned) t = Math.min(t, planned.at);
      if (plannedKill !== null && proc) t = Math.min(t, plannedKill);
    }
    const timer = mem.clock.nextTimerAt();
    if (timer !== undefined && timer < t) t = timer;
    await mem.advanceTo(Math.max(t, now));
    if (win?.settled) endWindow(win.aborted ? 'aborted' : 'completed');
    else if (win && mem.now() >= win.deadline) kill('kill', 'expired');
    else if (win && !win.aborted && win.expireAt !== undefined && mem.now() >= win.expireAt) {
      win.aborted = true;
      win.controller.abort(new WindowExpiredError('the OS ended the background window early'));
    }
    if (!win && proc && plannedKill !== null && mem.now() >= plannedKill) {
      plannedKill = null;
      kill('kill');
    }
    while (next < steps.length && steps[next]!.at <= mem.now()) await apply(steps[next++]!);
    if (mem.now() >= endAt) break;
    if (dirty && !win) replan();
    if (!win && planned && planned.at <= mem.now()) {
      burst = burst.at === mem.now() ? { at: burst.at, count: burst.count + 1 } : { at: mem.now(), count: 1 };
      if (burst.count > 100)
        throw new Error(`policy "${policy.name}" granted over 100 wake-ups at ${mem.now()}`);
      const wake = planned;
      planned = null;
      await grant(wake);
    }
  }
  if (win) endWindow('cut');
  // Let nothing of the last process run on after the simulation: it is not a kill, just the end.
  mem.crash();
  const timeline = buildTimeline(events, { startAt, endAt });
  return { policy: policy.name, scenario, events, timeline, metrics: computeMetrics(timeline), errors };
}
