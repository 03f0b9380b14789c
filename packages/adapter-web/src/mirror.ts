import {
  InvalidOptionsError,
  JOB_STATES,
  type JobSnapshot,
  type JobState,
  type ListFilter,
  type QueueStats,
} from '@nightshift/core';

const STATES: ReadonlySet<JobState> = new Set(JOB_STATES);
const FINAL: ReadonlySet<JobState> = new Set(['succeeded', 'failed', 'cancelled']);

/** Someone waiting for a job to be final: `waitFor` in a tab that does not run the jobs. */
export interface Waiter {
  resolve(job: JobSnapshot): void;
  reject(error: unknown): void;
}

/** The stats of a queue that holds nothing, until the running context sent its own. */
export const EMPTY_STATS: QueueStats = {
  counts: { enqueued: 0, blocked: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 },
  byType: {},
  windows: { run: 0, expired: 0 },
};

/**
 * A tab's copy of the running context's jobs, made from what it broadcasts: answers
 * `get`, `list` and `stats` in a tab that does not run the jobs, and settles `waitFor`
 * when a job it mirrors becomes final. Snapshots are frozen and stay the same object until
 * the job changes, as the running context's do.
 */
export class Mirror {
  private jobs = new Map<string, JobSnapshot>();
  private readonly waiters = new Map<string, Set<Waiter>>();
  stats: QueueStats = EMPTY_STATS;

  /**
   * Replaces everything with a whole state: frozen snapshots by id, in creation order. The
   * map is kept as it is (its pages were indexed as they came), so this costs the waiters,
   * not the jobs.
   */
  replace(jobs: Map<string, JobSnapshot>, stats: QueueStats): void {
    this.jobs = jobs;
    this.stats = stats;
    for (const [id, waiting] of [...this.waiters]) {
      const job = jobs.get(id);
      if (!job || !FINAL.has(job.state)) continue;
      this.waiters.delete(id);
      for (const waiter of waiting) waiter.resolve(job);
    }
  }

  /** Sets one job as it is now; returns the frozen snapshot kept. */
  put(job: JobSnapshot): JobSnapshot {
    const kept = freezeJob(job);
    this.jobs.set(kept.id, kept);
    if (FINAL.has(kept.state)) {
      const waiting = this.waiters.get(kept.id);
      if (waiting) {
        this.waiters.delete(kept.id);
        for (const waiter of waiting) waiter.resolve(kept);
      }
    }
    return kept;
  }

  remove(id: string): void {
    this.jobs.delete(id);
  }

  get(id: string): JobSnapshot | undefined {
    return this.jobs.get(id);
  }

  /** As `queue.list`: the matching jobs, ordered by creation. */
  list(filter?: ListFilter): JobSnapshot[] {
    const states =
      filter?.state === undefined
        ? undefined
        : new Set(Array.isArray(filter.state) ? filter.state : [filter.state]);
    for (const state of states ?? []) {
      if (!STATES.has(state)) {
        throw new InvalidOptionsError(
          `list state must be one of ${[...STATES].join(', ')}, got ${typeof state === 'string' ? `'${state}'` : String(state)}`,
        );
      }
    }
    const found: JobSnapshot[] = [];
    for (const job of this.jobs.values()) {
      if (states && !states.has(job.state)) continue;
      if (filter?.name !== undefined && job.name !== filter.name) continue;
      if (filter?.tag !== undefined && !job.tags.includes(filter.tag)) continue;
      found.push(job);
    }
    // Stable: jobs of one instant keep the running context's order.
    found.sort((a, b) => a.createdAt - b.createdAt);
    const limit = filter?.limit;
    if (limit !== undefined) {
      if (typeof limit !== 'number' || !(limit >= 0)) {
        throw new InvalidOptionsError(`list limit must be a number >= 0, got ${String(limit)}`);
      }
      if (found.length > limit) found.length = limit;
    }
    return found;
  }

  /**
   * Resolves the waiter once the job is final: at once if it already is. Returns the
   * function that stops waiting.
   */
  wait(id: string, waiter: Waiter): () => void {
    let set = this.waiters.get(id);
    if (!set) this.waiters.set(id, (set = new Set()));
    set.add(waiter);
    const stop = () => {
      set!.delete(waiter);
      if (set!.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
    };
    const job = this.jobs.get(id);
    if (job && FINAL.has(job.state)) {
      stop();
      waiter.resolve(job);
    }
    return stop;
  }

  /** The ids someone waits on, with their settle functions; emptied (the running context takes them over). */
  takeWaiters(): Map<string, Set<Waiter>> {
    const all = new Map(this.waiters);
    this.waiters.clear();
    return all;
  }
}

export function isFinal(state: JobState): boolean {
  return FINAL.has(state);
}

/** Freezes a snapshot in depth, as the running context's are; a frozen one is returned as it is. */
export function freezeJob(job: JobSnapshot): JobSnapshot {
  return deepFreeze(job);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
