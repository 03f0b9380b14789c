import { describe, expect, it } from 'vitest';
import { defineJob } from '../src/defineJob';
import { type NightshiftError, PermanentError, RetryLaterError, TimeoutError } from '../src/errors';
import { setup } from './helpers';

const failing = (
  name: string,
  retry: Parameters<typeof defineJob>[0]['retry'],
  outcomes: Array<Error | 'ok'>,
) => {
  let i = 0;
  return defineJob({
    name,
    retry,
    run: () => {
      const next = outcomes[Math.min(i++, outcomes.length - 1)];
      if (next !== 'ok') throw next;
      return 'ok';
    },
  });
};

describe('retries', () => {
  it('retries on the exponential schedule and succeeds, emitting retrying with the next instant', async () => {
    const job = failing(
      'j',
      { maxAttempts: 4, backoff: { kind: 'exponential', initialDelayMs: 1_000, jitter: 0 } },
      [new Error('a'), new Error('b'), 'ok'],
    );
    const { queue, platform, log } = setup([job]);
    const retries: Array<[string, number]> = [];
    queue.on('retrying', (_job, error, nextRunAt) => retries.push([error.message, nextRunAt]));
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(retries).toEqual([
      ['a', 1_000],
      ['b', 3_000],
    ]);
    expect(log.filter((l) => l.includes('started'))).toEqual([
      `0 started ${snap.id}`,
      `1000 started ${snap.id}`,
      `3000 started ${snap.id}`,
    ]);
    expect(queue.get(snap.id)).toMatchObject({ state: 'succeeded', attempts: 3 });
    expect(queue.get(snap.id)).not.toHaveProperty('error');
  });

  it('tells the handler which attempt it is', async () => {
    const attempts: number[] = [];
    const job = defineJob({
      name: 'j',
      retry: { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: 10, jitter: 0 } },
      run: (_: null, ctx) => {
        attempts.push(ctx.attempt);
        throw new Error('no');
      },
    });
    const { queue, platform } = setup([job]);
    await queue.start();
    await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('fails with the last error once maxAttempts are spent, emitting failed only then', async () => {
    const job = failing('j', { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 10, jitter: 0 } }, [
      new Error('first'),
      new Error('last'),
    ]);
    const { queue, platform } = setup([job]);
    const failed: string[] = [];
    let retrying = 0;
    queue.on('failed', (_j, error) => failed.push(error.message));
    queue.on('retrying', () => retrying++);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(failed).toEqual(['last']);
    expect(retrying).toBe(1);
    expect(queue.get(snap.id)).toMatchObject({ state: 'failed', attempts: 2, error: { message: 'last' } });
  });

  it('fails at once on PermanentError', async () => {
    const job = failing('j', { maxAttempts: 5 }, [new PermanentError('signed out')]);
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { name: 'PermanentError', code: 'PERMANENT', message: 'signed out' },
    });
  });

  it('retries after exactly the RetryLaterError delay, ignoring backoff and jitter, and spends the attempt', async () => {
    const job = failing('j', { maxAttempts: 3, backoff: { kind: 'fixed', initialDelayMs: 5, jitter: 0.5 } }, [
      new RetryLaterError(60_000),
      'ok',
    ]);
    const { queue, platform, log } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(log).toContain(`60000 started ${snap.id}`);
    expect(queue.get(snap.id)?.attempts).toBe(2);
  });

  it('fails when a RetryLaterError comes on the last attempt', async () => {
    const job = failing('j', { maxAttempts: 1 }, [new RetryLaterError(10)]);
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({ state: 'failed', error: { code: 'RETRY_LATER' } });
  });

  it('uses a function backoff as it is, with the failed attempt number and the error', async () => {
    const calls: Array<[number, string]> = [];
    const job = failing(
      'j',
      {
        maxAttempts: 3,
        backoff: (attempt, error) => {
          calls.push([attempt, (error as Error).message]);
          return attempt * 7_777;
        },
      },
      [new Error('x'), new Error('y'), 'ok'],
    );
    const { queue, platform, log } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(calls).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    expect(log).toContain(`7777 started ${snap.id}`);
    expect(log).toContain(`${7777 + 15554} started ${snap.id}`);
  });

  it('lets enqueue override the retry policy for one job', async () => {
    const job = failing('j', { maxAttempts: 1 }, [new Error('x'), 'ok']);
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null, {
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 1, jitter: 0 } },
    });
    expect(snap.maxAttempts).toBe(2);
    await platform.runUntilIdle();
    expect(queue.get(snap.id)?.state).toBe('succeeded');
  });

  it('jitters the delay with the platform random source, so one seed gives one schedule', async () => {
    const schedule = async (seed: number) => {
      const job = failing(
        'j',
        { maxAttempts: 4, backoff: { kind: 'fixed', initialDelayMs: 10_000, jitter: 0.5 } },
        [new Error('x')],
      );
      const { queue, platform } = setup([job], { platform: { seed } });
      const at: number[] = [];
      queue.on('retrying', (_j, _e, next) => at.push(next));
      await queue.start();
      await queue.enqueue(job, null, { id: 'fixed' });
      await platform.runUntilIdle();
      return at;
    };
    const a = await schedule(7);
    expect(await schedule(7)).toEqual(a);
    expect(await schedule(8)).not.toEqual(a);
    const gaps = a.map((t, i) => t - (i === 0 ? 0 : a[i - 1]!));
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(5_000);
      expect(gap).toBeLessThanOrEqual(15_000);
    }
  });
});

describe('timeouts', () => {
  it('aborts the signal with a TimeoutError and retries the attempt', async () => {
    let reason: unknown;
    let runs = 0;
    const job = defineJob({
      name: 'slow',
      timeoutMs: 1_000,
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 0, jitter: 0 } },
      run: async (_: null, ctx) => {
        runs++;
        if (runs === 2) return 'fast';
        ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason));
        await platform.sleep(5_000);
        return 'late';
      },
    });
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null);
    await platform.runUntilIdle();
    expect(reason).toBeInstanceOf(TimeoutError);
    expect((reason as NightshiftError).code).toBe('TIMEOUT');
    // The first run's late "late" result was discarded.
    expect(queue.get(snap.id)).toMatchObject({ state: 'succeeded', result: 'fast', attempts: 2 });
  });

  it('starts a timed-out job again only once its handler, which ignored the signal, has settled', async () => {
    const started: Array<[string, number]> = [];
    let release = () => {};
    const stubborn = defineJob({
      name: 'stubborn',
      timeoutMs: 1_000,
      retry: { maxAttempts: 2, backoff: { kind: 'fixed', initialDelayMs: 0, jitter: 0 } },
      run: async (p: string, ctx) => {
        started.push([p, platform.now()]);
        if (p === 'a' && ctx.attempt === 1) await new Promise<void>((resolve) => (release = resolve));
        return p;
      },
    });
    const { queue, platform } = setup([stubborn], { concurrency: 1 });
    await queue.start();
    const a = await queue.enqueue(stubborn, 'a');
    const b = await queue.enqueue(stubborn, 'b', { delayMs: 2_000 });
    await platform.advance(10_000);
    // a's retry was due at 1 s, but its first handler still runs: b ran in the freed slot.
    expect(started).toEqual([
      ['a', 0],
      ['b', 2_000],
    ]);
    expect(queue.get(a.id)).toMatchObject({ state: 'enqueued', attempts: 1 });
    release();
    await platform.advance(0);
    expect(started).toEqual([
      ['a', 0],
      ['b', 2_000],
      ['a', 10_000],
    ]);
    expect(queue.get(a.id)).toMatchObject({ state: 'succeeded', result: 'a', attempts: 2 });
    expect(queue.get(b.id)?.state).toBe('succeeded');
  });

  it('frees the slot of a handler that ignores its signal', async () => {
    const started: string[] = [];
    const stubborn = defineJob({
      name: 'stubborn',
      timeoutMs: 100,
      retry: { maxAttempts: 1 },
      run: (p: string) => {
        started.push(p);
        return new Promise(() => {});
      },
    });
    const { queue, platform } = setup([stubborn], { concurrency: 1 });
    await queue.start();
    await queue.enqueue(stubborn, 'a');
    await queue.enqueue(stubborn, 'b');
    await platform.runUntilIdle();
    expect(started).toEqual(['a', 'b']);
    expect(queue.stats().counts.failed).toBe(2);
  });

  it('lets enqueue set the timeout for one job', async () => {
    const job = defineJob({ name: 'j', retry: { maxAttempts: 1 }, run: () => new Promise(() => {}) });
    const { queue, platform } = setup([job]);
    await queue.start();
    const snap = await queue.enqueue(job, null, { timeoutMs: 50 });
    await platform.runUntilIdle();
    expect(queue.get(snap.id)).toMatchObject({ state: 'failed', error: { code: 'TIMEOUT' } });
  });
});
