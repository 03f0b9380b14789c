import type { JobSnapshot } from '@nightshift/core';
import type { Mirror } from './mirror';
import type { TabEmitter } from './tabEmitter';
import type { TabMessage } from './tabMessages';
import { fromWireError } from './wireErrors';

/**
 * Applies a batch from the running context in a tab that forwards: each event in order,
 * the mirror updated with its job before the listeners hear it (so `get` in a listener
 * sees the change), then the jobs as they are now and the ones retention deleted. Without
 * `emitter` (a batch already heard, applied again on top of a newer state) nobody hears
 * the events. Unheard errors are not logged here: the running tab logs them.
 */
export function applyBatch(
  mirror: Mirror,
  emitter: TabEmitter | undefined,
  message: Extract<TabMessage, { t: 'batch' }>,
): void {
  for (const [event, ...args] of message.events) {
    let out = args;
    if (event === 'error') out = [fromWireError(args[0] as never)];
    else if (isSnapshot(args[0])) out = [mirror.put(args[0]), ...args.slice(1)];
    emitter?.emit(event, out, false);
  }
  for (const job of message.jobs) mirror.put(job);
  for (const id of message.removed) mirror.remove(id);
  mirror.stats = message.stats;
}

function isSnapshot(value: unknown): value is JobSnapshot {
  return typeof value === 'object' && value !== null && 'id' in value && 'state' in value;
}
