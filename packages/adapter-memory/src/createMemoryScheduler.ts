import {
  type OsScheduler,
  type WakeRequest,
  type WakeWindow,
  WindowExpiredError,
  type WindowKind,
  type WindowReport,
} from '@nightshift/core';
import type { VirtualClock } from './virtualClock';

/**
 * Options of {@link MemoryScheduler.wake} (and `MemoryPlatform.wake`).
 *
 * @example
 * const record = await platform.wake({ budgetMs: 10 * 60_000, kind: 'processing' });
 */
export interface WakeOptions {
  /** How long the OS grants: the window's `deadline` is `now + budgetMs`. @default 30_000 */
  budgetMs?: number;
  /** The kind of window, as a BGAppRefreshTask or a BGProcessingTask. @default 'refresh' */
  kind?: WindowKind;
  /**
   * Aborts the window's signal when this one aborts, with the same reason: an OS
   * expiration handler driven by the test.
   *
   * @default none
   */
  signal?: AbortSignal;
  /**
   * Aborts the window's signal this long (virtual time) after the wake-up began, with a
   * `WindowExpiredError`, as an OS expiration handler calling early would.
   *
   * @default none: the signal is only aborted through `signal`
   * @example
   * await platform.wake({ budgetMs: 30_000, abortAfterMs: 10_000 });
   */
  abortAfterMs?: number;
}

/** What happened during one simulated OS wake-up. */
export interface WakeRecord {
  /** The instant the wake-up began. */
  at: number;
  /** `at + budgetMs`: where the OS would kill the app. */
  deadline: number;
  /** The kind of window, from the `kind` option. */
  kind: WindowKind;
  /** What the handler resolved with; `undefined` if it rejected, missed the deadline, or none was registered. */
  report: WindowReport | undefined;
  /** The virtual instant the handler settled; `undefined` if it missed the deadline or none was registered. */
  completedAt: number | undefined;
  /** Whether a wake handler was registered to receive the wake-up. */
  handled: boolean;
  /** What the handler rejected with (or threw), if it did. */
  error?: unknown;
}

/** A simulated OS background scheduler over a {@link VirtualClock}. */
export interface MemoryScheduler {
  /** What the engine sees: records requests, holds the one wake handler. */
  scheduler: OsScheduler;
  /**
   * An OS wake-up now. Calls the registered wake handler with `deadline = now + budgetMs`,
   * then moves virtual time from timer to timer while the handler runs, never past the
   * deadline. Resolves when the handler settled (its instant is `completedAt`) or when the
   * deadline came first (the OS would kill the app: `report` and `completedAt` stay
   * `undefined`, and a later settlement is ignored). The record is in `wakes` from the start.
   *
   * @throws RangeError (as a rejection) for a budget that is not > 0 or a negative `abortAfterMs`.
   */
  wake(options?: WakeOptions): Promise<WakeRecord>;
  /** Every wake-up, in the order they began. */
  readonly wakes: readonly WakeRecord[];
  /** The argument of every `scheduler.request` call, in order (frozen copies). */
  readonly requests: ReadonlyArray<WakeRequest | null>;
  /**
   * Forgets the wake handler, as a killed process would; a wake-up in progress ends
   * unfinished. Unsubscribe functions handed out before stay harmless.
   */
  reset(): void;
}

function checkRequest(wake: WakeRequest | null): WakeRequest | null {
  if (wake === null) return null;
  if (
    typeof wake !== 'object' ||
    typeof wake.earliestAt !== 'number' ||
    Number.isNaN(wake.earliestAt) ||
    typeof wake.network !== 'boolean' ||
    typeof wake.charging !== 'boolean'
  ) {
    throw new TypeError('scheduler.request needs { earliestAt, network, charging } or null');
  }
  return Object.freeze({ earliestAt: wake.earliestAt, network: wake.network, charging: wake.charging });
}

function nonNegative(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

const noop = (): void => {};

/**
 * Creates a {@link MemoryScheduler} that moves `clock` during its wake-ups.
 *
 * @example
 * const clock = createVirtualClock();
 * const { scheduler, wake } = createMemoryScheduler(clock);
 * scheduler.onWake((window) => queue.runWindow(window));
 * const record = await wake({ budgetMs: 30_000 });
 */
export function createMemoryScheduler(clock: VirtualClock): MemoryScheduler {
  const wakes: WakeRecord[] = [];
  const requests: Array<WakeRequest | null> = [];
  let current: { handler: (window: WakeWindow) => Promise<WindowReport> } | undefined;
  // Bumped by reset(): a handler of an older generation belongs to a dead process.
  let generation = 0;

  const scheduler: OsScheduler = {
    request(wake) {
      requests.push(checkRequest(wake));
    },
    onWake(handler) {
      if (typeof handler !== 'function') throw new TypeError('onWake needs a handler');
      // One entry per registration, so a stale unsubscribe cannot remove a newer handler.
      const entry = { handler };
      current = entry;
      return () => {
        if (current === entry) current = undefined;
      };
    },
  };

  async function wake(options: WakeOptions = {}): Promise<WakeRecord> {
    const { budgetMs = 30_000, kind = 'refresh', signal, abortAfterMs } = options;
    nonNegative('budgetMs', budgetMs);
    if (budgetMs === 0) throw new RangeError('budgetMs must be > 0');
    if (kind !== 'refresh' && kind !== 'processing') throw new TypeError(`unknown window kind "${kind}"`);
    if (abortAfterMs !== undefined) nonNegative('abortAfterMs', abortAfterMs);

    const at = clock.now();
    const deadline = at + budgetMs;
    const record: WakeRecord = {
      at,
      deadline,
      kind,
      report: undefined,
      completedAt: undefined,
      handled: false,
    };
    wakes.push(record);
    const entry = current;
    if (!entry) return record;
    record.handled = true;

    const born = generation;
    const controller = new AbortController();
    const forward = () => controller.abort(signal?.reason);
    if (signal?.aborted) forward();
    else signal?.addEventListener('abort', forward, { once: true });
    const cancelAbort =
      abortAfterMs === undefined
        ? noop
        : clock.setTimer(at + abortAfterMs, () =>
            controller.abort(new WindowExpiredError('the OS expired the background window')),
          );

    let open = true;
    let settled = false;
    const settle = (apply: () => void) => {
      // Past the deadline the OS has killed the app; after a reset the handler is a ghost.
      if (!open || born !== generation) return;
      settled = true;
      record.completedAt = clock.now();
      apply();
    };
    let result: Promise<WindowReport>;
    try {
      result = Promise.resolve(entry.handler({ deadline, kind, signal: controller.signal }));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (report) => settle(() => (record.report = report)),
      (error: unknown) => settle(() => (record.error = error)),
    );

    try {
      // Timer by timer, so time stops at the instant the handler settles.
      for (;;) {
        await clock.advance(0);
        if (settled || born !== generation) break;
        const next = clock.nextTimerAt();
        if (next !== undefined && next <= deadline) await clock.advanceTo(next);
        else if (clock.now() < deadline) await clock.advanceTo(deadline);
        else break;
      }
    } finally {
      open = false;
      cancelAbort();
      signal?.removeEventListener('abort', forward);
    }
    return record;
  }

  return {
    scheduler,
    wake,
    wakes,
    requests,
    reset() {
      generation++;
      current = undefined;
    },
  };
}
