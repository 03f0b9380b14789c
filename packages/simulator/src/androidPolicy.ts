import { jobPeriod, workManagerNextRun } from './androidPeriods';
import { DOZE_TIMINGS, type DozeTimings, dozePhase } from './dozePhase';
import { hashRandom } from './hashRandom';
import { lastUse } from './lastUse';
import { type AndroidOem, OEM_RULES, type OemRules } from './oemPresets';
import { type OptimisticAndroidOptions, optimisticAndroidPolicy } from './optimisticPolicies';
import { type BucketQuota, quotaAt, STANDBY_QUOTAS, type StandbyBucket } from './standbyQuota';
import type { GrantedWindow, PlannedWake, PolicyState, WakePolicy } from './wakePolicy';

const MIN = 60_000;

/** The React Native library that schedules the app's background work on Android. */
export type AndroidAdapter = 'background-fetch' | 'expo-background-task';

/**
 * Options of {@link androidPolicy}'s realistic model. Every number cites its source in
 * docs/simulation.md.
 *
 * @example
 * androidPolicy({ adapter: 'expo-background-task', bucket: 'rare' });
 * androidPolicy({ oem: 'xiaomi' });
 */
export interface AndroidPolicyOptions {
  /** The realistic model (the default); `'optimistic'` selects the best case. @default 'realistic' */
  preset?: 'realistic';
  /**
   * The library: `background-fetch` schedules a JobScheduler periodic job with the request's
   * network and charging flags; `expo-background-task` a WorkManager periodic work request
   * that needs a network and a battery that is not low, whatever the request says.
   *
   * @default 'background-fetch'
   */
  adapter?: AndroidAdapter;
  /**
   * The App Standby Bucket, for all the simulation; overrides the scenario's
   * (`createScenario({ bucket })`, `'working-set'` by default).
   *
   * @default the scenario's
   */
  bucket?: StandbyBucket;
  /** The vendor's extra rules (see {@link OEM_RULES}). @default 'stock' */
  oem?: AndroidOem;
  /** Overrides of the vendor's rules. @default {} */
  oemRules?: Partial<OemRules>;
  /** The adapter's window budget (`budgetMs` of the adapter-rn schedulers). @default 25_000 */
  adapterBudgetMs?: number;
  /** The period both libraries ask for: 15 minutes, JobScheduler's and WorkManager's minimum. @default 900_000 */
  intervalMs?: number;
  /** background-fetch's flex: `setPeriodic(interval, interval)`. @default intervalMs */
  flexMs?: number;
  /** background-fetch's own task timeout (`BGTask.MAX_TIME`). @default 60_000 */
  taskTimeoutMs?: number;
  /** background-fetch's headless JS timeout when the wake launched the app (`HeadlessJsTaskConfig`, HeadlessTask.java). @default 30_000 */
  headlessTimeoutMs?: number;
  /** How long JobScheduler lets a job run before it stops it (WorkManager: "a maximum of ten minutes"). @default 600_000 */
  jobLimitMs?: number;
  /** expo-background-task's `setInitialDelay` for the first run. @default 25_000 */
  initialDelayMs?: number;
  /** Deep Doze's timings, or `false` to leave Doze out. @default DOZE_TIMINGS */
  doze?: Partial<DozeTimings> | false;
  /** Overrides of the standby buckets' quotas. @default STANDBY_QUOTAS */
  quotas?: Partial<Record<StandbyBucket, BucketQuota>>;
}

/**
 * A model of Android's JobScheduler as the adapter's library uses it (sources in
 * docs/simulation.md):
 *
 * - Wake-ups follow the library's periodic schedule, not the request's `earliestAt`:
 *   background-fetch's job runs once per 15-minute period at a seeded instant anywhere in
 *   it (gaps of 0 to 30 minutes); expo-background-task's work runs 15 minutes after the
 *   previous run finished. A job due at T waits for the next wake-up after T.
 * - Only while the library's constraints hold (background-fetch: the request's network and
 *   charging flags; expo-background-task: a network and a battery that is not low).
 * - Unplugged, the standby bucket's quota applies: 10 minutes of job time and a few
 *   sessions per rolling 2 h (working set), 8 h (frequent) or 24 h (rare), one session a
 *   day (restricted, also while charging).
 * - Unplugged, still and screen-off (`deviceIdle`): after an hour, Doze holds jobs to
 *   maintenance windows that get further apart (1, 2, 4, then 6 h).
 * - A window lasts the adapter's budget (25 s), within the library's limits, and ends
 *   early when the quota or the maintenance window runs out.
 * - Vendors add their own rules (`oem`).
 *
 * @param options - the model's numbers, or `{ preset: 'optimistic' }` for the best case. @default {}
 * @returns a {@link WakePolicy} named after the adapter, with the 15-minute minimum period.
 * @example
 * const result = await simulate({ scenario, policy: androidPolicy({ bucket: 'frequent' }), app });
 */
export function androidPolicy(options: AndroidPolicyOptions | OptimisticAndroidOptions = {}): WakePolicy {
  if (options.preset === 'optimistic') return optimisticAndroidPolicy(options);
  const o = options as AndroidPolicyOptions;
  const adapter = o.adapter ?? 'background-fetch';
  const oem = o.oem ?? 'stock';
  const rules: OemRules = { ...OEM_RULES[oem], ...o.oemRules };
  const intervalMs = o.intervalMs ?? 15 * MIN;
  const flexMs = o.flexMs ?? intervalMs;
  const adapterBudgetMs = o.adapterBudgetMs ?? 25_000;
  const doze: DozeTimings | undefined = o.doze === false ? undefined : { ...DOZE_TIMINGS, ...o.doze };
  const quotas = { ...STANDBY_QUOTAS, ...o.quotas };

  const constraintsHold = (request: PolicyState['request'], s: PolicyState) => {
    const c = s.conditions;
    if (adapter === 'expo-background-task') return c.network !== 'none' && !c.batteryLow;
    if (request?.network && c.network === 'none') return false;
    return !(request?.charging && !c.charging);
  };

  const budgetFor = (s: PolicyState) =>
    adapter === 'background-fetch'
      ? Math.min(
          adapterBudgetMs,
          o.taskTimeoutMs ?? 60_000,
          s.processAlive ? Number.POSITIVE_INFINITY : (o.headlessTimeoutMs ?? 30_000),
        )
      : Math.min(adapterBudgetMs, o.jobLimitMs ?? 10 * MIN);

  // When the library would run its job if nothing held it back.
  const nominal = (s: PolicyState): number => {
    const since = s.requestSince!;
    if (adapter === 'expo-background-task') {
      return workManagerNextRun(since.scheduled, intervalMs, o.initialDelayMs ?? 25_000, s.windows);
    }
    const period = jobPeriod(since.flags, intervalMs, flexMs, s.windows);
    const u = hashRandom(s.seed, since.flags, period.index);
    return period.earliest + u * (period.latest - period.earliest);
  };

  return {
    name: `android (${adapter}${o.bucket ? `, ${o.bucket}` : ''}${oem === 'stock' ? '' : `, ${oem}`})`,
    minPeriodMs: 15 * MIN,
    next(s): PlannedWake | null {
      if (s.request === null || s.requestSince === undefined) return null;
      if (s.conditions.appState === 'active') return null;
      if (s.forceQuit && rules.forceQuitStopsWork) return null;
      if (rules.needsLiveProcess && !s.processAlive) return null;
      if (!constraintsHold(s.request, s)) return null;
      const unused = s.now - lastUse(s);
      if (rules.deepSleepAfterUnusedMs !== undefined && unused >= rules.deepSleepAfterUnusedMs) return null;
      let bucket = o.bucket ?? s.device.bucket;
      if (rules.sleepAfterUnusedMs !== undefined && unused >= rules.sleepAfterUnusedMs) bucket = 'restricted';

      const charging = s.conditions.charging;
      const cs = s.conditionsSince;
      const idleSince =
        doze && s.conditions.deviceIdle && !charging ? Math.max(cs.deviceIdle, cs.charging) : undefined;
      // "No execution limits except for restricted standby bucket" while charging (power-details).
      const quotaApplies = !charging || bucket === 'restricted';
      let at = Math.max(s.now, nominal(s));
      let remaining = Number.POSITIVE_INFINITY;
      let maintenanceEnd = Number.POSITIVE_INFINITY;
      let settled = false;
      for (let pass = 0; pass < 64 && !settled; pass++) {
        const phase = dozePhase(idleSince, at, doze);
        if (phase.state === 'idle') {
          at = phase.until;
          continue;
        }
        maintenanceEnd = phase.state === 'maintenance' ? phase.until : Number.POSITIVE_INFINITY;
        if (quotaApplies) {
          const q = quotaAt(s.windows, at, quotas[bucket]);
          if (q.allowedAt > at) {
            at = q.allowedAt;
            continue;
          }
          remaining = q.remainingMs;
        }
        settled = true;
      }
      if (!settled) return null;
      const budgetMs = budgetFor(s);
      const plan: PlannedWake = { at, kind: 'refresh', budgetMs };
      const stopAfter = Math.min(remaining, maintenanceEnd - at);
      if (stopAfter < budgetMs) plan.expiresAfterMs = Math.max(0, stopAfter);
      return plan;
    },
    keeps(window: GrantedWindow, s) {
      // JobScheduler stops a job whose constraints stopped holding.
      return constraintsHold(window.request, s);
    },
    killAt(s) {
      const after = rules.killAfterBackgroundMs;
      if (after === undefined || !s.processAlive || s.conditions.appState === 'active') return null;
      return Math.max(s.now, s.conditionsSince.appState + after);
    },
  };
}
