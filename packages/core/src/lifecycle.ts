import { type Change, commit } from './commit';
import { type Engine, whileAlive } from './engine';
import { InterruptedError, QueueStoppedError } from './errors';
import { interrupt } from './outcomes';
import { recover } from './recovery';
import { stopRun } from './runs';
import { applyConditions, disarmTimer, plan, requestPump } from './scheduler';
import { claimStore, releaseStore } from './storeOwners';
import { closeWindow, runWindow } from './windows';

/**
 * A queue's life: `idle` → `starting` → `started` → `stopping` → `stopped`, or `killed` at
 * any point when the memory platform's `crash()` kills the process that made it.
 */

/** Throws `QueueStoppedError` unless the queue is started: for calls the user makes. */
export function assertStarted(e: Engine): void {
  if (e.phase === 'started') return;
  throw new QueueStoppedError(
    e.phase === 'idle' || e.phase === 'starting'
      ? 'call and await start() first'
      : e.phase === 'killed'
        ? "this queue's process was killed (the memory platform's crash()); make a new queue"
        : 'the queue is stopped',
  );
}

/** Loads and recovers the store, then listens to the platform and plans the first wake-up. */
export async function start(e: Engine): Promise<void> {
  if (e.phase !== 'idle') {
    throw new QueueStoppedError(
      e.phase === 'killed'
        ? "this queue's process was killed (the memory platform's crash()); make a new queue"
        : `the queue is ${e.phase}; a stopped queue cannot start again`,
    );
  }
  claimStore(e);
  e.phase = 'starting';
  try {
    await whileAlive(e, recover(e));
  } catch (error) {
    e.phase = 'idle';
    releaseStore(e);
    throw error;
  }
  e.phase = 'started';
  const { conditions, scheduler } = e.platform;
  if (conditions) {
    e.conditions = conditions.get();
    e.detach.push(conditions.subscribe((next) => applyConditions(e, next)));
  }
  if (scheduler) e.detach.push(scheduler.onWake((window) => runWindow(e, window)));
  plan(e);
  // Like enqueue, start hands over to the clock: nothing runs until the platform's next tick.
  requestPump(e);
}

/** Starts nothing new, waits for running jobs up to `timeoutMs`, interrupts the rest, writes, closes. */
export async function stop(e: Engine, opts?: { timeoutMs?: number }): Promise<void> {
  // A killed queue has nothing left to do, and its store belongs to whoever runs now.
  if (e.phase === 'stopped' || e.phase === 'stopping' || e.phase === 'killed') return;
  if (e.phase === 'idle') {
    e.phase = 'stopped';
    return;
  }
  e.phase = 'stopping';
  for (const undo of e.detach.splice(0)) undo();
  e.tick.cancelPump();
  disarmTimer(e);
  for (const w of [...e.windows.open]) closeWindow(e, w, false);
  plan(e);
  if (e.runs.size > 0) {
    await whileAlive(
      e,
      new Promise<void>((resolve) => {
        const cancelWait = e.clock.setTimer(e.clock.now() + (opts?.timeoutMs ?? 5_000), () => {
          e.runs.whenEmpty(undefined);
          resolve();
        });
        e.runs.whenEmpty(() => {
          cancelWait();
          resolve();
        });
      }),
    );
  }
  const cut: Change[] = [];
  for (const entry of e.runs.entries()) {
    const reason = new InterruptedError('the queue stopped');
    stopRun(e, entry.run!, reason);
    cut.push(interrupt(e, entry, reason));
  }
  if (cut.length > 0) commit(e, cut);
  await e.writer.idle();
  e.writer.dispose();
  e.phase = 'stopped';
  try {
    await e.store.close?.();
  } finally {
    releaseStore(e);
  }
}

/**
 * The process died under the queue (the memory platform's `crash()`): from here on it emits
 * nothing, calls no handler, sets no timer, writes nothing and hears nothing back from its
 * store; calls made before never settle. Its store is free for the next queue.
 */
export function kill(e: Engine): void {
  if (e.phase === 'killed') return;
  e.phase = 'killed';
  e.bus.mute();
  e.tick.kill();
  e.writer.kill();
  disarmTimer(e);
  e.detach.length = 0;
  releaseStore(e);
}
