import { withFaults } from '@nightshift/adapter-memory';
import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { WindowExpiredError } from '../src/errors';
import { createMemoryStore } from '../src/memoryStore';
import type { WindowReport } from '../src/types';
import { setup } from './helpers';

const background = { platform: { conditions: { appState: 'background' as const } } };

describe('runWindow', () => {
  it('runs due work in an OS wake-up, reports it and completes before the deadline', async () => {
    const job = defineJob({
      name: 'sync',
      run: async (_: null, ctx): Promise<void> => platform.sleep(2_000, ctx.signal),
    });
    const { queue, platform } = setup([job], background);
    const events: string[] = [];
    queue.on('window-start', (w) => events.push(`start ${w.kind} ${w.deadline}`));
    queue.on('window-end', (r) => events.push(`end ${r.result}`));
    await queue.start();
    await queue.enqueueMany([
      { type: job, payload: null },
      { type: job, payload: null },
    ]);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.completedAt).toBe(4_000);
    expect(wake.report).toMatchObject({
      startedAt: 0,
      endedAt: 4_000,
      deadline: 30_000,
      ran: 2,
      succeeded: 2,
      failed: 0,
      interrupted: 0,
      deferred: 0,
      nextWakeAt: null,
      result: 'new-data',
    });
    expect(events).toEqual(['start refresh 30000', 'end new-data']);
  });

  it('ends at once with no-data when nothing is due', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueue(job, null, { delayMs: 3_600_000 });
    const wake = await platform.wake();
    expect(wake.completedAt).toBe(0);
    expect(wake.report).toMatchObject({ ran: 0, result: 'no-data', nextWakeAt: 3_600_000 });
  });

  it('reports failed when runs failed and none succeeded', async () => {
    const job = defineJob({
      name: 'j',
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: 60_000, jitter: 0 } },
      run: () => {
        throw new Error('down');
      },
    });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueue(job, null);
    const wake = await platform.wake();
    expect(wake.report).toMatchObject({ ran: 1, failed: 1, result: 'failed', nextWakeAt: 60_000 });
  });

  it('gives the handler the window deadline', async () => {
    let deadline: number | undefined = -1;
    const job = defineJob({ name: 'j', run: (_: null, ctx) => void (deadline = ctx.deadline) });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueue(job, null);
    await platform.wake({ budgetMs: 25_000 });
    expect(deadline).toBe(25_000);
  });

  it('stops at deadline minus the margin, interrupting what runs without spending an attempt', async () => {
    let reason: unknown;
    const long = defineJob({
      name: 'long',
      run: async (_: null, ctx) => {
        ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        await platform.sleep(60_000, ctx.signal);
      },
    });
    const { queue, platform, store } = setup([long], background);
    await queue.start();
    const job = await queue.enqueue(long, null);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(reason).toBeInstanceOf(WindowExpiredError);
    expect(wake.report).toMatchObject({ ran: 1, interrupted: 1, succeeded: 0, result: 'no-data' });
    expect(wake.completedAt).toBeGreaterThanOrEqual(28_000);
    expect(wake.completedAt).toBeLessThan(30_000);
    expect(queue.get(job.id)).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 1 });
    expect((await store.load())[0]).toMatchObject({ state: 'enqueued', interruptions: 1 });
    expect(queue.stats().windows).toEqual({ run: 1, expired: 1 });
  });

  it('uses a quarter of a short window as its margin, so the window is still usable', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(60_000, ctx.signal),
    });
    const { queue, platform, log } = setup([job], { ...background, windowSafetyMarginMs: 2_000 });
    await queue.start();
    const snap = await queue.enqueue(job, null);
    const wake = await platform.wake({ budgetMs: 4_000 });
    expect(log).toContain(`3000 interrupted ${snap.id}`);
    expect(wake.completedAt).toBeLessThan(4_000);
  });

  it('does not start a job whose declared duration exceeds the time left; it stays enqueued at no cost', async () => {
    const big = defineJob({ name: 'big', estimatedDurationMs: 60_000, run: () => 1 });
    const small = defineJob({ name: 'small', estimatedDurationMs: 1_000, run: () => 2 });
    const { queue, platform } = setup([big, small], background);
    await queue.start();
    const a = await queue.enqueue(big, null);
    const b = await queue.enqueue(small, null);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.report).toMatchObject({ ran: 1, succeeded: 1, deferred: 1 });
    expect(queue.get(a.id)).toMatchObject({ state: 'enqueued', attempts: 0 });
    expect(queue.get(b.id)?.state).toBe('succeeded');
    const processing = await platform.wake({ budgetMs: 600_000, kind: 'processing' });
    expect(processing.report).toMatchObject({ ran: 1, succeeded: 1 });
  });

  it('learns a type’s duration from its past successful runs and uses it for admission', async () => {
    const crunch = defineJob({
      name: 'crunch',
      run: async (_: null, ctx): Promise<void> => platform.sleep(20_000, ctx.signal),
    });
    const { queue, platform } = setup([crunch], { retention: { succeeded: { maxCount: 10 } } });
    await queue.start();
    await queue.enqueue(crunch, null);
    await platform.runUntilIdle();
    expect(queue.stats().byType.crunch).toMatchObject({ durationP50: 20_000, expectedDurationMs: 20_000 });
    platform.setAppState('background');
    const snap = await queue.enqueue(crunch, null);
    const short = await platform.wake({ budgetMs: 15_000 });
    expect(short.report).toMatchObject({ ran: 0, deferred: 1 });
    expect(queue.get(snap.id)?.attempts).toBe(0);
    const long = await platform.wake({ budgetMs: 30_000 });
    expect(long.report).toMatchObject({ ran: 1, succeeded: 1 });
  });

  it('resolves before the deadline when a handler never settles, and discards it', async () => {
    const never = defineJob({ name: 'never', run: () => new Promise(() => {}) });
    const { queue, platform } = setup([never], background);
    await queue.start();
    await queue.enqueue(never, null);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.completedAt).toBeDefined();
    expect(wake.completedAt!).toBeLessThan(30_000);
    expect(wake.report?.interrupted).toBe(1);
  });

  it('resolves before the deadline when a store write hangs during the window', async () => {
    let hang = false;
    const store = withFaults(createMemoryStore(), { hangWrites: () => hang });
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(1_000, ctx.signal),
    });
    const { queue, platform } = setup([job], { ...background, store });
    await queue.start();
    await queue.enqueue(job, null);
    hang = true;
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.completedAt).toBeDefined();
    expect(wake.completedAt!).toBeLessThan(30_000);
  });

  it('ignores a handler that throws after its window ended', async () => {
    const late = defineJob({
      name: 'late',
      retry: { maxAttempts: 1 },
      run: async () => {
        await platform.sleep(40_000);
        throw new Error('too late');
      },
    });
    const { queue, platform } = setup([late], background);
    await queue.start();
    const job = await queue.enqueue(late, null);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.completedAt!).toBeLessThan(30_000);
    await platform.advance(20_000);
    expect(queue.get(job.id)).toMatchObject({ state: 'enqueued', attempts: 0 });
  });

  it('ends early with the same guarantees when the OS aborts the window', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(20_000, ctx.signal),
    });
    const { queue, platform } = setup([job], background);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    const wake = await platform.wake({ budgetMs: 30_000, abortAfterMs: 5_000 });
    expect(wake.completedAt).toBe(5_000);
    expect(wake.report).toMatchObject({ interrupted: 1 });
    expect(queue.get(snap.id)).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 1 });
  });

  it('answers at once, starting nothing, when the deadline has already passed', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue } = setup([job], {
      ...background,
      platform: { now: 10_000, conditions: { appState: 'background' } },
    });
    await queue.start();
    const snap = await queue.enqueue(job, null);
    const report = await queue.runWindow({ deadline: 5_000 });
    expect(report).toMatchObject({ ran: 0, endedAt: 10_000, result: 'no-data' });
    expect(queue.get(snap.id)?.state).toBe('enqueued');
  });

  it('starts a short retry that becomes due while the window is open', async () => {
    let runs = 0;
    const flaky = defineJob({
      name: 'flaky',
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 5_000, jitter: 0 } },
      run: () => {
        if (++runs === 1) throw new Error('blip');
        return 'ok';
      },
    });
    const { queue, platform } = setup([flaky], background);
    await queue.start();
    await queue.enqueue(flaky, null);
    const wake = await platform.wake({ budgetMs: 30_000 });
    expect(wake.report).toMatchObject({ ran: 2, failed: 1, succeeded: 1, result: 'new-data' });
    expect(wake.completedAt).toBe(5_000);
  });

  it('asks the OS for the next wake-up after a window', async () => {
    const job = defineJob({ name: 'j', constraints: { network: 'connected' }, run: () => 1 });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueue(job, null);
    await queue.enqueue(job, null, { delayMs: 3_600_000 });
    await platform.wake();
    expect(platform.requests.at(-1)).toEqual({ earliestAt: 3_600_000, network: true, charging: false });
  });

  it('lets a second wake-up that arrives during an open window take over its runs', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(40_000, ctx.signal),
    });
    const { queue, platform } = setup([job], background);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    const first = queue.runWindow({ deadline: 30_000 });
    await platform.advance(10_000);
    const second = queue.runWindow({ deadline: 10_000 + 300_000, kind: 'processing' });
    const reports: WindowReport[] = [];
    first.then((r) => reports.push(r));
    second.then((r) => reports.push(r));
    await platform.advance(20_000);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.endedAt).toBeLessThan(30_000);
    expect(queue.get(snap.id)?.state).toBe('running');
    await platform.advance(20_000);
    expect(reports).toHaveLength(2);
    expect(reports[1]).toMatchObject({ succeeded: 1 });
    expect(queue.get(snap.id)?.state).toBe('succeeded');
  });

  it('does not rely on a timer firing on time: a stalled clock is caught at the next decision', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(1_000, ctx.signal),
    });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueueMany(Array.from({ length: 5 }, () => ({ type: job, payload: null })));
    // The OS froze JS past the window's stop: the first timer to fire afterwards sees it.
    const window = queue.runWindow({ deadline: 3_000 });
    await platform.advanceTo(2_900);
    const report = await window;
    expect(report.endedAt).toBeLessThanOrEqual(3_000);
    expect(report.ran).toBeLessThanOrEqual(3);
  });
});

describe('window reports and handovers', () => {
  it('counts as deferred the due jobs that did not fit, not those waiting for their constraints', async () => {
    const big = defineJob({ name: 'big', estimatedDurationMs: 60_000, run: () => 1 });
    const online = defineJob({ name: 'online', constraints: { network: 'connected' }, run: () => 2 });
    const small = defineJob({
      name: 'small',
      run: (_: null, ctx): Promise<void> => platform.sleep(10_000, ctx.signal),
    });
    const { queue, platform } = setup([big, online, small], {
      platform: { conditions: { appState: 'background', network: 'none' } },
    });
    await queue.start();
    await queue.enqueueMany([
      { type: big, payload: null },
      { type: online, payload: null },
      { type: small, payload: null },
      { type: small, payload: null },
      { type: small, payload: null },
    ]);
    const wake = await platform.wake({ budgetMs: 30_000 });
    // Two small runs teach it 10 s; the third no longer fits in the 8 s left, like the big one.
    expect(wake.report).toMatchObject({ ran: 2, succeeded: 2, interrupted: 0, deferred: 2 });
  });

  it('shows a handed-over run the deadline of the window it now runs in', async () => {
    const deadlines: Array<number | undefined> = [];
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx) => {
        deadlines.push(ctx.deadline);
        await platform.sleep(40_000, ctx.signal);
        deadlines.push(ctx.deadline);
      },
    });
    const { queue, platform } = setup([job], background);
    await queue.start();
    await queue.enqueue(job, null);
    void queue.runWindow({ deadline: 30_000 });
    await platform.advance(10_000);
    void queue.runWindow({ deadline: 310_000, kind: 'processing' });
    await platform.advance(40_000);
    expect(deadlines).toEqual([30_000, 310_000]);
  });
});
