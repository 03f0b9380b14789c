export type { AndroidPolicyOptions } from './androidPolicy';
export { androidPolicy } from './androidPolicy';
export type { AppFactory, SimulatedApp, SimulationEnv } from './appFactory';
export { buildTimeline } from './buildTimeline';
export type { SimulationMetrics, TypeMetrics } from './computeMetrics';
export { computeMetrics, percentile } from './computeMetrics';
export type { NetworkTrace, Scenario, ScenarioOptions, ScenarioStep } from './createScenario';
export { createScenario } from './createScenario';
export type { ConstraintViolation } from './findViolations';
export { findViolations } from './findViolations';
export { formatClock, formatDuration } from './formatDuration';
export type { IosPolicyOptions } from './iosPolicy';
export { iosPolicy } from './iosPolicy';
export type { HtmlReportOptions } from './renderHtml';
export { renderHtml } from './renderHtml';
export type { TerminalReportOptions } from './renderTerminal';
export { renderTerminal } from './renderTerminal';
export type { SimulateOptions, SimulationResult } from './simulate';
export { simulate } from './simulate';
export type {
  ConditionSpan,
  DeadSpan,
  RunOutcome,
  SimulationEvent,
  Timeline,
  TimelineRun,
  TimelineWindow,
} from './timeline';
export type { GrantedWindow, PlannedWake, PolicyState, WakePolicy } from './wakePolicy';
