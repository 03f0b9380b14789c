import type { JobSnapshot, Queue, QueueOptions } from '@nightshift/core';
import type { TabMessage, WireEvent } from './tabMessages';
import { toWireError } from './wireErrors';

/** Every event a queue emits; the running context listens to all of them for the other tabs. */
export const QUEUE_EVENTS = [
  'enqueued',
  'started',
  'progress',
  'succeeded',
  'retrying',
  'failed',
  'cancelled',
  'interrupted',
  'window-start',
  'window-end',
  'idle',
  'error',
] as const;

const FINAL_STATES = ['succeeded', 'failed', 'cancelled'] as const;
type FinalState = (typeof FINAL_STATES)[number];
const DEFAULT_RETENTION: Record<FinalState, number> = { succeeded: 100, failed: 1_000, cancelled: 100 };

/** Jobs per page of a state broadcast: a structured clone of about a millisecond. */
export const STATE_PAGE = 1_000;

/** What the relay needs from the tab that runs the jobs. */
export interface RelayHost {
  /** The term's id, in every message. */
  leader: string;
  /** Posts on the queue's channel. */
  post(message: TabMessage): void;
  /** The event, for this tab's own listeners. */
  emit(event: string, args: unknown[]): void;
  /** A batch of changes landed: this tab's own subscribers. */
  notify(): void;
  /** Lets the host run (a frame, an input) between pages of a state. */
  yieldToHost?: () => Promise<void>;
}

/** The relay of a running queue: what it sends to the other tabs. */
export interface Relay {
  /**
   * Sends the whole state, to every tab (`to` absent) or one, in pages of `STATE_PAGE`
   * jobs, letting the host run between pages; batches may go out in between.
   */
  sendState(to?: string): Promise<void>;
  /** Starts sending: the state to every tab, then what happened while the queue started. */
  announce(): Promise<void>;
  /** Sends what is pending now (before a reply, so that the reply's tab has seen the change). */
  flush(): void;
  /** Stops listening to the queue. */
  detach(): void;
}

/**
 * Listens to every event of the queue this tab runs: passes each to this tab's listeners
 * at once, and sends them, batched per microtask, to the other tabs with the jobs that
 * changed as they are now. Two changes have no event of their own, and are found here: a
 * blocked job that a dependency's success set free, and finished jobs that retention
 * deleted (looked for only once a final state holds more jobs than its `maxCount`).
 */
export function relayLeader(queue: Queue, options: QueueOptions, host: RelayHost): Relay {
  const retention: Record<FinalState, number> = { ...DEFAULT_RETENTION };
  for (const state of FINAL_STATES) {
    const max = options.retention?.[state]?.maxCount;
    if (max !== undefined) retention[state] = max;
  }
  const finished: Record<FinalState, Set<string>> = {
    succeeded: new Set(),
    failed: new Set(),
    cancelled: new Set(),
  };
  const blockedBy = new Map<string, Set<string>>();
  let events: WireEvent[] = [];
  /** Jobs that changed, with the snapshot an event of this batch already carries, if one does. */
  let dirty = new Map<string, JobSnapshot | undefined>();
  let scheduled = false;
  let announced = false;
  let streams = 0;

  const track = (job: JobSnapshot) => {
    if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') {
      finished[job.state].add(job.id);
    } else if (job.state === 'blocked' && job.after) {
      for (const dep of job.after) {
        let set = blockedBy.get(dep);
        if (!set) blockedBy.set(dep, (set = new Set()));
        set.add(job.id);
      }
    }
  };

  const schedule = () => {
    if (scheduled || !announced) return;
    scheduled = true;
    queueMicrotask(flush);
  };

  const listeners = QUEUE_EVENTS.map((event) => {
    const listener = (...args: unknown[]) => {
      host.emit(event, args);
      events.push([event, ...wireArgs(event, args)]);
      const job = isSnapshot(args[0]) ? args[0] : undefined;
      if (job) {
        dirty.set(job.id, job);
        track(job);
        if (event === 'succeeded') {
          for (const id of blockedBy.get(job.id) ?? []) if (!dirty.has(id)) dirty.set(id, undefined);
          blockedBy.delete(job.id);
        }
      }
      schedule();
    };
    queue.on(event, listener as never);
    return [event, listener] as const;
  });
  const unsubscribe = queue.subscribe(() => {
    host.notify();
    schedule();
  });

  function removedByRetention(removed: string[]): void {
    for (const state of FINAL_STATES) {
      const ids = finished[state];
      if (ids.size <= retention[state]) continue;
      for (const id of ids) {
        const job = queue.get(id);
        if (job?.state === state) continue;
        ids.delete(id);
        if (!job) removed.push(id);
      }
    }
  }

  function flush(): void {
    scheduled = false;
    if (!announced) return;
    const jobs: JobSnapshot[] = [];
    const removed: string[] = [];
    for (const [id, carried] of dirty) {
      const now = queue.get(id);
      if (!now) removed.push(id);
      else if (now !== carried) {
        jobs.push(now);
        track(now);
      }
    }
    removedByRetention(removed);
    if (events.length === 0 && jobs.length === 0 && removed.length === 0) return;
    const message: TabMessage = {
      t: 'batch',
      leader: host.leader,
      events,
      jobs,
      removed,
      stats: queue.stats(),
    };
    events = [];
    dirty = new Map();
    host.post(message);
  }

  return {
    async sendState(to) {
      const jobs = queue.list();
      const stats = queue.stats();
      for (const job of jobs) track(job);
      const stream = `${host.leader}:${streams++}`;
      const parts = Math.max(1, Math.ceil(jobs.length / STATE_PAGE));
      for (let part = 0; part < parts; part++) {
        if (part > 0) await host.yieldToHost?.();
        const page = jobs.slice(part * STATE_PAGE, (part + 1) * STATE_PAGE);
        const message: TabMessage = {
          t: 'state',
          leader: host.leader,
          stream,
          part,
          parts,
          jobs: page,
          stats,
        };
        if (to !== undefined) message.to = to;
        host.post(message);
      }
    },
    async announce() {
      await this.sendState();
      announced = true;
      // What the start emitted (recovered jobs, corrupt records) still reaches the listeners.
      flush();
    },
    flush,
    detach() {
      for (const [event, listener] of listeners) queue.off(event, listener as never);
      unsubscribe();
      announced = false;
    },
  };
}

function isSnapshot(value: unknown): value is JobSnapshot {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value;
}

/** What structured clone can carry: errors as plain objects, and a window without its AbortSignal. */
function wireArgs(event: string, args: unknown[]): unknown[] {
  if (event === 'error') return [toWireError(args[0])];
  if (event === 'window-start') {
    const { deadline, kind, startedAt } = args[0] as { deadline: number; kind: string; startedAt: number };
    return [{ deadline, kind, startedAt }];
  }
  return args;
}
