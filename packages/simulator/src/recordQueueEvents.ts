import type { Constraints, JobSnapshot, JobType, Queue, SerializedError } from '@nightshift/core';
import type { SimulationEvent } from './timeline';

type JobEvent = Extract<SimulationEvent, { type: 'job' }>;

const code = (e: SerializedError) => e.code ?? e.name;

/**
 * Subscribes to a queue's job events and appends each to `log` as a {@link SimulationEvent}
 * stamped with the virtual time, with what the timeline needs: `createdAt`, `runAt`,
 * attempt and constraints on `started`, the error code on failures and interruptions.
 *
 * @param queue - the queue of one simulated process.
 * @param jobs - its job types: the constraints of a job without its own come from its type.
 * @param log - where the events go.
 * @param now - the virtual clock.
 * @param override - a job's own constraints (from `enqueue`), if any.
 * @example
 * recordQueueEvents(queue, jobs, events, platform.now, (id) => overrides.get(id));
 */
export function recordQueueEvents(
  queue: Queue<any>,
  jobs: readonly JobType[],
  log: SimulationEvent[],
  now: () => number,
  override: (id: string) => Constraints | undefined,
): void {
  const defs = new Map(jobs.map((t) => [t.name, t.constraints]));
  const job = (event: JobEvent['event'], s: JobSnapshot<string, unknown, unknown>, reason?: string) => {
    const entry: JobEvent = { at: now(), type: 'job', event, id: s.id, name: s.name };
    if (reason !== undefined) entry.reason = reason;
    if (event === 'started') {
      entry.createdAt = s.createdAt;
      entry.runAt = s.runAt;
      entry.attempt = s.attempts + 1;
      entry.periodic = s.repeat !== undefined;
      const constraints = override(s.id) ?? defs.get(s.name);
      if (constraints) entry.constraints = constraints;
    }
    if (event === 'enqueued') entry.createdAt = s.createdAt;
    log.push(entry);
  };
  queue.on('enqueued', (s) => job('enqueued', s));
  queue.on('started', (s) => job('started', s));
  queue.on('succeeded', (s) => job('succeeded', s));
  queue.on('retrying', (s, e) => job('retrying', s, code(e)));
  queue.on('failed', (s, e) => job('failed', s, code(e)));
  queue.on('interrupted', (s, e) => job('interrupted', s, code(e)));
  queue.on('cancelled', (s) => job('cancelled', s));
}
