import { describe, expect, it } from 'vitest';
import type { Conditions, Platform, WakeWindow, WindowReport } from '../types';

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
 * Options of {@link runPlatformConformance}.
 *
 * @example
 * runPlatformConformance('react-native', makeHarness, { slackMs: 1 });
 */
export interface PlatformConformanceOptions {
  /**
   * How much later than its instant a timer may fire and still count as on time: the
   * suite advances this much further before expecting a timer to have fired.
   *
   * @default 0 (a timer fires once the clock reaches its instant)
   * @example
   * runPlatformConformance('rn', makeHarness, { slackMs: 1 });
   */
  slackMs?: number;
}

const NETWORKS = ['none', 'metered', 'unmetered'];
const APP_STATES = ['active', 'background'];

function expectValidConditions(conditions: Conditions): void {
  expect(NETWORKS).toContain(conditions.network);
  expect(APP_STATES).toContain(conditions.appState);
  for (const key of ['charging', 'batteryLow', 'deviceIdle', 'storageLow'] as const) {
    expect(typeof conditions[key], key).toBe('boolean');
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
 * Registers a vitest suite that checks what every Nightshift platform adapter must
 * honour: a monotonic clock whose timers fire once, in time order, never early and never
 * synchronously; cancellable timers; complete conditions and working subscriptions; an
 * OS scheduler that accepts requests and delivers wake-ups; a random source in [0, 1).
 * Parts the platform or harness does not provide (no `conditions`, no `scheduler`, no
 * `setConditions`, no `fireWake`) are checked for what is there and otherwise pass.
 *
 * @param name - names the suite in the report.
 * @param makeHarness - builds a fresh platform and its driver, once per test.
 * @param options - tolerances. @default {}
 * @example
 * runPlatformConformance('memory', () => {
 *   const platform = createMemoryPlatform();
 *   return { platform, advance: (ms) => platform.advance(ms), fireWake: (budgetMs) => platform.wake({ budgetMs }) };
 * });
 */
export function runPlatformConformance(
  name: string,
  makeHarness: () => PlatformHarness | Promise<PlatformHarness>,
  options: PlatformConformanceOptions = {},
): void {
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
      const { platform } = h;
      const { clock } = platform;
      const seen = [clock.now()];
      clock.setTimer(clock.now() + 10, () => seen.push(clock.now()));
      for (let i = 0; i < 5; i++) {
        await h.advance(7);
        seen.push(clock.now());
      }
      for (const [i, t] of seen.entries()) {
        expect(Number.isFinite(t)).toBe(true);
        if (i > 0) expect(t).toBeGreaterThanOrEqual(seen[i - 1]!);
      }
      expect(seen.at(-1)!).toBeGreaterThanOrEqual(seen[0]! + 35 - slack);
    });

    test('a timer fires once, not before its instant', async (h) => {
      const { platform } = h;
      const { clock } = platform;
      const at = clock.now() + 100;
      const firedAt: number[] = [];
      clock.setTimer(at, () => firedAt.push(clock.now()));
      await h.advance(99);
      expect(firedAt).toEqual([]);
      await h.advance(1 + slack);
      expect(firedAt).toHaveLength(1);
      expect(firedAt[0]!).toBeGreaterThanOrEqual(at);
      await h.advance(1_000);
      expect(firedAt).toHaveLength(1);
    });

    test('timers fire in the order of their instants, not of their setting', async (h) => {
      const { platform } = h;
      const { clock } = platform;
      const start = clock.now();
      const order: number[] = [];
      for (const delay of [300, 100, 200, 50]) clock.setTimer(start + delay, () => order.push(delay));
      await h.advance(300 + slack);
      expect(order).toEqual([50, 100, 200, 300]);
    });

    test('a cancelled timer never fires, and cancelling twice or late is harmless', async (h) => {
      const { platform } = h;
      const { clock } = platform;
      const fired: string[] = [];
      const cancelA = clock.setTimer(clock.now() + 50, () => fired.push('a'));
      const cancelB = clock.setTimer(clock.now() + 50, () => fired.push('b'));
      cancelA();
      cancelA();
      await h.advance(50 + slack);
      expect(fired).toEqual(['b']);
      cancelB();
      await h.advance(100);
      expect(fired).toEqual(['b']);
    });

    test('a timer for an instant already past fires later, not inside setTimer', async (h) => {
      const { platform } = h;
      const { clock } = platform;
      await h.advance(1_000);
      const fired: string[] = [];
      clock.setTimer(clock.now() - 500, () => fired.push('past'));
      clock.setTimer(clock.now(), () => fired.push('now'));
      expect(fired).toEqual([]);
      await h.advance(slack);
      expect(fired.sort()).toEqual(['now', 'past']);
    });

    test('a timer set from inside a timer callback fires too', async (h) => {
      const { platform } = h;
      const { clock } = platform;
      const fired: number[] = [];
      clock.setTimer(clock.now() + 10, () => {
        fired.push(1);
        clock.setTimer(clock.now() + 10, () => fired.push(2));
      });
      await h.advance(10 + slack);
      await h.advance(10 + slack);
      expect(fired).toEqual([1, 2]);
    });

    test('conditions.get() returns a complete, valid Conditions object', async (h) => {
      const { platform } = h;
      if (!platform.conditions) return;
      expectValidConditions(platform.conditions.get());
    });

    test('a subscriber gets the complete new conditions after a change, and none after unsubscribing', async (h) => {
      const { platform } = h;
      const source = platform.conditions;
      if (!source || !h.setConditions) return;
      const heard: Conditions[] = [];
      const unsubscribe = source.subscribe((c) => heard.push(c));
      const flipped = source.get().appState === 'active' ? 'background' : 'active';
      await h.setConditions({ appState: flipped });
      await h.advance(0);
      expect(heard.length).toBeGreaterThanOrEqual(1);
      const last = heard.at(-1)!;
      expectValidConditions(last);
      expect(last.appState).toBe(flipped);
      expect(source.get().appState).toBe(flipped);

      unsubscribe();
      const count = heard.length;
      await h.setConditions({ appState: flipped === 'active' ? 'background' : 'active' });
      await h.advance(0);
      expect(heard).toHaveLength(count);
      expect(source.get().appState).not.toBe(flipped);
    });

    test('scheduler.request accepts a wake request and null', async (h) => {
      const { platform } = h;
      const { scheduler, clock } = platform;
      if (!scheduler) return;
      await scheduler.request({ earliestAt: clock.now() + 60_000, network: true, charging: false });
      await scheduler.request({ earliestAt: clock.now() - 1, network: false, charging: true });
      await scheduler.request(null);
      await scheduler.request({ earliestAt: clock.now(), network: false, charging: false });
    });

    test('a wake-up reaches the handler with a future deadline and a known kind', async (h) => {
      const { platform } = h;
      const { scheduler, clock } = platform;
      if (!scheduler || !h.fireWake) return;
      const windows: Array<{ window: WakeWindow; now: number }> = [];
      scheduler.onWake(async (window) => {
        windows.push({ window, now: clock.now() });
        return report(window, clock.now());
      });
      await h.fireWake(20_000);
      expect(windows).toHaveLength(1);
      const { window, now } = windows[0]!;
      expect(Number.isFinite(window.deadline)).toBe(true);
      expect(window.deadline).toBeGreaterThan(now);
      expect(['refresh', 'processing']).toContain(window.kind);
      if (window.signal !== undefined) expect(typeof window.signal.aborted).toBe('boolean');
    });

    test('an unsubscribed wake handler is not called again', async (h) => {
      const { platform } = h;
      const { scheduler, clock } = platform;
      if (!scheduler || !h.fireWake) return;
      let calls = 0;
      const unsubscribe = scheduler.onWake(async (window) => {
        calls++;
        return report(window, clock.now());
      });
      await h.fireWake(20_000);
      expect(calls).toBe(1);
      unsubscribe();
      // Some adapters hold a wake-up until a handler registers, so this one may never
      // settle: it is not awaited, only given the budget's time.
      h.fireWake(20_000).then(
        () => {},
        () => {},
      );
      await h.advance(20_000 + slack);
      expect(calls).toBe(1);
    });

    test('random returns numbers in [0, 1)', async (h) => {
      const { platform } = h;
      if (!platform.random) return;
      const values = Array.from({ length: 1_000 }, () => platform.random!());
      for (const v of values) {
        expect(Number.isFinite(v)).toBe(true);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
      }
      expect(new Set(values).size).toBeGreaterThan(900);
    });
  });
}
