import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { ConstraintsUnmetError, type NightshiftError } from '../src/errors';
import { setup } from './helpers';

describe('constraints', () => {
  it('holds a job until its constraints hold, then starts it as soon as they do', async () => {
    const sync = defineJob({ name: 'sync', constraints: { network: 'connected' }, run: () => 'ok' });
    const { queue, platform, log } = setup([sync], { platform: { conditions: { network: 'none' } } });
    await queue.start();
    const job = await queue.enqueue(sync, null);
    await platform.advance(60_000);
    expect(queue.get(job.id)?.state).toBe('enqueued');
    platform.setConditions({ network: 'metered' });
    await platform.advance(0);
    expect(queue.get(job.id)?.state).toBe('succeeded');
    expect(log).toContain(`60000 started ${job.id}`);
  });

  it('lets other jobs run while one waits for its constraints', async () => {
    const upload = defineJob({
      name: 'upload',
      constraints: { network: 'unmetered', charging: true },
      run: () => 1,
    });
    const flush = defineJob({ name: 'flush', run: () => 2 });
    const { queue, platform } = setup([upload, flush], { platform: { conditions: { network: 'metered' } } });
    await queue.start();
    const a = await queue.enqueue(upload, null);
    const b = await queue.enqueue(flush, null);
    await platform.runUntilIdle();
    expect([queue.get(a.id)?.state, queue.get(b.id)?.state]).toEqual(['enqueued', 'succeeded']);
  });

  it('interrupts a running job whose constraints stop holding, without spending an attempt', async () => {
    let reason: unknown;
    const upload = defineJob({
      name: 'upload',
      constraints: { network: 'unmetered' },
      run: async (_: null, ctx) => {
        ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        await platform.sleep(10_000, ctx.signal);
        return ctx.attempt;
      },
    });
    const { queue, platform } = setup([upload]);
    const interrupted: string[] = [];
    queue.on('interrupted', (_job, why) => interrupted.push(why.code ?? ''));
    await queue.start();
    const job = await queue.enqueue(upload, null);
    await platform.advance(5_000);
    platform.setConditions({ network: 'metered' });
    await platform.advance(0);
    expect(reason).toBeInstanceOf(ConstraintsUnmetError);
    expect((reason as NightshiftError).code).toBe('CONSTRAINTS_UNMET');
    expect(interrupted).toEqual(['CONSTRAINTS_UNMET']);
    expect(queue.get(job.id)).toMatchObject({ state: 'enqueued', attempts: 0, interruptions: 1 });
    platform.setConditions({ network: 'unmetered' });
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1, result: 1, interruptions: 0 });
  });

  it('lets enqueue override the constraints for one job', async () => {
    const sync = defineJob({ name: 'sync', constraints: { network: 'connected' }, run: () => 1 });
    const { queue, platform } = setup([sync], { platform: { conditions: { network: 'none' } } });
    await queue.start();
    const job = await queue.enqueue(sync, null, { constraints: {} });
    await platform.runUntilIdle();
    expect(queue.get(job.id)?.state).toBe('succeeded');
  });

  it('survives conditions flapping every second: no attempt is spent and the job finishes', async () => {
    const work = defineJob({
      name: 'work',
      constraints: { network: 'connected' },
      retry: { maxAttempts: 1 },
      run: async (_: null, ctx) => {
        await platform.sleep(1_500, ctx.signal);
        return 'done';
      },
    });
    const { queue, platform } = setup([work]);
    await queue.start();
    const job = await queue.enqueue(work, null);
    for (let i = 0; i < 20; i++) {
      await platform.advance(1_000);
      platform.setConditions({ network: i % 2 === 0 ? 'none' : 'metered' });
    }
    expect(queue.get(job.id)).toMatchObject({ attempts: 0 });
    expect(queue.get(job.id)!.interruptions).toBeGreaterThan(5);
    platform.setConditions({ network: 'metered' });
    await platform.runUntilIdle();
    expect(queue.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 1 });
  });
});

describe('app state', () => {
  it('starts nothing on its own while the app is in the background', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, platform } = setup([job], { platform: { conditions: { appState: 'background' } } });
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.advance(3_600_000);
    expect(queue.get(snap.id)?.state).toBe('enqueued');
    platform.setAppState('active');
    await platform.advance(0);
    expect(queue.get(snap.id)?.state).toBe('succeeded');
  });

  it('lets a running job finish when the app goes to the background', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(1_000, ctx.signal),
    });
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.advance(10);
    platform.setAppState('background');
    await platform.advance(1_000);
    expect(queue.get(snap.id)?.state).toBe('succeeded');
  });
});

describe('the OS request', () => {
  it('asks for a wake-up at the earliest instant any job could run, in the foreground too', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, platform } = setup([job]);
    await queue.start();
    await queue.enqueue(job, null, { delayMs: 60_000 });
    expect(platform.requests.at(-1)).toEqual({ earliestAt: 60_000, network: false, charging: false });
    await queue.enqueue(job, null, { delayMs: 30_000 });
    expect(platform.requests.at(-1)).toEqual({ earliestAt: 30_000, network: false, charging: false });
  });

  it('sets network and charging only when every job due by then needs them', async () => {
    const upload = defineJob({
      name: 'upload',
      constraints: { network: 'unmetered', charging: true },
      run: () => 1,
    });
    const ping = defineJob({ name: 'ping', run: () => 1 });
    const { queue, platform } = setup([upload, ping], {
      platform: { conditions: { appState: 'background' } },
    });
    await queue.start();
    await queue.enqueue(upload, null, { delayMs: 1_000 });
    expect(platform.requests.at(-1)).toEqual({ earliestAt: 1_000, network: true, charging: true });
    await queue.enqueue(ping, null, { delayMs: 1_000 });
    expect(platform.requests.at(-1)).toEqual({ earliestAt: 1_000, network: false, charging: false });
  });

  it('requests null when nothing is left', async () => {
    const job = defineJob({ name: 'j', run: () => 1 });
    const { queue, platform } = setup([job]);
    await queue.start();
    await queue.enqueue(job, null, { delayMs: 10 });
    await platform.runUntilIdle();
    expect(platform.requests.at(-1)).toBeNull();
  });

  it('sends one request per change of plan, never one per job or per tick', async () => {
    const job = defineJob({
      name: 'j',
      run: async (_: null, ctx): Promise<void> => platform.sleep(100, ctx.signal),
    });
    const { queue, platform } = setup([job], { retention: { succeeded: { maxCount: 1_000 } } });
    await queue.start();
    await queue.enqueueMany(Array.from({ length: 200 }, () => ({ type: job, payload: null })));
    await platform.runUntilIdle();
    expect(queue.stats().counts.succeeded).toBe(200);
    // start() syncs the OS with the empty store, then one plan while the 200 wait, then nothing.
    expect(platform.requests).toEqual([null, { earliestAt: 0, network: false, charging: false }, null]);
  });
});
