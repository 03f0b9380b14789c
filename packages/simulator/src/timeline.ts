import type { Conditions, Constraints, WakeRequest, WindowKind, WindowReport } from '@nightshift/core';

/**
 * One thing that happened during a simulation, as {@link simulate} logs it: the raw
 * material {@link buildTimeline} turns into a {@link Timeline}. Every entry carries the
 * virtual instant `at` it happened at; the log is in time order.
 *
 * @example
 * const log: SimulationEvent[] = [
 *   { at: 0, type: 'conditions', conditions, batteryLevel: 0.8 },
 *   { at: 0, type: 'job', event: 'started', id: 'a', name: 'sync', constraints: { network: 'connected' } },
 *   { at: 5_000, type: 'job', event: 'succeeded', id: 'a', name: 'sync' },
 * ];
 */
export type SimulationEvent =
  | {
      /** The virtual instant it happened. */
      at: number;
      /** A change of the device's conditions. */
      type: 'conditions';
      /** The complete conditions from this instant on. */
      conditions: Conditions;
      /** The battery charge in 0..1 (`batteryLow` is `batteryLevel ≤ 0.15`). */
      batteryLevel: number;
    }
  | {
      /** The virtual instant it happened. */
      at: number;
      /** A process launched or died. */
      type: 'process';
      /** `launch`: a new process started the queue; `kill`: the OS killed it; `force-quit`: the user did. */
      event: 'launch' | 'kill' | 'force-quit';
      /** Why a process launched: the simulation began, the user opened the app, or an OS wake-up. */
      reason?: 'initial' | 'open' | 'wake';
    }
  | {
      /** The virtual instant it happened. */
      at: number;
      /** The app asked the OS for a wake-up. */
      type: 'request';
      /** What it asked for; `null` when nothing waits. */
      request: WakeRequest | null;
    }
  | {
      /** The virtual instant it happened. */
      at: number;
      /** The OS granted a background window. */
      type: 'window-start';
      /** The kind of window. */
      kind: WindowKind;
      /** When the OS ends it. */
      deadline: number;
    }
  | {
      /** The virtual instant it happened. */
      at: number;
      /** A background window ended. */
      type: 'window-end';
      /** See {@link TimelineWindow.outcome}. */
      outcome: TimelineWindow['outcome'];
      /** What `runWindow` resolved with, when it did before the window ended. */
      report?: WindowReport;
    }
  | {
      /** The virtual instant it happened. */
      at: number;
      /** A queue event about a job. */
      type: 'job';
      /** The queue event's name. */
      event: 'enqueued' | 'started' | 'succeeded' | 'retrying' | 'failed' | 'interrupted' | 'cancelled';
      /** The job's id. */
      id: string;
      /** The job type's name. */
      name: string;
      /** For `enqueued` and `started`: the job's `createdAt`. */
      createdAt?: number;
      /** For `started`: the instant the job was due (`runAt`). */
      runAt?: number;
      /** For `started`: the attempt number the handler sees. */
      attempt?: number;
      /** For `started`: the constraints the run must hold (the job's own, else its type's). */
      constraints?: Constraints;
      /** For `started`: whether the job is periodic. */
      periodic?: boolean;
      /** For `retrying`, `failed`, `interrupted`: the error code or name. */
      reason?: string;
    };

/** How a run ended, as drawn and counted. */
export type RunOutcome =
  | 'succeeded'
  | 'retrying'
  | 'failed'
  | 'interrupted'
  | 'cancelled'
  /** the process died under it */
  | 'killed'
  /** still running when the simulation ended */
  | 'unfinished';

/** One run of a handler: from `started` to its outcome. */
export interface TimelineRun {
  /** The job's id. */
  id: string;
  /** The job type's name. */
  name: string;
  /** When the handler started. */
  start: number;
  /** When the run ended (its outcome event, the process's death, or the simulation's end). */
  end: number;
  /** How the run ended. */
  outcome: RunOutcome;
  /** Error code or name for a failed, retried or interrupted run. */
  reason?: string;
  /** The attempt number the handler saw. */
  attempt: number;
  /** The constraints the run had to hold (the job's own, else its type's); absent when none. */
  constraints?: Constraints;
  /** When the latency clock started: `createdAt` for a one-off job, the period's due instant for a periodic one. */
  since: number;
  /** `end − since` for a succeeded run. */
  latency?: number;
}

/** One OS wake-up: a background window. */
export interface TimelineWindow {
  /** When the OS granted it. */
  start: number;
  /** When the window ended: its report's `endedAt`, the abort, the deadline or the simulation's end. */
  end: number;
  /** When the OS would end it. */
  deadline: number;
  /** The kind of window. */
  kind: WindowKind;
  /**
   * `completed`: the queue reported before the deadline; `aborted`: the OS ended it early
   * (the conditions it needs went away) and the queue reported; `expired`: no report by the
   * deadline, so the OS killed the process; `killed`: the process was killed during it;
   * `cut`: the simulation ended first.
   */
  outcome: 'completed' | 'aborted' | 'expired' | 'killed' | 'cut';
  /** How many runs started while the window was open (at least its report's `ran`). */
  ran: number;
  /** Whether a run was cut by the window's end (an `interrupted` with `WINDOW_EXPIRED`) or the app missed the deadline. */
  expired: boolean;
  /** What `runWindow` resolved with, when it did before the window ended. */
  report?: WindowReport;
}

/** A span of constant conditions. */
export interface ConditionSpan {
  /** The first instant of the span. */
  start: number;
  /** The instant the next change happened (or the simulation's end). */
  end: number;
  /** The conditions throughout the span. */
  conditions: Conditions;
  /** The battery charge throughout the span, in 0..1. */
  batteryLevel: number;
}

/** A span during which no process ran the queue (after a kill, until a launch). */
export interface DeadSpan {
  /** When the process died. */
  start: number;
  /** When the next process launched (or the simulation's end). */
  end: number;
  /** Whether the user force-quit the app (else the OS killed it). */
  forced: boolean;
}

/** Everything a simulation did, arranged by lane: what the reports draw and the metrics count. */
export interface Timeline {
  /** The simulation's first instant. */
  startAt: number;
  /** The simulation's last instant. */
  endAt: number;
  /** The device's conditions, as consecutive spans covering the whole simulation. */
  conditions: ConditionSpan[];
  /** When no process ran the queue. */
  dead: DeadSpan[];
  /** Every background window, in time order. */
  windows: TimelineWindow[];
  /** Every handler run, in start order. */
  runs: TimelineRun[];
  /** Job type names, in the order they first appeared. */
  jobNames: string[];
  /** Every wake-up request the app made. */
  requests: Array<{
    /** When the app asked. */
    at: number;
    /** What it asked for; `null` when nothing waits. */
    request: WakeRequest | null;
  }>;
  /** Process launches, the first included. */
  launches: number;
  /** Times the OS killed the process. */
  kills: number;
  /** Times the user force-quit the app. */
  forceQuits: number;
}
