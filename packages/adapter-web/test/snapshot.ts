import type { JobSnapshot } from '@nightshift/core';

/** A job as the running context broadcasts it: waiting, its id as payload, unless `overrides` say otherwise. */
export const snapshot = (id: string, overrides: Partial<JobSnapshot> = {}): JobSnapshot => ({
  id,
  name: 'note',
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
  ...overrides,
});
