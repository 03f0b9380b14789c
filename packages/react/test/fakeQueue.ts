import type { JobSnapshot, JobState, ListFilter, Queue, QueueStats } from '@nightshift/core';

const STATES: JobState[] = ['enqueued', 'blocked', 'running', 'succeeded', 'failed', 'cancelled'];

function snapshot(id: string, name: string, state: JobState, at: number): JobSnapshot {
  return Object.freeze({
    id,
    name,
    payload: null,
    state,
    attempts: 0,
    maxAttempts: 3,
    createdAt: at,
    updatedAt: at,
    runAt: at,
    priority: 0,
    tags: Object.freeze([]) as readonly string[],
    interruptions: 0,
  });
}

/**
 * The part of a queue the hooks read, behaving as the core queue: `get` returns the same
 * frozen snapshot until the job changes; `list` and `stats` build new objects on each call;
 * `subscribe` is called once per batch of changes.
 */
export function fakeQueue() {
  const jobs = new Map<string, JobSnapshot>();
  const listeners = new Set<() => void>();
  let clock = 0;
  const calls = { subscribe: 0, unsubscribe: 0, list: 0, stats: 0 };
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const queue = {
    subscribe(listener: () => void) {
      calls.subscribe++;
      listeners.add(listener);
      return () => {
        if (listeners.delete(listener)) calls.unsubscribe++;
      };
    },
    get: (id: string) => jobs.get(id),
    list(filter?: ListFilter) {
      calls.list++;
      const states = filter?.state === undefined ? undefined : ([] as JobState[]).concat(filter.state);
      return [...jobs.values()].filter(
        (j) =>
          (!states || states.includes(j.state)) &&
          (!filter?.name || j.name === filter.name) &&
          (!filter?.tag || j.tags.includes(filter.tag)),
      );
    },
    stats(): QueueStats {
      calls.stats++;
      const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const j of jobs.values()) counts[j.state]++;
      return { counts, byType: {}, windows: { run: 0, expired: 0 } };
    },
  };
  return {
    queue: queue as unknown as Queue,
    calls,
    listenerCount: () => listeners.size,
    /** Adds or changes jobs in one batch: one notification. */
    set(...changes: Array<{ id: string; name?: string; state: JobState }>) {
      for (const c of changes) jobs.set(c.id, snapshot(c.id, c.name ?? 'sync', c.state, ++clock));
      notify();
    },
    /** A batch that changes nothing the hooks read (e.g. progress of nothing). */
    touch: notify,
  };
}
