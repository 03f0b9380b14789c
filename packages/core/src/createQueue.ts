import EventEmitter from 'eventemitter3';
import { buildRecord, checkEnqueueOptions } from './buildRecord';
import { checkQueueOptions } from './checkQueueOptions';
import { constraintsMet, DEFAULT_CONDITIONS } from './constraints';
import { DurationStats } from './durationStats';
import {
  CancelledError,
  ConstraintsUnmetError,
  CorruptRecordError,
  DuplicateJobIdError,
  InterruptedError,
  InvalidOptionsError,
  InvalidPayloadError,
  PayloadTooLargeError,
  QueueStoppedError,
  StoreError,
  serializeError,
  TimeoutError,
  UnknownJobError,
  WindowExpiredError,
} from './errors';
import { type Entry, effectiveConstraints, isFinal, JobIndex } from './jobIndex';
import type { JobContext, JobType } from './jobType';
import { assertJson, cloneJson, utf8Length } from './json';
import { createMemoryStore } from './memoryStore';
import { planWake, sameWake } from './planWake';
import type { EnqueueOptions, ListFilter, Queue, QueueEvents, QueueOptions } from './queueTypes';
import { deepFreeze, toSnapshot } from './snapshot';
import { StoreWriter } from './storeWriter';
import { afterFailure, type JobAction, transition } from './transitions';
import type {
  BackoffFunction,
  Conditions,
  Constraints,
  JobRecord,
  JobSnapshot,
  Json,
  QueueStats,
  SerializedError,
  StoreOp,
  WakeRequest,
  WakeWindow,
  WindowReport,
} from './types';
import { validatePayload } from './validatePayload';

interface Run {
  token: number;
  controller: AbortController;
  startedAt: number;
  window: OpenWindow | undefined;
  cancelTimeout: (() => void) | undefined;
}

interface OpenWindow {
  startedAt: number;
  deadline: number;
  stopAt: number;
  kind: WakeWindow['kind'];
  report: Omit<WindowReport, 'endedAt' | 'nextWakeAt' | 'result'>;
  cleanup: Array<() => void>;
  resolve: (report: WindowReport) => void;
  closing: boolean;
}

type Change = { entry: Entry; rec: JobRecord; emit?: (snap: JobSnapshot) => void; before?: JobRecord };

const FINAL_STATES = ['succeeded', 'failed', 'cancelled'] as const;
const DEFAULT_RETENTION = { succeeded: 100, failed: 1000, cancelled: 100 };

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
  const { platform } = options;
  const clock = platform.clock;
  const random = platform.random ?? Math.random;
  const store = options.store ?? createMemoryStore();
  const concurrency = options.concurrency ?? 1;
  const maxPayloadBytes = options.maxPayloadBytes ?? 65_536;
  const safetyMargin = options.windowSafetyMarginMs ?? 2_000;
  const retention = {
    succeeded: options.retention?.succeeded?.maxCount ?? DEFAULT_RETENTION.succeeded,
    failed: options.retention?.failed?.maxCount ?? DEFAULT_RETENTION.failed,
    cancelled: options.retention?.cancelled?.maxCount ?? DEFAULT_RETENTION.cancelled,
  };
  const types = new Map<string, JobType>(options.jobs.map((t) => [t.name, t]));
  const logger = options.logger;

  const emitter = new EventEmitter();
  const index = new JobIndex();
  const stats = new DurationStats();
  const subscribers = new Set<() => void>();
  const waiters = new Map<string, Set<(snap: JobSnapshot) => void>>();
  const running = new Set<Entry>();
  const runningByType = new Map<string, number>();
  const reservedIds = new Set<string>();
  const corruptIds = new Set<string>();
  const pendingKeys = new Map<string, Promise<unknown>>();
  const windows: OpenWindow[] = [];
  const windowTotals = { run: 0, expired: 0 };

  let phase: 'idle' | 'starting' | 'started' | 'stopping' | 'stopped' = 'idle';
  let conditions: Conditions = platform.conditions?.get() ?? DEFAULT_CONDITIONS;
  let seq = 0;
  let tokens = 0;
  let lastRequest: WakeRequest | null | undefined;
  let timerAt: number | undefined;
  let cancelTimer: (() => void) | undefined;
  let pumpScheduled: (() => void) | undefined;
  let busy = false;
  let notifyScheduled = false;
  let runsSettled: (() => void) | undefined;
  const detach: Array<() => void> = [];

  const writer = new StoreWriter(
    store,
    clock,
    (error) => reportError(error),
    () => {
      notifySubscribers();
      checkIdle();
    },
  );

  /** `idle` fires once when the last run ended, its writes landed and nothing more can start. */
  function checkIdle(): void {
    if (!busy || running.size > 0 || writer.pending || phase !== 'started') return;
    if (hasStartable(clock.now(), widestWindow())) return;
    busy = false;
    emit('idle');
  }

  // ── events ────────────────────────────────────────────────────────────────
  function reportError(error: Error): void {
    if (emitter.listenerCount('error') === 0) {
      if (logger) logger.error(error.message, { error });
      else console.error(error);
      return;
    }
    emit('error', error);
  }

  function emit(event: string, ...args: unknown[]): void {
    emitter.emit(event, ...args);
  }

  const guards = new WeakMap<(...args: never[]) => void, (...args: unknown[]) => void>();
  /** A listener that throws must not break the engine or the other listeners: it is reported instead. */
  function guard(event: string, listener: (...args: never[]) => void): (...args: unknown[]) => void {
    let wrapped = guards.get(listener);
    if (!wrapped) {
      wrapped = (...args: unknown[]) => {
        try {
          (listener as (...a: unknown[]) => void)(...args);
        } catch (error) {
          if (event === 'error') {
            if (logger) logger.error('an error listener threw', { error });
            else console.error(error);
          } else reportError(asError(error));
        }
      };
      guards.set(listener, wrapped);
    }
    return wrapped;
  }

  function notifySubscribers(): void {
    for (const listener of [...subscribers]) {
      try {
        listener();
      } catch (error) {
        reportError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  function notifySoon(): void {
    if (notifyScheduled) return;
    notifyScheduled = true;
    Promise.resolve().then(() => {
      notifyScheduled = false;
      notifySubscribers();
    });
  }

  function snapshot(entry: Entry): JobSnapshot {
    if (!entry.snap) entry.snap = toSnapshot(entry.rec);
    return entry.snap;
  }

  function settleWaiters(entry: Entry, snap: JobSnapshot): void {
    if (!isFinal(snap.state)) return;
    const set = waiters.get(entry.rec.id);
    if (!set) return;
    waiters.delete(entry.rec.id);
    for (const resolve of set) resolve(snap);
  }

  // ── engine writes ───────────────────────────────────────────────────────────
  /** Applies changes in memory, writes them, and emits their events once they landed. */
  function commit(changes: Change[], extraOps: StoreOp[] = []): void {
    const now = clock.now();
    const landed: Array<{ entry: Entry; snap: JobSnapshot; emit?: Change['emit'] }> = [];
    const ops: StoreOp[] = [];
    for (const change of changes) {
      index.update(change.entry, change.rec, now);
      const snap = snapshot(change.entry);
      landed.push({ entry: change.entry, snap, emit: change.emit });
      ops.push({ put: change.rec });
    }
    ops.push(...extraOps);
    writer.write(ops, {
      done: () => {
        for (const { entry, snap, emit: fire } of landed) {
          if (isFinal(snap.state)) index.noteFinished(entry.rec);
          fire?.(snap);
          settleWaiters(entry, snap);
        }
        enforceRetention();
      },
    });
  }

  function enforceRetention(): void {
    const doomed: Entry[] = [];
    for (const state of FINAL_STATES) doomed.push(...index.overRetention(state, retention[state]));
    if (doomed.length === 0) return;
    for (const entry of doomed) index.remove(entry);
    writer.write(
      doomed.map((e) => ({ delete: e.rec.id })),
      { done: () => {} },
    );
  }

  /** A caller's write: nothing changes in memory until it landed; on failure the caller gets a StoreError. */
  function callerWrite(ops: StoreOp[]): Promise<void> {
    return new Promise((resolve, reject) => writer.write(ops, { done: resolve, fail: reject }));
  }

  // ── scheduling ────────────────────────────────────────────────────────────────
  function requestPump(): void {
    if (pumpScheduled || phase !== 'started') return;
    pumpScheduled = clock.setTimer(clock.now(), () => {
      pumpScheduled = undefined;
      pump();
    });
  }

  function expectedDuration(type: JobType): number | undefined {
    return type.estimatedDurationMs ?? stats.expected(type.name);
  }

  /** The open window that allows the latest stop, if any. */
  function widestWindow(): OpenWindow | undefined {
    let best: OpenWindow | undefined;
    for (const w of windows) if (!w.closing && (!best || w.stopAt > best.stopAt)) best = w;
    return best;
  }

  function pickNext(now: number, window: OpenWindow | undefined, admit: boolean): Entry | undefined {
    let best: Entry | undefined;
    for (const [key, group] of index.groups) {
      const head = group.heap.peek();
      if (!head) {
        index.groups.delete(key);
        continue;
      }
      if (!constraintsMet(group.constraints, conditions)) continue;
      const limit = group.type.concurrency;
      if (limit !== undefined && (runningByType.get(group.type.name) ?? 0) >= limit) continue;
      if (admit && window) {
        const expected = expectedDuration(group.type);
        if (expected !== undefined && expected > window.stopAt - now) continue;
      }
      if (
        !best ||
        head.rec.priority > best.rec.priority ||
        (head.rec.priority === best.rec.priority &&
          (head.rec.runAt < best.rec.runAt ||
            (head.rec.runAt === best.rec.runAt && head.rec.seq < best.rec.seq)))
      ) {
        best = head;
      }
    }
    return best;
  }

  /** The heart of the engine: starts what may start now, then re-arms the one timer and the OS request. */
  function pump(): void {
    if (phase !== 'started') return;
    const now = clock.now();
    for (const w of [...windows]) if (now >= w.stopAt) closeWindow(w, true);
    index.promote(now);
    const window = widestWindow();
    const active = conditions.appState === 'active';
    if (active || window) {
      while (running.size < concurrency) {
        const next = pickNext(now, window, !active);
        if (!next) break;
        startRun(next, now, window);
      }
    }
    armTimer();
    plan();
    for (const w of [...windows]) if (windowFinished(w, now)) closeWindow(w, false);
    checkIdle();
  }

  function hasStartable(now: number, window: OpenWindow | undefined): boolean {
    if (conditions.appState !== 'active' && !window) return false;
    return pickNext(now, window, conditions.appState !== 'active') !== undefined;
  }

  function armTimer(): void {
    let at = index.timeline.peek()?.rec.runAt;
    for (const w of windows) if (at === undefined || w.stopAt < at) at = w.stopAt;
    if (at === timerAt) return;
    cancelTimer?.();
    cancelTimer = undefined;
    timerAt = at;
    if (at === undefined) return;
    cancelTimer = clock.setTimer(at, () => {
      cancelTimer = undefined;
      timerAt = undefined;
      pump();
    });
  }

  /** Keeps exactly one OS request current; sends it only when the plan changed. */
  function plan(): void {
    if (!platform.scheduler) return;
    const now = clock.now();
    const dueNow: Array<Constraints | undefined> = [];
    for (const group of index.groups.values()) if (group.heap.size > 0) dueNow.push(group.constraints);
    let upcoming: { at: number; constraints: Array<Constraints | undefined> } | undefined;
    const first = index.timeline.peek();
    if (dueNow.length === 0 && first) {
      const at = first.rec.runAt;
      const constraints: Array<Constraints | undefined> = [];
      index.timeline.visitWhile(
        (e) => e.rec.runAt <= at,
        (e) => constraints.push(effectiveConstraints(e)),
      );
      upcoming = { at, constraints };
    }
    const request = planWake(now, dueNow, upcoming);
    if (sameWake(lastRequest, request, now)) return;
    lastRequest = request;
    try {
      const result = platform.scheduler.request(request);
      if (result && typeof result.then === 'function')
        result.then(undefined, (e: unknown) => reportError(asError(e)));
    } catch (error) {
      reportError(asError(error));
    }
  }

  // ── runs ────────────────────────────────────────────────────────────────────
  function startRun(entry: Entry, now: number, window: OpenWindow | undefined): void {
    const type = entry.type!;
    const run: Run = {
      token: ++tokens,
      controller: new AbortController(),
      startedAt: now,
      window,
      cancelTimeout: undefined,
    };
    entry.run = run;
    running.add(entry);
    runningByType.set(type.name, (runningByType.get(type.name) ?? 0) + 1);
    busy = true;
    stats.started(type.name);
    if (window) window.report.ran++;
    const timeoutMs = entry.rec.timeoutMs ?? type.timeoutMs;
    if (timeoutMs !== undefined) {
      run.cancelTimeout = clock.setTimer(now + timeoutMs, () => {
        if (entry.run !== run) return;
        const error = new TimeoutError(`job "${entry.rec.name}" timed out after ${timeoutMs} ms`);
        endRun(entry, run, error);
        fail(entry, run, error);
        requestPump();
      });
    }
    commit([
      {
        entry,
        rec: transition(entry.rec, { type: 'start', now }),
        emit: (snap) => {
          emit('started', snap);
          // Through the clock, never from a bare promise continuation: a queue whose process
          // died (a crashed memory platform drops its timers) must not start the handler.
          clock.setTimer(clock.now(), () => invoke(entry, run));
        },
      },
    ]);
  }

  function invoke(entry: Entry, run: Run): void {
    if (entry.run !== run) return;
    const type = entry.type!;
    const ctx: JobContext = {
      id: entry.rec.id,
      name: entry.rec.name,
      attempt: entry.rec.attempts + 1,
      signal: run.controller.signal,
      deadline: run.window?.deadline,
      checkpoint: entry.rec.checkpoint,
      dependencies: entry.rec.dependencyResults ?? {},
      saveCheckpoint: (data) => saveCheckpoint(entry, run, data),
      progress: (value, message) => reportProgress(entry, run, value, message),
    };
    let outcome: Promise<unknown>;
    try {
      outcome = type.validate
        ? validatePayload(type.validate, entry.rec.payload).then(
            (payload) => type.run(payload, ctx),
            (error: unknown) => {
              throw new InvalidPayloadError(`stored payload no longer validates: ${asError(error).message}`);
            },
          )
        : Promise.resolve(type.run(entry.rec.payload, ctx));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    // The outcome is applied from a clock callback too, so a dead queue records nothing.
    outcome.then(
      (result) => clock.setTimer(clock.now(), () => settle(entry, run, true, result)),
      (error) => clock.setTimer(clock.now(), () => settle(entry, run, false, error)),
    );
  }

  function settle(entry: Entry, run: Run, ok: boolean, value: unknown): void {
    // A run that was aborted, cancelled or timed out already ended: its late outcome is discarded.
    if (entry.run !== run) return;
    endRun(entry, run);
    if (ok) {
      let result: Json | undefined;
      try {
        if (value !== undefined) {
          assertJson(value, 'result');
          result = deepFreeze(cloneJson(value as Json));
        }
      } catch (error) {
        ok = false;
        value = error;
      }
      if (ok) succeed(entry, run, result);
    }
    if (!ok) fail(entry, run, value);
    // Already inside a clock callback: start what the freed slot allows right away.
    pump();
  }

  /** Frees a run's slot; aborts its signal when `reason` is given. */
  function endRun(entry: Entry, run: Run, reason?: Error): void {
    entry.run = undefined;
    run.cancelTimeout?.();
    running.delete(entry);
    const name = entry.rec.name;
    runningByType.set(name, (runningByType.get(name) ?? 1) - 1);
    if (reason) run.controller.abort(reason);
    if (running.size === 0 && runsSettled) {
      const done = runsSettled;
      runsSettled = undefined;
      done();
    }
  }

  function succeed(entry: Entry, run: Run, result: Json | undefined): void {
    const now = clock.now();
    const durationMs = now - run.startedAt;
    stats.succeeded(entry.rec.name, durationMs);
    if (run.window) run.window.report.succeeded++;
    const rec = transition(entry.rec, { type: 'succeed', now, result, durationMs });
    const changes: Change[] = [{ entry, rec, emit: (snap) => emit('succeeded', snap, result) }];
    if (!rec.repeat) {
      for (const id of index.dependents.get(rec.id) ?? []) {
        const dependent = index.entries.get(id);
        if (!dependent) continue;
        changes.push({
          entry: dependent,
          rec: transition(dependent.rec, { type: 'dependency-succeeded', now, id: rec.id, result }),
        });
      }
    }
    commit(changes);
  }

  function fail(entry: Entry, run: Run | undefined, error: unknown): void {
    const now = clock.now();
    const err = serializeError(error);
    stats.failed(entry.rec.name);
    if (run?.window) run.window.report.failed++;
    const backoff = entry.backoffFn ?? entry.rec.retry?.backoff ?? entry.type?.retry?.backoff;
    const next = afterFailure(entry.rec, error, now, backoff, random);
    if ('retryAt' in next) {
      const rec = transition(entry.rec, { type: 'retry', now, error: err, runAt: next.retryAt });
      commit([{ entry, rec, emit: (snap) => emit('retrying', snap, err, next.retryAt) }]);
      return;
    }
    const rec = transition(entry.rec, { type: 'fail', now, error: err });
    const changes: Change[] = [{ entry, rec, emit: (snap) => emit('failed', snap, err) }];
    if (!rec.repeat) cascadeCancel(rec.id, `dependency ${rec.id} failed`, now, changes);
    commit(changes);
  }

  function interrupt(entry: Entry, reason: Error, crashed = false): Change {
    const now = clock.now();
    const rec = transition(entry.rec, { type: 'interrupt', now, crashed });
    const err = serializeError(reason);
    return { entry, rec, emit: (snap) => emit('interrupted', snap, err) };
  }

  function cancelChange(entry: Entry, message: string, now: number): Change {
    const error = serializeError(new CancelledError(message));
    return {
      entry,
      before: entry.rec,
      rec: transition(entry.rec, { type: 'cancel', now, error }),
      emit: (snap) => emit('cancelled', snap),
    };
  }

  /**
   * Applies in memory a cancel whose write landed. If the job moved on meanwhile (a run
   * ended and queued its own write after ours), the final record is written once more.
   */
  function landCancel(change: Change, now: number, fixups: Change[]): void {
    const entry = change.entry;
    if (isFinal(entry.rec.state)) return;
    const run = entry.run as Run | undefined;
    if (run) endRun(entry, run, new CancelledError(change.rec.error?.message ?? 'cancelled'));
    if (entry.rec !== change.before) {
      fixups.push({
        ...change,
        rec: transition(entry.rec, { type: 'cancel', now, error: change.rec.error! }),
      });
      return;
    }
    index.update(entry, change.rec, now);
    index.noteFinished(change.rec);
    const snap = snapshot(entry);
    emit('cancelled', snap);
    settleWaiters(entry, snap);
  }

  /** Cancels, in depth, every blocked job waiting on `id`, each with the reason. */
  function cascadeCancel(
    id: string,
    message: string,
    now: number,
    changes: Change[],
    seen = new Set<string>(),
  ): void {
    for (const dependentId of index.dependents.get(id) ?? []) {
      if (seen.has(dependentId)) continue;
      seen.add(dependentId);
      const dependent = index.entries.get(dependentId);
      if (!dependent || isFinal(dependent.rec.state)) continue;
      changes.push(cancelChange(dependent, message, now));
      cascadeCancel(dependentId, `dependency ${dependentId} was cancelled`, now, changes, seen);
    }
  }

  function reportProgress(entry: Entry, run: Run, value: number, message?: string): void {
    if (entry.run !== run) return;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new InvalidOptionsError(`progress must be a number within 0..1, got ${String(value)}`);
    }
    if (message !== undefined && typeof message !== 'string')
      throw new InvalidOptionsError('progress message must be a string');
    // Held in memory: written with the job's next state change, not once per call.
    index.update(entry, transition(entry.rec, { type: 'progress', value, message }), clock.now());
    emit('progress', snapshot(entry), value, message);
    notifySoon();
  }

  function saveCheckpoint(entry: Entry, run: Run, data: Json): Promise<void> {
    if (entry.run !== run) return Promise.reject(new InterruptedError('this run has ended'));
    try {
      assertJson(data, 'checkpoint');
    } catch (error) {
      return Promise.reject(error);
    }
    const frozen = deepFreeze(cloneJson(data));
    const before = entry.rec.checkpoint;
    const rec = transition(entry.rec, { type: 'checkpoint', now: clock.now(), data: frozen });
    // Kept in memory at once so the run's own next write carries it; undone if the write fails.
    index.update(entry, rec, clock.now());
    return callerWrite([{ put: rec }]).catch((error: unknown) => {
      if (entry.rec.checkpoint === frozen) {
        const undone = { ...entry.rec };
        if (before === undefined) delete undone.checkpoint;
        else undone.checkpoint = before;
        index.update(entry, undone, clock.now());
      }
      throw error;
    });
  }

  // ── conditions ────────────────────────────────────────────────────────────────
  function onConditions(next: Conditions): void {
    conditions = next;
    if (phase !== 'started') return;
    const lost: Change[] = [];
    for (const entry of [...running]) {
      if (constraintsMet(effectiveConstraints(entry), next)) continue;
      const reason = new ConstraintsUnmetError(`job "${entry.rec.name}" no longer has what it needs`);
      const run = entry.run as Run;
      if (run.window) run.window.report.interrupted++;
      endRun(entry, run, reason);
      lost.push(interrupt(entry, reason));
    }
    if (lost.length > 0) commit(lost);
    pump();
  }

  // ── windows ────────────────────────────────────────────────────────────────
  function emptyReport(startedAt: number, deadline: number): WindowReport {
    return {
      startedAt,
      endedAt: clock.now(),
      deadline,
      ran: 0,
      succeeded: 0,
      failed: 0,
      interrupted: 0,
      deferred: 0,
      nextWakeAt: lastRequest?.earliestAt ?? null,
      result: 'no-data',
    };
  }

  function windowFinished(w: OpenWindow, now: number): boolean {
    // A run of an earlier window may still hand over to this one when that window stops.
    if (w.closing || running.size > 0) return false;
    if (pickNext(now, w, conditions.appState !== 'active')) return false;
    // A job that becomes due while the window is still open (a short retry) keeps it open.
    const next = index.timeline.peek();
    if (next && constraintsMet(effectiveConstraints(next), conditions)) {
      const expected = next.type ? (expectedDuration(next.type) ?? 0) : 0;
      if (next.rec.runAt + expected <= w.stopAt) return false;
    }
    return true;
  }

  function closeWindow(w: OpenWindow, expired: boolean): void {
    if (w.closing) return;
    w.closing = true;
    windows.splice(windows.indexOf(w), 1);
    for (const undo of w.cleanup) undo();
    if (expired) windowTotals.expired++;
    const heir = widestWindow();
    const cut: Change[] = [];
    for (const entry of [...running]) {
      const run = entry.run as Run;
      if (run.window !== w) continue;
      if (heir || conditions.appState === 'active') {
        run.window = heir;
        continue;
      }
      const reason = new WindowExpiredError(`the ${w.kind} window ended`);
      w.report.interrupted++;
      endRun(entry, run, reason);
      cut.push(interrupt(entry, reason));
    }
    if (cut.length > 0) commit(cut);
    const now = clock.now();
    let deferred = 0;
    for (const group of index.groups.values()) {
      if (constraintsMet(group.constraints, conditions)) deferred += group.heap.size;
    }
    w.report.deferred = deferred;
    armTimer();
    plan();
    const finish = () => {
      const report: WindowReport = {
        ...w.report,
        endedAt: clock.now(),
        nextWakeAt: lastRequest ? lastRequest.earliestAt : null,
        result: w.report.succeeded > 0 ? 'new-data' : w.report.failed > 0 ? 'failed' : 'no-data',
      };
      w.resolve(report);
      emit('window-end', report);
    };
    // Tell the OS only once what the window did is on disk, but never past the deadline.
    const guardAt = Math.max(now, w.stopAt + (w.deadline - w.stopAt) / 2);
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      cancelGuard();
      finish();
    };
    const cancelGuard = clock.setTimer(guardAt, once);
    writer.idle().then(once);
  }

  function runWindow(input: {
    deadline: number;
    signal?: AbortSignal;
    kind?: WakeWindow['kind'];
  }): Promise<WindowReport> {
    const now = clock.now();
    const deadline = input?.deadline;
    const kind = input?.kind ?? 'refresh';
    if (typeof deadline !== 'number' || Number.isNaN(deadline)) {
      return Promise.resolve({ ...emptyReport(now, Number(deadline)), result: 'failed' });
    }
    const budget = deadline - now;
    const margin = Math.min(safetyMargin, budget / 4);
    windowTotals.run++;
    const startInfo = { deadline, kind, signal: input.signal, startedAt: now };
    if (phase !== 'started' || budget <= 0 || input.signal?.aborted) {
      emit('window-start', startInfo);
      const report = emptyReport(now, deadline);
      emit('window-end', report);
      return Promise.resolve(report);
    }
    return new Promise<WindowReport>((resolve) => {
      const w: OpenWindow = {
        startedAt: now,
        deadline,
        stopAt: deadline - margin,
        kind,
        report: { startedAt: now, deadline, ran: 0, succeeded: 0, failed: 0, interrupted: 0, deferred: 0 },
        cleanup: [],
        resolve,
        closing: false,
      };
      windows.push(w);
      emit('window-start', startInfo);
      if (input.signal) {
        const onAbort = () => closeWindow(w, true);
        input.signal.addEventListener('abort', onAbort);
        w.cleanup.push(() => input.signal?.removeEventListener('abort', onAbort));
      }
      pump();
    });
  }

  // ── recovery ──────────────────────────────────────────────────────────────────
  async function start(): Promise<void> {
    if (phase !== 'idle') throw new QueueStoppedError(`start() was already called (the queue is ${phase})`);
    phase = 'starting';
    let loaded: Awaited<ReturnType<typeof store.load>>;
    try {
      loaded = await store.load();
    } catch (cause) {
      phase = 'idle';
      throw cause instanceof StoreError
        ? cause
        : new StoreError(`store load failed: ${asError(cause).message}`, { cause });
    }
    const now = clock.now();
    const recovered: Change[] = [];
    const unknownNames = new Set<string>();
    const records: JobRecord[] = [];
    for (const item of loaded) {
      if ('corrupt' in item) {
        corruptIds.add(item.id);
        const error = new CorruptRecordError(`stored job ${item.id} cannot be read: ${item.corrupt}`);
        error.id = item.id;
        reportError(error);
      } else {
        records.push(item);
      }
    }
    records.sort((a, b) => a.seq - b.seq);
    for (const rec of records) {
      seq = Math.max(seq, rec.seq);
      deepFreeze(rec.payload);
      if (rec.result !== undefined) deepFreeze(rec.result);
      if (rec.checkpoint !== undefined) deepFreeze(rec.checkpoint);
      const type = types.get(rec.name);
      if (!type && !unknownNames.has(rec.name)) {
        unknownNames.add(rec.name);
        reportError(
          new UnknownJobError(
            `stored jobs of type "${rec.name}" have no definition; they are kept untouched`,
          ),
        );
      }
      const entry: Entry = { rec, type, snap: undefined, heap: undefined, node: undefined, run: undefined };
      index.add(entry, now);
      if (type && rec.lastRunMs !== undefined && (rec.state === 'succeeded' || rec.repeat))
        stats.sample(rec.name, rec.lastRunMs);
      if (type && rec.state === 'running') {
        const reason = new InterruptedError(`job "${rec.name}" was running when the process died`);
        if ((rec.crashes ?? 0) + 1 >= 3) failDuringRecovery(entry, reason, recovered, now);
        else recovered.push(interrupt(entry, reason, true));
      }
    }
    for (const rec of records) if (rec.state !== 'running') index.noteFinished(rec);
    repairDependencies(recovered, now);
    phase = 'started';
    if (recovered.length > 0) commit(recovered);
    enforceRetention();
    await writer.idle();
    if (platform.conditions) {
      conditions = platform.conditions.get();
      detach.push(platform.conditions.subscribe(onConditions));
    }
    if (platform.scheduler) detach.push(platform.scheduler.onWake((w) => runWindow(w)));
    plan();
    // Like enqueue, start hands over to the clock: nothing runs until the platform's next tick.
    requestPump();
  }

  function failDuringRecovery(entry: Entry, reason: Error, changes: Change[], now: number): void {
    const err = serializeError(reason);
    const backoff = entry.backoffFn ?? entry.rec.retry?.backoff ?? entry.type?.retry?.backoff;
    const next = afterFailure(entry.rec, reason, now, backoff, random);
    if ('retryAt' in next) {
      const rec = transition(entry.rec, { type: 'retry', now, error: err, runAt: next.retryAt });
      changes.push({ entry, rec, emit: (snap) => emit('retrying', snap, err, next.retryAt) });
    } else {
      const rec = transition(entry.rec, { type: 'fail', now, error: err });
      changes.push({ entry, rec, emit: (snap) => emit('failed', snap, err) });
      if (!rec.repeat) cascadeCancel(rec.id, `dependency ${rec.id} failed`, now, changes);
    }
  }

  /** Blocked jobs whose dependencies already ended (a store edited by hand, a lost record) move on. */
  function repairDependencies(changes: Change[], now: number): void {
    for (const [id, dependents] of [...index.dependents]) {
      const dep = index.entries.get(id);
      if (dep && !isFinal(dep.rec.state)) continue;
      for (const dependentId of [...dependents]) {
        const dependent = index.entries.get(dependentId);
        if (dependent?.rec.state !== 'blocked') continue;
        if (dep?.rec.state === 'succeeded') {
          const rec = transition(dependent.rec, {
            type: 'dependency-succeeded',
            now,
            id,
            result: dep.rec.result,
          });
          index.update(dependent, rec, now);
          changes.push({ entry: dependent, rec });
        } else {
          changes.push(
            cancelChange(dependent, `dependency ${id} ${dep ? dep.rec.state : 'is missing'}`, now),
          );
        }
      }
    }
  }

  async function stop(opts?: { timeoutMs?: number }): Promise<void> {
    if (phase === 'stopped' || phase === 'stopping') return;
    if (phase === 'idle') {
      phase = 'stopped';
      return;
    }
    phase = 'stopping';
    const timeoutMs = opts?.timeoutMs ?? 5_000;
    for (const undo of detach.splice(0)) undo();
    pumpScheduled?.();
    pumpScheduled = undefined;
    cancelTimer?.();
    cancelTimer = undefined;
    timerAt = undefined;
    for (const w of [...windows]) closeWindow(w, false);
    if (running.size > 0) {
      await new Promise<void>((resolve) => {
        let cancelWait: () => void = () => {};
        runsSettled = () => {
          cancelWait();
          resolve();
        };
        cancelWait = clock.setTimer(clock.now() + timeoutMs, () => {
          runsSettled = undefined;
          resolve();
        });
      });
    }
    const cut: Change[] = [];
    for (const entry of [...running]) {
      const reason = new InterruptedError('the queue stopped');
      endRun(entry, entry.run as Run, reason);
      cut.push(interrupt(entry, reason));
    }
    if (cut.length > 0) commit(cut);
    await writer.idle();
    writer.dispose();
    phase = 'stopped';
    await store.close?.();
  }

  // ── the public surface ────────────────────────────────────────────────────────
  function resolveType(typeOrName: JobType | string): JobType {
    const name = typeof typeOrName === 'string' ? typeOrName : typeOrName?.name;
    const type = typeof name === 'string' ? types.get(name) : undefined;
    if (!type) throw new UnknownJobError(`no job named "${String(name)}" is defined in this queue`);
    if (typeof typeOrName !== 'string' && typeOrName !== type) {
      throw new UnknownJobError(`job type "${name}" is not the one this queue was created with`);
    }
    return type;
  }

  function assertStarted(): void {
    if (phase !== 'started') {
      throw new QueueStoppedError(
        phase === 'idle' || phase === 'starting' ? 'call and await start() first' : 'the queue is stopped',
      );
    }
  }

  function newId(): string {
    for (;;) {
      let id = '';
      for (let i = 0; i < 16; i++) id += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
      if (!index.entries.has(id) && !reservedIds.has(id) && !corruptIds.has(id)) return id;
    }
  }

  interface Prepared {
    type: JobType;
    payload: Json;
    options: EnqueueOptions;
    backoffFn: BackoffFunction | undefined;
  }

  async function prepare(
    typeOrName: JobType | string,
    payload: unknown,
    options: EnqueueOptions = {},
  ): Promise<Prepared> {
    const type = resolveType(typeOrName);
    checkEnqueueOptions(options);
    // A job without a payload is enqueued with `undefined`; JSON spells that null.
    const value = type.validate
      ? await validatePayload(type.validate, payload).catch((error: unknown) => {
          throw error instanceof InvalidPayloadError
            ? error
            : new InvalidPayloadError(asError(error).message, { cause: error });
        })
      : payload;
    if (value === undefined) return prepared(type, null, options);
    assertJson(value);
    const text = JSON.stringify(value);
    const bytes = utf8Length(text);
    if (bytes > maxPayloadBytes) {
      throw new PayloadTooLargeError(
        `payload is ${bytes} bytes; this queue takes at most ${maxPayloadBytes}`,
      );
    }
    return prepared(type, deepFreeze(JSON.parse(text) as Json), options);
  }

  function prepared(type: JobType, payload: Json, options: EnqueueOptions): Prepared {
    return {
      type,
      payload,
      options,
      backoffFn: typeof options.retry?.backoff === 'function' ? options.retry.backoff : undefined,
    };
  }

  type Planned =
    | { existing: Entry }
    | { rec: JobRecord; ops: StoreOp[]; after: Change[]; backoffFn: BackoffFunction | undefined };

  /** What one enqueue writes and, once written, does in memory. Synchronous: no await between check and write. */
  function planEnqueue(p: Prepared, now: number, claimed: Set<string>): Planned {
    const { type, options } = p;
    const ops: StoreOp[] = [];
    const after: Change[] = [];
    let opts = options;
    if (options.uniqueKey !== undefined) {
      const holders = index.unique.get(options.uniqueKey) ?? [];
      const live = holders.filter((id) => !index.entries.get(id)?.locked);
      if (live.length > 0) {
        const mode = options.onConflict ?? 'keep';
        if (mode === 'keep') return { existing: index.entries.get(live[live.length - 1]!)! };
        if (mode === 'replace') {
          for (const id of live) {
            const holder = index.entries.get(id)!;
            const change = cancelChange(
              holder,
              `replaced by a new job with uniqueKey "${options.uniqueKey}"`,
              now,
            );
            after.push(change);
            ops.push({ put: change.rec });
            const cascade: Change[] = [];
            cascadeCancel(id, `dependency ${id} was cancelled`, now, cascade);
            for (const c of cascade) {
              after.push(c);
              ops.push({ put: c.rec });
            }
          }
        } else {
          opts = { ...options, after: [...(options.after ?? []), live[live.length - 1]!] };
        }
      }
    }
    const id = opts.id ?? newId();
    if (index.entries.has(id) || reservedIds.has(id) || corruptIds.has(id) || claimed.has(id)) {
      throw new DuplicateJobIdError(`a job with id "${id}" already exists`);
    }
    let everyMs = opts.repeat?.everyMs;
    if (everyMs !== undefined && platform.minPeriodMs !== undefined && everyMs < platform.minPeriodMs) {
      logger?.warn(
        `repeat.everyMs ${everyMs} is below this platform's minimum; using ${platform.minPeriodMs}`,
        {
          job: type.name,
        },
      );
      everyMs = platform.minPeriodMs;
    }
    let rec = buildRecord(type, p.payload, opts, { id, now, seq: ++seq, everyMs });
    const results: Record<string, Json> = {};
    let cancelledBy: string | undefined;
    for (const depId of rec.after ?? []) {
      const dep = index.entries.get(depId);
      if (!dep) throw new InvalidOptionsError(`after names "${depId}", which this queue does not hold`);
      if (dep.rec.repeat) throw new InvalidOptionsError(`after cannot name the periodic job "${depId}"`);
      if (dep.rec.state === 'succeeded') results[depId] = dep.rec.result ?? null;
      else if (dep.rec.state === 'failed' || dep.rec.state === 'cancelled')
        cancelledBy ??= `dependency ${depId} ${dep.rec.state}`;
    }
    if (rec.after) {
      if (cancelledBy) {
        rec = transition(rec, {
          type: 'cancel',
          now,
          error: serializeError(new CancelledError(cancelledBy)),
        });
      } else if (Object.keys(results).length > 0) {
        rec = { ...rec, dependencyResults: results };
        if (rec.after?.every((d) => d in results)) rec.state = 'enqueued';
      }
    }
    ops.push({ put: rec });
    return { rec, ops, after, backoffFn: p.backoffFn };
  }

  async function enqueueMany(
    items: Array<{ type: JobType | string; payload: unknown; options?: EnqueueOptions }>,
  ): Promise<JobSnapshot[]> {
    assertStarted();
    if (!Array.isArray(items)) throw new InvalidOptionsError('enqueueMany takes an array');
    const prepared = await Promise.all(
      items.map((item) => prepare(item?.type, item?.payload, item?.options)),
    );
    assertStarted();
    const keys = [
      ...new Set(prepared.map((p) => p.options.uniqueKey).filter((k): k is string => k !== undefined)),
    ];
    // Unique keys are decided one enqueue at a time: wait for any in flight with the same key.
    for (;;) {
      const busyKey = keys.map((k) => pendingKeys.get(k)).find(Boolean);
      if (!busyKey) break;
      await busyKey.catch(() => {});
    }
    assertStarted();
    const now = clock.now();
    const claimed = new Set<string>();
    const plans: Planned[] = [];
    const ops: StoreOp[] = [];
    for (const p of prepared) {
      const planned = planEnqueue(p, now, claimed);
      plans.push(planned);
      if (!('existing' in planned)) {
        claimed.add(planned.rec.id);
        ops.push(...planned.ops);
      }
    }
    if (ops.length === 0) return plans.map((p) => snapshot((p as { existing: Entry }).existing));
    for (const id of claimed) reservedIds.add(id);
    const lockedEntries = new Set<Entry>();
    for (const p of plans) if (!('existing' in p)) for (const c of p.after) lockedEntries.add(c.entry);
    for (const e of lockedEntries) {
      e.locked = true;
      index.unplace(e);
    }
    const write = callerWrite(ops);
    const held = write.catch(() => {});
    for (const k of keys) pendingKeys.set(k, held);
    try {
      await write;
    } finally {
      for (const id of claimed) reservedIds.delete(id);
      for (const k of keys) if (pendingKeys.get(k) === held) pendingKeys.delete(k);
      for (const e of lockedEntries) {
        e.locked = false;
        index.place(e, clock.now());
      }
    }
    const landedAt = clock.now();
    const out: JobSnapshot[] = [];
    const fixups: Change[] = [];
    for (const planned of plans) {
      if ('existing' in planned) {
        out.push(snapshot(planned.existing));
        continue;
      }
      for (const change of planned.after) landCancel(change, landedAt, fixups);
      const entry: Entry = {
        rec: planned.rec,
        type: types.get(planned.rec.name),
        snap: undefined,
        heap: undefined,
        node: undefined,
        run: undefined,
      };
      if (planned.backoffFn) entry.backoffFn = planned.backoffFn;
      index.add(entry, landedAt);
      const snap = snapshot(entry);
      out.push(snap);
      emit('enqueued', snap);
      if (entry.rec.state === 'cancelled') {
        index.noteFinished(entry.rec);
        emit('cancelled', snap);
      }
    }
    if (fixups.length > 0) commit(fixups);
    enforceRetention();
    requestPump();
    plan();
    return out;
  }

  async function cancelIds(ids: string[], reason: (entry: Entry) => string): Promise<number> {
    assertStarted();
    const now = clock.now();
    const changes: Change[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const entry = index.entries.get(id);
      if (!entry?.type || isFinal(entry.rec.state) || entry.locked || seen.has(id)) continue;
      seen.add(id);
      changes.push(cancelChange(entry, reason(entry), now));
    }
    const direct = changes.length;
    for (let i = 0; i < direct; i++)
      cascadeCancel(
        changes[i]!.entry.rec.id,
        `dependency ${changes[i]!.entry.rec.id} was cancelled`,
        now,
        changes,
        seen,
      );
    if (changes.length === 0) return 0;
    for (const c of changes) {
      c.entry.locked = true;
      index.unplace(c.entry);
    }
    try {
      await callerWrite(changes.map((c) => ({ put: c.rec })));
    } catch (error) {
      for (const c of changes) {
        c.entry.locked = false;
        index.place(c.entry, clock.now());
      }
      requestPump();
      throw error;
    }
    for (const c of changes) c.entry.locked = false;
    const landedAt = clock.now();
    const fixups: Change[] = [];
    for (const c of changes) landCancel(c, landedAt, fixups);
    if (fixups.length > 0) commit(fixups);
    enforceRetention();
    requestPump();
    plan();
    notifySoon();
    return direct;
  }

  const queue = {
    start,
    stop,
    async enqueue(typeOrName: JobType | string, payload: unknown, opts?: EnqueueOptions) {
      const [snap] = await enqueueMany([{ type: typeOrName, payload, options: opts }]);
      return snap;
    },
    enqueueMany,
    async cancel(id: string) {
      return (await cancelIds([id], () => 'cancelled by the app')) > 0;
    },
    async cancelWhere(filter: { name?: string; tag?: string; uniqueKey?: string }) {
      if (
        !filter ||
        (filter.name === undefined && filter.tag === undefined && filter.uniqueKey === undefined)
      ) {
        throw new InvalidOptionsError('cancelWhere needs a name, tag or uniqueKey');
      }
      const ids: string[] = [];
      for (const entry of index.entries.values()) {
        const r = entry.rec;
        if (isFinal(r.state)) continue;
        if (filter.name !== undefined && r.name !== filter.name) continue;
        if (filter.tag !== undefined && !r.tags.includes(filter.tag)) continue;
        if (filter.uniqueKey !== undefined && r.uniqueKey !== filter.uniqueKey) continue;
        ids.push(r.id);
      }
      return cancelIds(ids, () => 'cancelled by cancelWhere');
    },
    get(id: string) {
      const entry = index.entries.get(id);
      return entry ? snapshot(entry) : undefined;
    },
    list(filter?: ListFilter) {
      const states =
        filter?.state === undefined
          ? undefined
          : new Set(Array.isArray(filter.state) ? filter.state : [filter.state]);
      const out: JobSnapshot[] = [];
      for (const entry of index.entries.values()) {
        const r = entry.rec;
        if (states && !states.has(r.state)) continue;
        if (filter?.name !== undefined && r.name !== filter.name) continue;
        if (filter?.tag !== undefined && !r.tags.includes(filter.tag)) continue;
        out.push(snapshot(entry));
      }
      return out.sort(
        (a, b) =>
          a.createdAt - b.createdAt || index.entries.get(a.id)!.rec.seq - index.entries.get(b.id)!.rec.seq,
      );
    },
    waitFor(id: string, opts?: { signal?: AbortSignal }) {
      return new Promise<JobSnapshot>((resolve, reject) => {
        let set = waiters.get(id);
        if (!set) waiters.set(id, (set = new Set()));
        const listener = (snap: JobSnapshot) => {
          opts?.signal?.removeEventListener('abort', onAbort);
          resolve(snap);
        };
        const onAbort = () => {
          set!.delete(listener);
          reject(opts!.signal!.reason);
        };
        set.add(listener);
        const entry = index.entries.get(id);
        if (entry && isFinal(entry.rec.state)) return listener(snapshot(entry));
        if (!entry && !reservedIds.has(id)) {
          set.delete(listener);
          return reject(new UnknownJobError(`this queue never had a job with id "${id}"`));
        }
        if (opts?.signal) {
          if (opts.signal.aborted) return onAbort();
          opts.signal.addEventListener('abort', onAbort, { once: true });
        }
      });
    },
    runWindow,
    on(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      emitter.on(event, guard(event, listener));
      return queue;
    },
    off(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      const wrapped = guards.get(listener);
      if (wrapped) emitter.off(event, wrapped);
      return queue;
    },
    once(event: keyof QueueEvents, listener: (...args: never[]) => void) {
      emitter.once(event, guard(event, listener));
      return queue;
    },
    subscribe(listener: () => void) {
      subscribers.add(listener);
      return () => {
        subscribers.delete(listener);
      };
    },
    stats(): QueueStats {
      const estimates = new Map<string, number | undefined>();
      for (const t of types.values()) estimates.set(t.name, t.estimatedDurationMs);
      return {
        counts: { ...index.counts },
        byType: stats.snapshot(estimates),
        windows: { ...windowTotals },
      };
    },
  };
  return queue as unknown as Queue<Jobs>;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export type { JobAction, SerializedError };
