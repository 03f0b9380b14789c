import { type Conditions, type Constraints, constraintsMet } from '@nightshift/core';
import type { Timeline, TimelineRun } from './timeline';

/** A run that held on while the device broke one of its constraints. */
export interface ConstraintViolation {
  /** The job's id. */
  id: string;
  /** The job type's name. */
  name: string;
  /** When the run started. */
  runStart: number;
  /** When the run ended. */
  runEnd: number;
  /** The first instant of the run at which the conditions broke its constraints. */
  at: number;
  /** How long the run went on under broken constraints, in ms. */
  durationMs: number;
  /** The constraints the run had to hold. */
  constraints: Constraints;
  /** The conditions at `at`. */
  conditions: Conditions;
}

/**
 * Every run that spent time running while its constraints did not hold: at its start, or
 * after a change of conditions it did not stop for. The engine must start a run only when
 * its constraints hold and abort it at the very instant they stop holding, so in a correct
 * simulation this is empty. Pure.
 *
 * A run is checked against every condition span it overlaps for a positive time: a run
 * aborted at the same virtual instant the network went away does not count, one that went
 * on for a millisecond does.
 *
 * @param timeline - a {@link Timeline}, from {@link buildTimeline}.
 * @returns the violations, in run order; `[]` when every run kept its constraints.
 * @example
 * const violations = findViolations(result.timeline);
 * if (violations.length > 0) throw new Error(`${violations[0].name} ran offline`);
 */
export function findViolations(timeline: Timeline): ConstraintViolation[] {
  const out: ConstraintViolation[] = [];
  const spans = timeline.conditions;
  for (const run of timeline.runs) {
    if (!run.constraints || run.end <= run.start) continue;
    const violation = check(run, run.constraints, spans);
    if (violation) out.push(violation);
  }
  return out;
}

function check(
  run: TimelineRun,
  constraints: Constraints,
  spans: Timeline['conditions'],
): ConstraintViolation | undefined {
  let first: { at: number; conditions: Conditions } | undefined;
  let durationMs = 0;
  // Spans are sorted and disjoint; a binary search would be faster but runs are few.
  for (const span of spans) {
    if (span.end <= run.start) continue;
    if (span.start >= run.end) break;
    if (constraintsMet(constraints, span.conditions)) continue;
    const from = Math.max(span.start, run.start);
    const to = Math.min(span.end, run.end);
    if (to <= from) continue;
    first ??= { at: from, conditions: span.conditions };
    durationMs += to - from;
  }
  if (!first) return undefined;
  return {
    id: run.id,
    name: run.name,
    runStart: run.start,
    runEnd: run.end,
    at: first.at,
    durationMs,
    constraints,
    conditions: first.conditions,
  };
}
