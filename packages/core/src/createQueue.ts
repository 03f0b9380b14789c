import { checkQueueOptions } from './checkQueueOptions';
import {
  type Change,
  callerWrite,
  commit,
  createEngine,
  type Engine,
  enforceRetention,
  isPending,
  snapshotOf,
} from './engine';
import { assertStarted, enqueueMany } from './enqueue';
import { InterruptedError, InvalidOptionsError, QueueStoppedError, UnknownJobError } from './errors';
import { type Entry, isFinal } from './jobIndex';
import type { JobType } from './jobType';
import { checkIdle, plan, pump, requestPump } from './pump';
import type { EnqueueOptions, ListFilter, Queue, QueueEvents, QueueOptions } from './queueTypes';
import { recover } from './recovery';
import {
  applyConditions,
  cancelChange,
  cancelDependents,
  endRun,
  interrupt,
  invoke,
  landCancel,
} from './runs';
import type { JobSnapshot, QueueStats } from './types';
import { closeWindow, runWindow } from './windows';

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
  e.afterBatch = () => checkIdle(e);
  e.pumpNow = () => pump(e);
  e.invoke = (run) => invoke(e, run);
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
    stop: (opts?: { timeoutMs?: number }) => (stopping ??= stop(e, opts)),
    async enqueue(type: JobType | string, payload: unknown, opts?: EnqueueOptions) {
      const [snap] = await enqueueMany(e, [{ type, payload, options: opts }]);
      return snap;
    },
    enqueueMany: (items: Array<{ type: JobType | string; payload: unknown; options?: EnqueueOptions }>) =>
      enqueueMany(e, items),
    async cancel(id: string) {
      return (await cancelJobs(e, [id], 'cancelled by the app')) > 0;
    },
    cancelWhere(filter: { name?: string; tag?: string; uniqueKey?: string }) {
      if (
        !filter ||
        (filter.name === undefined && filter.tag === undefined && filter.uniqueKey === undefined)
      ) {
        return Promise.reject(new InvalidOptionsError('cancelWhere needs a name, tag or uniqueKey'));
      }
      const ids: string[] = [];
      for (const { rec } of e.index.entries.values()) {
        if (isFinal(rec.state)) continue;
        if (filter.name !== undefined && rec.name !== filter.name) continue;
        if (filter.tag !== undefined && !rec.tags.includes(filter.tag)) continue;
        if (filter.uniqueKey !== undefined && rec.uniqueKey !== filter.uniqueKey) continue;
        ids.push(rec.id);
      }
      return cancelJobs(e, ids, 'cancelled by cancelWhere');
    },
    get(id: string) {
      const entry = e.index.entries.get(id);
      return entry ? snapshotOf(entry) : undefined;
    },
    list(filter?: ListFilter) {
      const states =
        filter?.state === undefined
          ? undefined
          : new Set(Array.isArray(filter.state) ? filter.state : [filter.state]);
      const found: Entry[] = [];
      for (const entry of e.index.entries.values()) {
        const { rec } = entry;
        if (states && !states.has(rec.state)) continue;
        if (filter?.name !== undefined && rec.name !== filter.name) continue;
        if (filter?.tag !== undefined && !rec.tags.includes(filter.tag)) continue;
        found.push(entry);
      }
      return found.sort((a, b) => a.rec.createdAt - b.rec.createdAt || a.rec.seq - b.rec.seq).map(snapshotOf);
    },
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
        counts: { ...e.index.counts },
        byType: e.stats.snapshot(estimates),
        windows: { ...e.windowTotals },
      };
    },
  };
  return queue as unknown as Queue<Jobs>;
}

async function start(e: Engine): Promise<void> {
  if (e.phase !== 'idle')
    throw new QueueStoppedError(`the queue is ${e.phase}; a stopped queue cannot start again`);
  e.phase = 'starting';
  try {
    await recover(e);
  } catch (error) {
    e.phase = 'idle';
    throw error;
  }
  e.phase = 'started';
  if (e.platform.conditions) {
    e.conditions = e.platform.conditions.get();
    e.detach.push(e.platform.conditions.subscribe((next) => applyConditions(e, next)));
  }
  if (e.platform.scheduler) e.detach.push(e.platform.scheduler.onWake((window) => runWindow(e, window)));
  plan(e);
  // Like enqueue, start hands over to the clock: nothing runs until the platform's next tick.
  requestPump(e);
}

/** Starts nothing new, waits for running jobs up to `timeoutMs`, interrupts the rest, writes, closes. */
async function stop(e: Engine, opts?: { timeoutMs?: number }): Promise<void> {
  if (e.phase === 'stopped' || e.phase === 'stopping') return;
  if (e.phase === 'idle') {
    e.phase = 'stopped';
    return;
  }
  e.phase = 'stopping';
  for (const undo of e.detach.splice(0)) undo();
  e.pumpScheduled?.();
  e.pumpScheduled = undefined;
  e.cancelTimer?.();
  e.cancelTimer = undefined;
  e.timerAt = undefined;
  for (const w of [...e.windows]) closeWindow(e, w, false);
  if (e.running.size > 0) {
    await new Promise<void>((resolve) => {
      const cancelWait = e.clock.setTimer(e.clock.now() + (opts?.timeoutMs ?? 5_000), () => {
        e.runsSettled = undefined;
        resolve();
      });
      e.runsSettled = () => {
        cancelWait();
        resolve();
      };
    });
  }
  const cut: Change[] = [];
  for (const entry of e.running.entries()) {
    const reason = new InterruptedError('the queue stopped');
    endRun(e, entry, entry.run!, reason);
    cut.push(interrupt(e, entry, reason));
  }
  if (cut.length > 0) commit(e, cut);
  await e.writer.idle();
  e.writer.dispose();
  e.phase = 'stopped';
  await e.store.close?.();
}

/**
 * Cancels unfinished jobs and, in depth, their dependents, in one caller write. Nothing
 * changes in memory until it landed; the jobs cannot start meanwhile.
 */
async function cancelJobs(e: Engine, ids: string[], reason: string): Promise<number> {
  assertStarted(e);
  const now = e.clock.now();
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const entry = e.index.entries.get(id);
    if (!entry?.type || isFinal(entry.rec.state) || entry.locked || seen.has(id)) continue;
    seen.add(id);
    changes.push(cancelChange(entry, reason, now));
  }
  const direct = changes.length;
  if (direct === 0) return 0;
  for (let i = 0; i < direct; i++) {
    const id = changes[i]!.entry.rec.id;
    cancelDependents(e, id, `dependency ${id} was cancelled`, now, changes, seen);
  }
  for (const c of changes) {
    c.entry.locked = true;
    e.index.unplace(c.entry);
  }
  try {
    await callerWrite(
      e,
      changes.map((c) => ({ put: c.rec })),
    );
  } catch (error) {
    for (const c of changes) {
      c.entry.locked = false;
      e.index.place(c.entry, e.clock.now());
    }
    requestPump(e);
    throw error;
  }
  for (const c of changes) c.entry.locked = false;
  const landedAt = e.clock.now();
  const fixups: Change[] = [];
  for (const c of changes) landCancel(e, c, landedAt, fixups);
  if (fixups.length > 0) commit(e, fixups);
  enforceRetention(e);
  requestPump(e);
  plan(e);
  e.bus.notifySoon();
  return direct;
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
