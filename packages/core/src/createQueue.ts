import { type CancelFilter, cancelJobs, cancelWhere } from './cancelJobs';
import { checkQueueOptions } from './checkQueueOptions';
import { createEngine, type Engine, isPending } from './engine';
import { enqueueMany } from './enqueue';
import { QueueStoppedError, UnknownJobError } from './errors';
import { isFinal } from './jobIndex';
import type { JobType } from './jobType';
import { kill, start, stop } from './lifecycle';
import { listJobs } from './listJobs';
import type { EnqueueOptions, ListFilter, Queue, QueueEvents, QueueOptions } from './queueTypes';
import { invoke } from './runs';
import { checkIdle, pump } from './scheduler';
import { snapshotOf } from './snapshot';
import type { JobSnapshot, QueueStats } from './types';
import { runWindow } from './windows';

/**
 * Creates a queue. Options are checked at once: bad ones throw `InvalidOptionsError`.
 *
 * @example
 * const queue = createQueue({ platform: systemPlatform(), jobs: [syncInbox], concurrency: 2 });
 * await queue.start();
 * await queue.enqueue(syncInbox, { since: 0 });
 */
export function createQueue<const Jobs extends readonly JobType[]>(options: QueueOptions<Jobs>): Queue<Jobs> {
  checkQueueOptions(options);
  const e = createEngine(options);
  e.hooks = {
    pumpNow: () => pump(e),
    invoke: (run) => invoke(e, run),
    afterBatch: () => checkIdle(e),
  };
  // A queue belongs to the process that made it: when the memory platform kills that
  // process, the queue dies with it, whatever store it was given.
  const forget = options.platform.onCrash?.(() => kill(e));
  let starting: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const queue = {
    // Idempotent: a headless task and the app's own launch code may both call it.
    start(): Promise<void> {
      if (e.phase === 'stopping' || e.phase === 'stopped') {
        return Promise.reject(new QueueStoppedError('a stopped queue cannot start again'));
      }
      starting ??= start(e).catch((error: unknown) => {
        starting = undefined;
        throw error;
      });
      return starting;
    },
    // A second call waits for the same stop rather than returning before the store is closed.
    stop: (opts?: { timeoutMs?: number }) =>
      (stopping ??= stop(e, opts).finally(() => {
        if (e.phase === 'stopped') forget?.();
      })),
    async enqueue(type: JobType | string, payload: unknown, opts?: EnqueueOptions) {
      const [snap] = await enqueueMany(e, [{ type, payload, options: opts }]);
      return snap;
    },
    enqueueMany: (items: Array<{ type: JobType | string; payload: unknown; options?: EnqueueOptions }>) =>
      enqueueMany(e, items),
    async cancel(id: string) {
      return (await cancelJobs(e, [id], 'cancelled by the app')) > 0;
    },
    cancelWhere: (filter: CancelFilter) => cancelWhere(e, filter),
    get(id: string) {
      const entry = e.index.entries.get(id);
      return entry ? snapshotOf(entry) : undefined;
    },
    list: (filter?: ListFilter) => listJobs(e, filter),
    waitFor: (id: string, opts?: { signal?: AbortSignal }) => waitFor(e, id, opts?.signal),
    runWindow: (window: Parameters<typeof runWindow>[1]) => runWindow(e, window),
    on(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      e.bus.on(event, listener);
      return queue;
    },
    off(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      e.bus.off(event, listener);
      return queue;
    },
    once(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      e.bus.on(event, listener, true);
      return queue;
    },
    subscribe: (listener: () => void) => e.bus.subscribe(listener),
    stats(): QueueStats {
      const estimates = new Map<string, number | undefined>();
      for (const t of e.types.values()) estimates.set(t.name, t.estimatedDurationMs);
      return {
        counts: e.index.counts(),
        byType: e.stats.snapshot(estimates),
        windows: { ...e.windows.totals },
      };
    },
  };
  return queue as unknown as Queue<Jobs>;
}

function waitFor(e: Engine, id: string, signal: AbortSignal | undefined): Promise<JobSnapshot> {
  return new Promise<JobSnapshot>((resolve, reject) => {
    let set = e.waiters.get(id);
    if (!set) e.waiters.set(id, (set = new Set()));
    // In place before the state is checked, so no completion is missed.
    const listener = (snap: JobSnapshot) => {
      signal?.removeEventListener('abort', onAbort);
      resolve(snap);
    };
    const onAbort = () => {
      set!.delete(listener);
      // React Native's AbortController (the abort-controller polyfill) keeps no `reason`.
      reject(signal!.reason ?? Object.assign(new Error('waitFor was aborted'), { name: 'AbortError' }));
    };
    set.add(listener);
    const entry = e.index.entries.get(id);
    if (entry && isFinal(entry.rec.state)) return listener(snapshotOf(entry));
    if (!entry && !isPending(e, id)) {
      set.delete(listener);
      return reject(new UnknownJobError(`this queue never had a job with id "${id}"`));
    }
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
