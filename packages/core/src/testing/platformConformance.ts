import type { Conditions, Platform, WakeWindow, WindowReport } from '../types';
import { check, equal, show } from './assert';
import type { TestRunner } from './testRunner';

/**
 * A platform under test plus the means to drive it. Build a fresh one per call: every
 * test of the suite gets its own.
 */
export interface PlatformHarness {
  /** The platform under test. */
  platform: Platform;
  /** Moves the platform's time forward by `ms` and lets the timers due by then fire. */
  advance(ms: number): Promise<void>;
  /**
   * Makes the device's conditions change, e.g. by driving the fakes behind the adapter.
   * Without it, the tests of `conditions.subscribe` are left out.
   */
  setConditions?(partial: Partial<Conditions>): void | Promise<void>;
  /**
   * Makes the OS wake the app with a window of about `budgetMs`, and resolves once the
   * adapter handed the wake-up to the handler and the handler settled. Without it, the
   * tests of `scheduler.onWake` are left out.
   */
  fireWake?(budgetMs: number): Promise<unknown>;
  /** Called after each test, e.g. to restore fake timers. */
  dispose?(): void | Promise<void>;
}

/**
 * Options of {@link runPlatformConformance}: the test runner's `describe` and `it`, and
 * tolerances.
 *
 * @example
 * import { describe, it } from 'vitest';
 * runPlatformConformance('react-native', makeHarness, { describe, it, slackMs: 1 });
 */
export interface PlatformConformanceOptions extends TestRunner {
  /**
   * How much later than its instant a timer may fire and still count as on time: the
   * suite advances this much further before expecting a timer to have fired.
   *
   * @default 0 (a timer fires once the clock reaches its instant)
   * @example
   * runPlatformConformance('rn', makeHarness, { describe, it, slackMs: 1 });
   */
  slackMs?: number;
}

const NETWORKS: readonly string[] = ['none', 'metered', 'unmetered'];
const APP_STATES: readonly string[] = ['active', 'background'];

function checkConditions(conditions: Conditions): void {
  check(
    NETWORKS.includes(conditions.network),
    `conditions.network is one of ${show(NETWORKS)}, got ${show(conditions.network)}`,
  );
  check(
    APP_STATES.includes(conditions.appState),
    `conditions.appState is one of ${show(APP_STATES)}, got ${show(conditions.appState)}`,
  );
  for (const key of ['charging', 'batteryLow', 'deviceIdle', 'storageLow'] as const) {
    check(
      typeof conditions[key] === 'boolean',
      `conditions.${key} is a boolean, got ${show(conditions[key])}`,
    );
  }
}

function report(window: WakeWindow, now: number): WindowReport {
  return {
    startedAt: now,
    endedAt: now,
    deadline: window.deadline,
    ran: 0,
    succeeded: 0,
    failed: 0,
    interrupted: 0,
    deferred: 0,
    nextWakeAt: null,
    result: 'no-data',
  };
}

/**
 * Registers a suite, with your runner's `describe` and `it`, that checks what every
 * Nightshift platform adapter must honour: a monotonic clock whose timers fire once, in
 * time order, never early and never synchronously; cancellable timers; complete conditions
 * and working subscriptions; an OS scheduler that accepts requests and delivers wake-ups;
 * a random source in [0, 1). Parts the platform or harness does not provide (no
 * `conditions`, no `scheduler`, no `setConditions`, no `fireWake`) are checked for what is
 * there and otherwise pass.
 *
 * The suite imports no test runner and no Node built-in: it runs under vitest, jest,
 * node:test or a browser page's own runner, from `import` or `require`.
 *
 * @param name - names the suite in the report.
 * @param makeHarness - builds a fresh platform and its driver, once per test.
 * @param options - the runner's `describe` and `it`, and tolerances.
 * @example
 * import { describe, it } from 'vitest';
 *
 * runPlatformConformance(
 *   'memory',
 *   () => {
 *     const platform = createMemoryPlatform();
 *     return { platform, advance: (ms) => platform.advance(ms), fireWake: (budgetMs) => platform.wake({ budgetMs }) };
 *   },
 *   { describe, it },
 * );
 */
export function runPlatformConformance(
  name: string,
  makeHarness: () => PlatformHarness | Promise<PlatformHarness>,
  options: PlatformConformanceOptions,
): void {
  const { describe, it } = options;
  const slack = options.slackMs ?? 0;

  function test(title: string, body: (h: PlatformHarness) => Promise<void>): void {
    it(title, async () => {
      const harness = await makeHarness();
      try {
        await body(harness);
      } finally {
        await harness.dispose?.();
      }
    });
  }

  describe(`platform conformance: ${name}`, () => {
    test('clock.now() is a finite number that never goes backwards', async (h) => {
      const { clock } = h.platform;
      const seen = [clock.now()];
      clock.setTimer(clock.now() + 10, () => seen.push(clock.now()));
      for (let i = 0; i < 5; i++) {
        await h.advance(7);
        seen.push(clock.now());
      }
      for (const [i, t] of seen.entries()) {
        check(Number.isFinite(t), `clock.now() is finite, got ${show(t)}`);
        if (i > 0) check(t >= seen[i - 1]!, `clock.now() went backwards: ${show(seen)}`);
      }
      check(
        seen.at(-1)! >= seen[0]! + 35 - slack,
        `clock.now() moved at least 35 ms over five advances of 7 ms: ${show(seen)}`,
      );
    });

    test('a timer fires once, not before its instant', async (h) => {
      const { clock } = h.platform;
      const at = clock.now() + 100;
      const firedAt: number[] = [];
      clock.setTimer(at, () => firedAt.push(clock.now()));
      await h.advance(99);
      equal(firedAt, [], 'timer firings 1 ms before its instant');
      await h.advance(1 + slack);
      equal(firedAt.length, 1, 'timer firings at its instant');
      check(firedAt[0]! >= at, `the timer fired at ${firedAt[0]}, before its instant ${at}`);
      await h.advance(1_000);
      equal(firedAt.length, 1, 'timer firings a second after its instant');
    });

    test('timers fire in the order of their instants, not of their setting', async (h) => {
      const { clock } = h.platform;
      const start = clock.now();
      const order: number[] = [];
      for (const delay of [300, 100, 200, 50]) clock.setTimer(start + delay, () => order.push(delay));
      await h.advance(300 + slack);
      equal(order, [50, 100, 200, 300], 'the order the timers fired in');
    });

    test('a cancelled timer never fires, and cancelling twice or late is harmless', async (h) => {
      const { clock } = h.platform;
      const fired: string[] = [];
      const cancelA = clock.setTimer(clock.now() + 50, () => fired.push('a'));
      const cancelB = clock.setTimer(clock.now() + 50, () => fired.push('b'));
      cancelA();
      cancelA();
      await h.advance(50 + slack);
      equal(fired, ['b'], 'the timers that fired when one of two was cancelled twice');
      cancelB();
      await h.advance(100);
      equal(fired, ['b'], 'the timers that fired after a late cancel');
    });

    test('a timer for an instant already past fires later, not inside setTimer', async (h) => {
      const { clock } = h.platform;
      await h.advance(1_000);
      const fired: string[] = [];
      clock.setTimer(clock.now() - 500, () => fired.push('past'));
      clock.setTimer(clock.now(), () => fired.push('now'));
      equal(fired, [], 'the timers that fired inside setTimer');
      await h.advance(slack);
      equal(fired.sort(), ['now', 'past'], 'the timers for a past and a present instant, after advancing');
    });

    test('a timer set from inside a timer callback fires too', async (h) => {
      const { clock } = h.platform;
      const fired: number[] = [];
      clock.setTimer(clock.now() + 10, () => {
        fired.push(1);
        clock.setTimer(clock.now() + 10, () => fired.push(2));
      });
      await h.advance(10 + slack);
      await h.advance(10 + slack);
      equal(fired, [1, 2], 'a timer and the timer it set');
    });

    test('conditions.get() returns a complete, valid Conditions object', async (h) => {
      const { platform } = h;
      if (!platform.conditions) return;
      checkConditions(platform.conditions.get());
    });

    test('a subscriber gets the complete new conditions after a change, and none after unsubscribing', async (h) => {
      const source = h.platform.conditions;
      if (!source || !h.setConditions) return;
      const heard: Conditions[] = [];
      const unsubscribe = source.subscribe((c) => heard.push(c));
      const flipped = source.get().appState === 'active' ? 'background' : 'active';
      await h.setConditions({ appState: flipped });
      await h.advance(0);
      check(heard.length >= 1, 'a subscriber heard of a change');
      const last = heard.at(-1)!;
      checkConditions(last);
      equal(last.appState, flipped, 'the appState a subscriber heard');
      equal(source.get().appState, flipped, 'conditions.get().appState after the change');

      unsubscribe();
      const count = heard.length;
      await h.setConditions({ appState: flipped === 'active' ? 'background' : 'active' });
      await h.advance(0);
      equal(heard.length, count, 'the changes heard after unsubscribing');
      check(source.get().appState !== flipped, 'conditions.get() follows a change made after unsubscribing');
    });

    test('scheduler.request accepts a wake request and null', async (h) => {
      const { scheduler, clock } = h.platform;
      if (!scheduler) return;
      await scheduler.request({ earliestAt: clock.now() + 60_000, network: true, charging: false });
      await scheduler.request({ earliestAt: clock.now() - 1, network: false, charging: true });
      await scheduler.request(null);
      await scheduler.request({ earliestAt: clock.now(), network: false, charging: false });
    });

    test('a wake-up reaches the handler with a future deadline and a known kind', async (h) => {
      const { scheduler, clock } = h.platform;
      if (!scheduler || !h.fireWake) return;
      const windows: Array<{ window: WakeWindow; now: number }> = [];
      scheduler.onWake(async (window) => {
        windows.push({ window, now: clock.now() });
        return report(window, clock.now());
      });
      await h.fireWake(20_000);
      equal(windows.length, 1, 'the windows the handler got for one wake-up');
      const { window, now } = windows[0]!;
      check(Number.isFinite(window.deadline), `the deadline is finite, got ${show(window.deadline)}`);
      check(window.deadline > now, `the deadline ${window.deadline} is after the wake-up at ${now}`);
      check(
        window.kind === 'refresh' || window.kind === 'processing',
        `the window's kind is refresh or processing, got ${show(window.kind)}`,
      );
      if (window.signal !== undefined) {
        check(typeof window.signal.aborted === 'boolean', "the window's signal is an AbortSignal");
      }
    });

    test('an unsubscribed wake handler is not called again', async (h) => {
      const { scheduler, clock } = h.platform;
      if (!scheduler || !h.fireWake) return;
      let calls = 0;
      const unsubscribe = scheduler.onWake(async (window) => {
        calls++;
        return report(window, clock.now());
      });
      await h.fireWake(20_000);
      equal(calls, 1, 'handler calls for one wake-up');
      unsubscribe();
      // Some adapters hold a wake-up until a handler registers, so this one may never
      // settle: it is not awaited, only given the budget's time.
      h.fireWake(20_000).then(
        () => {},
        () => {},
      );
      await h.advance(20_000 + slack);
      equal(calls, 1, 'handler calls after it unsubscribed and the OS woke the app again');
    });

    test('random returns numbers in [0, 1)', async (h) => {
      const { platform } = h;
      if (!platform.random) return;
      const values = Array.from({ length: 1_000 }, () => platform.random!());
      for (const v of values)
        check(Number.isFinite(v) && v >= 0 && v < 1, `random() is in [0, 1), got ${show(v)}`);
      const distinct = new Set(values).size;
      check(distinct > 900, `random() gave ${distinct} distinct values in 1,000 calls`);
    });
  });
}
