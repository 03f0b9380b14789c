import type { JobRecord } from '../types';

/**
 * A valid stored job record for store tests: an `enqueued` job of type `job` whose payload
 * names its id. `overrides` replaces any field.
 *
 * @example
 * await store.write([{ put: makeJobRecord('a', { state: 'running' }) }]);
 */
export function makeJobRecord(id: string, overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id,
    name: 'job',
    payload: { id },
    state: 'enqueued',
    attempts: 0,
    maxAttempts: 3,
    createdAt: 0,
    updatedAt: 0,
    runAt: 0,
    priority: 0,
    tags: [],
    interruptions: 0,
    seq: 0,
    ...overrides,
  };
}
