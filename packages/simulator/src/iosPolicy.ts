import { hashRandom } from './hashRandom';
import { lastUse } from './lastUse';
import { type OptimisticIosOptions, optimisticIosPolicy } from './optimisticPolicies';
import { usageSlots } from './usageSlots';
import type { PlannedWake, PolicyState, WakePolicy } from './wakePolicy';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The React Native library that registers the app's background task on iOS. */
export type IosAdapter = 'background-fetch' | 'expo-background-task';

/**
 * Options of {@link iosPolicy}'s realistic model. Every number cites its source in
 * docs/simulation.md; where Apple publishes none, the default is a named assumption.
 *
 * @example
 * iosPolicy({ adapter: 'expo-background-task' });
 * iosPolicy({ warmUpMs: 0, earlyExpiryChance: 0 }); // no warm-up, no early ends
 */
export interface IosPolicyOptions {
  /** The realistic model (the default); `'optimistic'` selects the best case. @default 'realistic' */
  preset?: 'realistic';
  /**
   * The library: `background-fetch` (react-native-background-fetch) registers only a
   * BGAppRefreshTask; `expo-background-task` registers only a BGProcessingTask
   * (`requiresNetworkConnectivity = true`, `requiresExternalPower = false`).
   *
   * @default 'background-fetch'
   */
  adapter?: IosAdapter;
  /** The adapter's window budget (`budgetMs` of the adapter-rn schedulers). @default 25_000 */
  adapterBudgetMs?: number;
  /** What iOS gives a refresh task: "up to 30 seconds". @default 30_000 */
  refreshLimitMs?: number;
  /** react-native-background-fetch's `minimumFetchInterval` floor: never two refreshes sooner. @default 900_000 (15 min) */
  minIntervalMs?: number;
  /** Assumption: no refresh until this long after install ("can take days"). @default 172_800_000 (2 days) */
  warmUpMs?: number;
  /** Assumption: no background launch once the app has gone unopened this long (Apple: "used … within the past week"). @default 604_800_000 (7 days) */
  unusedAfterMs?: number;
  /** Below this battery level (unplugged) nothing runs: WWDC 2020, "critically low battery", under 20 %. @default 0.2 */
  lowBatteryLevel?: number;
  /** Assumption: how many days of opens iOS learns the usage pattern from. @default 604_800_000 (7 days) */
  usageHistoryMs?: number;
  /** Assumption: the time-of-day grain of the learned pattern. @default 1_800_000 (30 min) */
  usageSlotMs?: number;
  /** Assumption: a refresh comes this long before a predicted open, drawn in [min, max]. @default [300_000, 2_700_000] (5 to 45 min) */
  leadMs?: [number, number];
  /** Assumption: the energy and data budget, as refreshes a day, given to the day's likeliest opens. @default 6 */
  maxRefreshesPerDay?: number;
  /** Assumption: the share of refresh windows iOS ends early. @default 0.1 */
  earlyExpiryChance?: number;
  /** How soon such a window ends: "around 2-5 seconds after the app was launched" (Apple Developer Forums 780956). @default [2_000, 5_000] */
  earlyExpiryMs?: [number, number];
  /** Assumption: what iOS gives a processing task (Apple: "can take minutes"). @default 300_000 (5 min) */
  processingLimitMs?: number;
  /** Assumption: processing tasks run at most once per this long (overnight, in practice). @default 43_200_000 (12 h) */
  processingGapMs?: number;
  /** Assumption: a processing task starts this long after the phone went idle, drawn in [min, max]. @default [900_000, 7_200_000] (15 min to 2 h) */
  processingDelayMs?: [number, number];
}

const between = (range: [number, number], u: number) => range[0] + u * (range[1] - range[0]);

/**
 * A model of iOS's BGTaskScheduler as the adapter's library uses it (sources in
 * docs/simulation.md):
 *
 * - `background-fetch`: BGAppRefreshTask only. Refreshes follow the user's usage: iOS learns
 *   when the app is usually opened and launches it shortly before; none during a warm-up
 *   after install, none once the app has gone a week unopened, none under Low Power Mode,
 *   with Background App Refresh off, or below 20 % battery unplugged; at most 6 a day, at
 *   least 15 minutes apart. Each window gets the adapter's 25 s (iOS allows 30 s), and some
 *   end early, after 2 to 5 s.
 * - `expo-background-task`: BGProcessingTask only, with a network and without a charger:
 *   while the phone is idle (overnight), at most every 12 h, ended when the user picks
 *   the phone up or the network goes.
 * - Nothing after a force-quit until the user opens the app again.
 *
 * The request's `earliestAt` is not used: the adapters cannot pass an instant to iOS, so a
 * job due at T waits for the next wake after T.
 *
 * @param options - the model's numbers, or `{ preset: 'optimistic' }` for the best case. @default {}
 * @returns a {@link WakePolicy} named after the adapter, with the 15-minute minimum period.
 * @example
 * const result = await simulate({ scenario, policy: iosPolicy({ adapter: 'background-fetch' }), app });
 */
export function iosPolicy(options: IosPolicyOptions | OptimisticIosOptions = {}): WakePolicy {
  if (options.preset === 'optimistic') return optimisticIosPolicy(options);
  const o = options as IosPolicyOptions;
  const adapter = o.adapter ?? 'background-fetch';
  const adapterBudgetMs = o.adapterBudgetMs ?? 25_000;
  const unusedAfterMs = o.unusedAfterMs ?? 7 * DAY;
  const lowBatteryLevel = o.lowBatteryLevel ?? 0.2;

  // What stops every kind of background launch now. (A week without use stops them too; the
  // planners check it at the planned instant.)
  const blocked = (s: PolicyState) =>
    s.request === null ||
    s.conditions.appState === 'active' ||
    s.forceQuit ||
    s.device.lowPowerMode ||
    (s.batteryLevel < lowBatteryLevel && !s.conditions.charging);

  const refresh = refreshPlanner(o, adapterBudgetMs, unusedAfterMs);
  const processing = processingPlanner(o, adapterBudgetMs, unusedAfterMs);
  return {
    name: `ios (${adapter})`,
    minPeriodMs: 15 * MIN,
    next(s) {
      if (blocked(s)) return null;
      return adapter === 'background-fetch' ? refresh(s) : processing(s);
    },
    keeps(window, s) {
      // "The system terminates any background processing tasks running when the user starts
      // using the device"; the task also asked for a network.
      if (window.kind !== 'processing') return true;
      return s.conditions.deviceIdle && s.conditions.network !== 'none';
    },
  };
}

function refreshPlanner(o: IosPolicyOptions, adapterBudgetMs: number, unusedAfterMs: number) {
  const minIntervalMs = o.minIntervalMs ?? 15 * MIN;
  const warmUpMs = o.warmUpMs ?? 2 * DAY;
  const historyMs = o.usageHistoryMs ?? 7 * DAY;
  const slotMs = o.usageSlotMs ?? 30 * MIN;
  const leadMs = o.leadMs ?? [5 * MIN, 45 * MIN];
  const maxPerDay = o.maxRefreshesPerDay ?? 6;
  const expiryChance = o.earlyExpiryChance ?? 0.1;
  const expiryMs = o.earlyExpiryMs ?? [2_000, 5_000];
  const budgetMs = Math.min(adapterBudgetMs, o.refreshLimitMs ?? 30_000);

  return (s: PolicyState): PlannedWake | null => {
    if (!s.device.backgroundAppRefresh) return null;
    const stopAt = lastUse(s) + unusedAfterMs;
    const earliest = Math.max(
      s.now,
      s.device.installedAt + warmUpMs,
      (s.lastWake.refresh ?? -DAY) + minIntervalMs,
    );
    const served = s.windows.filter((w) => w.kind === 'refresh').map((w) => w.at);
    // iOS plans each day from the usage it saw before the day began, so the plan holds all day.
    const weightsOf = (midnight: number) =>
      usageSlots(s.opens, midnight, { historyMs, slotMs, since: s.device.installedAt });
    const at = predictedRefresh(weightsOf, earliest, served, { slotMs, leadMs, maxPerDay, seed: s.seed });
    if (at === undefined || at >= stopAt) return null;
    const plan: PlannedWake = { at, kind: 'refresh', budgetMs };
    if (hashRandom(s.seed, at, 7) < expiryChance) {
      plan.expiresAfterMs = Math.min(budgetMs, between(expiryMs, hashRandom(s.seed, at, 8)));
    }
    return plan;
  };
}

/**
 * The first refresh at or after `earliest`. Each day iOS predicts opens: every slot of the
 * day with the slot's weight (a seeded draw per day and slot), keeping the `maxPerDay`
 * likeliest, and launches the app once a seeded lead before each, no sooner than `earliest`
 * and only while that open is still ahead. `served` are the refreshes so far: a predicted
 * open with one in its lead time already had its refresh.
 */
function predictedRefresh(
  weightsOf: (midnight: number) => readonly number[],
  earliest: number,
  served: readonly number[],
  o: { slotMs: number; leadMs: [number, number]; maxPerDay: number; seed: number },
): number | undefined {
  const firstDay = Math.floor(earliest / DAY);
  for (let day = firstDay; day <= firstDay + 2; day++) {
    const weights = weightsOf(day * DAY);
    const predicted: number[] = [];
    for (let slot = 0; slot < weights.length; slot++) {
      const weight = weights[slot]!;
      if (weight > 0 && hashRandom(o.seed, day, slot) < weight) predicted.push(slot);
    }
    // The day's budget goes to its likeliest opens; equal weights keep their order.
    const kept = predicted
      .map((slot, i) => ({ slot, weight: weights[slot]!, i }))
      .sort((a, b) => b.weight - a.weight || a.i - b.i)
      .slice(0, o.maxPerDay)
      .map((p) => p.slot)
      .sort((a, b) => a - b);
    for (const slot of kept) {
      const open = day * DAY + slot * o.slotMs;
      if (open <= earliest) continue;
      if (served.some((at) => at >= open - o.leadMs[1] && at < open)) continue;
      return Math.max(earliest, open - between(o.leadMs, hashRandom(o.seed, day, slot, 1)));
    }
  }
  return undefined;
}

function processingPlanner(o: IosPolicyOptions, adapterBudgetMs: number, unusedAfterMs: number) {
  const gapMs = o.processingGapMs ?? 12 * HOUR;
  const delayMs = o.processingDelayMs ?? [15 * MIN, 2 * HOUR];
  const budgetMs = Math.min(adapterBudgetMs, o.processingLimitMs ?? 5 * MIN);

  return (s: PolicyState): PlannedWake | null => {
    // expo-background-task asks for a network and not for a charger.
    if (!s.conditions.deviceIdle || s.conditions.network === 'none') return null;
    const stillSince = s.conditionsSince.deviceIdle;
    const at = Math.max(
      s.now,
      stillSince + between(delayMs, hashRandom(s.seed, stillSince, 3)),
      (s.lastWake.processing ?? -Infinity) + gapMs,
    );
    if (at >= lastUse(s) + unusedAfterMs) return null;
    return { at, kind: 'processing', budgetMs };
  };
}
