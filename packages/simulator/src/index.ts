export type { JobPeriod } from './androidPeriods';
export { jobPeriod, workManagerNextRun } from './androidPeriods';
export type { AndroidAdapter, AndroidPolicyOptions } from './androidPolicy';
export { androidPolicy } from './androidPolicy';
export type { AppFactory, SimulatedApp, SimulationEnv } from './appFactory';
export { buildTimeline } from './buildTimeline';
export type { SimulationMetrics, TypeMetrics } from './computeMetrics';
export { computeMetrics, percentile } from './computeMetrics';
export type { NetworkTrace, Scenario, ScenarioOptions, ScenarioStep } from './createScenario';
export { createScenario } from './createScenario';
export type { DozePhase, DozeTimings } from './dozePhase';
export { DOZE_TIMINGS, dozePhase } from './dozePhase';
export type { ConstraintViolation } from './findViolations';
export { findViolations } from './findViolations';
export { formatClock, formatDuration } from './formatDuration';
export { hashRandom } from './hashRandom';
export type { IosAdapter, IosPolicyOptions } from './iosPolicy';
export { iosPolicy } from './iosPolicy';
export type { AndroidOem, OemRules } from './oemPresets';
export { OEM_RULES } from './oemPresets';
export type { OptimisticAndroidOptions, OptimisticIosOptions } from './optimisticPolicies';
export type { HtmlReportOptions } from './renderHtml';
export { renderHtml } from './renderHtml';
export type { TerminalReportOptions } from './renderTerminal';
export { renderTerminal } from './renderTerminal';
export type { SimulateOptions, SimulationResult } from './simulate';
export { simulate } from './simulate';
export type { BackgroundRate, SeedSpread } from './spreadOverSeeds';
export { describeSpread, formatRate, spreadOverSeeds } from './spreadOverSeeds';
export type { BucketQuota, QuotaCheck, StandbyBucket } from './standbyQuota';
export { IN_QUOTA_BUFFER_MS, quotaAt, STANDBY_QUOTAS } from './standbyQuota';
export type {
  ConditionSpan,
  DeadSpan,
  RunOutcome,
  SimulationEvent,
  Timeline,
  TimelineRun,
  TimelineWindow,
} from './timeline';
export { usageSlots } from './usageSlots';
export type {
  DeviceProfile,
  GrantedWindow,
  PastWindow,
  PlannedWake,
  PolicyState,
  WakePolicy,
} from './wakePolicy';
